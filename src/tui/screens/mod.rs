//! One folder per screen, each with its state, its keys and its drawing:
//! the main view, the creation wizard, the secret's reveal screen, the
//! rotation, the admin audit and the cloud picker.

pub mod audit;
pub mod cloud_picker;
pub mod device_code;
pub mod main;
pub mod reveal;
pub mod rotate;
pub mod wizard;
