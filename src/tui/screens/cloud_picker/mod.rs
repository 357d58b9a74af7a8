//! The cloud picker: every cloud in clouds.yaml (and the `OS_*`
//! environment) to log in to, and the fleet view's state of each (fleet.rs).
//! State, keys and drawing, one file each.

mod first_run;
mod fleet;
#[cfg(test)]
mod fleet_tests;
mod state;
mod update;
mod view;

pub use fleet::{FleetAnswer, FleetRow, FleetView, on_answer, on_cloud_list, start_survey};
pub use state::CloudPicker;
pub use update::{load, on_key, open_cloud_picker};
pub use view::draw;
