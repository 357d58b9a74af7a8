//! The fleet: every cloud of a clouds.yaml at once. Each cloud is logged in
//! to and listed on its own (a few at a time), and each answers for itself:
//! listed, needs a prompt (never asked here: nobody is there to answer for
//! ten clouds at once), or failed with the reason. Shared by
//! `appcred list --all-clouds`, `-f prometheus` and the TUI's fleet view.

mod counts;
mod probe;
mod prometheus;
mod survey;

pub use counts::ExpiryCounts;
pub use probe::refused_at_once;
pub use prometheus::{PROMETHEUS_FIRST_LINE, render_prometheus};
pub use survey::{
    CONCURRENCY, CloudFiles, CloudListing, DEFAULT_CLOUD_DEADLINE, FleetOptions, Unlisted,
    list_cloud, list_clouds, read_cloud_files,
};
