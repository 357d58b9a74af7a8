//! The cloud picker: every cloud in clouds.yaml (and the `OS_*`
//! environment) to log in to, and the fleet view's state of each (fleet.rs).
//! State, keys and drawing, one file each.

mod first_run;
#[cfg(test)]
mod fleet_tests;
pub mod host;
mod state;
mod view;

pub use state::{CloudChoice, CloudList, CloudPicker, FleetAnswer, FleetRow, FleetView};
pub use view::draw;
