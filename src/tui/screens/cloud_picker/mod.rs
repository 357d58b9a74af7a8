//! The cloud picker: every cloud in clouds.yaml (and the `OS_*`
//! environment) to log in to. State, keys and drawing, one file each.

mod first_run;
mod state;
mod update;
mod view;

pub use state::CloudPicker;
pub use update::{load, on_key, open_cloud_picker};
pub use view::draw;
