//! The cloud picker's state: the clouds from clouds.yaml (and the `OS_*`
//! environment), and which one the person is logging in to.

use crate::config::CloudSummary;
use crate::tui::msg::{CloudChoice, CloudList};

/// What the picker shows for the `OS_*` variables.
pub const ENVIRONMENT_LABEL: &str = "environment";

/// One line of the picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudRow {
    pub name: String,
    pub auth_url: Option<String>,
    pub username: Option<String>,
    pub auth_type: String,
    /// The `OS_*` variables rather than a clouds.yaml entry.
    pub from_environment: bool,
}

impl CloudRow {
    pub fn choice(&self) -> CloudChoice {
        CloudChoice::Named(self.name.clone())
    }

    /// The name the picker shows: "environment" for the `OS_*` cloud.
    pub fn label(&self) -> &str {
        if self.from_environment {
            ENVIRONMENT_LABEL
        } else {
            &self.name
        }
    }
}

impl From<CloudSummary> for CloudRow {
    fn from(summary: CloudSummary) -> Self {
        CloudRow {
            name: summary.name,
            auth_url: summary.auth_url,
            username: summary.username,
            auth_type: summary.auth_type,
            from_environment: false,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct CloudPicker {
    pub rows: Vec<CloudRow>,
    pub selected: usize,
    /// clouds.yaml is being read.
    pub loading: bool,
    /// Read at least once (so an empty list means "none", not "not yet").
    pub loaded: bool,
    /// The cloud a login is under way for.
    pub logging_in: Option<String>,
    /// Where clouds.yaml was looked for (the first-run screen lists it).
    pub searched: Vec<std::path::PathBuf>,
    /// Each cloud's background login and counts.
    pub fleet: super::fleet::FleetView,
}

impl CloudPicker {
    pub fn set_list(&mut self, list: CloudList) {
        let environment = list.environment_name;
        self.searched = list.searched;
        self.rows = list
            .clouds
            .into_iter()
            .map(|summary| {
                // config lists the `OS_*` cloud last, under its own name and
                // without a source file.
                let from_environment = summary.source_file.is_none()
                    && environment.as_deref() == Some(summary.name.as_str());
                CloudRow {
                    from_environment,
                    ..CloudRow::from(summary)
                }
            })
            .collect();
        self.loading = false;
        self.loaded = true;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_row(&self) -> Option<&CloudRow> {
        self.rows.get(self.selected)
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }
}
