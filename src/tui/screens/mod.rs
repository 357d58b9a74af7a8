//! One folder per screen: the main view, the creation wizard, the secret's
//! reveal screen, the rotation, the admin audit, the cloud picker and the
//! device-code login. Every folder keeps the same contract (`state.rs`,
//! pure `keys.rs`, `view.rs`, `host.rs` for the model side): see
//! README.md in this folder, which also lists every place a new screen is
//! registered.

pub mod audit;
pub mod cloud_picker;
pub mod device_code;
pub mod main;
pub mod reveal;
pub mod rotate;
pub mod wizard;
