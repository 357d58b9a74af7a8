//! The cloud picker: every cloud in clouds.yaml (and the `OS_*`
//! environment) to log in to, and the fleet view's state of each. `state`
//! (the list and the fleet survey), `host` (its keys, opening it, the
//! survey's requests and answers: all on the model), `view` and
//! `first_run` (the screen when no cloud is found).

mod first_run;
#[cfg(test)]
mod fleet_tests;
pub mod host;
mod state;
mod view;

pub use state::{CloudChoice, CloudList, CloudPicker, FleetAnswer, FleetRow, FleetView};
pub use view::draw;
