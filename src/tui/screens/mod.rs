//! One folder per screen, each with its state, its keys and its drawing:
//! the creation wizard, the secret's reveal screen, the rotation
//! confirmation, the admin audit and the cloud picker. The main view is
//! still drawn from `tui::view` and handled in `tui::update`.

pub mod audit;
pub mod cloud_picker;
pub mod device_code;
pub mod reveal;
pub mod rotate;
pub mod wizard;
