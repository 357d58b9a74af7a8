//! The cloud picker's state: the clouds from clouds.yaml (and the `OS_*`
//! environment), which one the person is logging in to, and the fleet
//! view's survey.
//!
//! The fleet view inside the cloud picker: every cloud is logged in to in
//! the background (a few at a time, never prompting) and its row fills in
//! with its credential count, how many are expired or expiring, and how the
//! login went. A cloud whose login needs a password or passcode, or a person
//! at the identity provider (an SSO device code or browser login), is only
//! logged in to when chosen (Enter), as before.
//!
//! Each cloud answers on its own ([`FleetAnswer`]); an answer from an older
//! survey (the list was reloaded meanwhile) is dropped, and one row's
//! failure touches no other row.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};

use crate::config::{CloudConfig, CloudSummary};
use crate::fleet::{CloudListing, ExpiryCounts, Unlisted};

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
    pub fleet: FleetView,
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

/// One cloud's login state in the fleet view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FleetRow {
    /// Logging in and listing.
    Checking,
    Listed(ExpiryCounts),
    /// Needs a password or passcode: logged in to only when chosen.
    NeedsPrompt {
        what: &'static str,
        reason: String,
    },
    Failed {
        reason: String,
    },
}

impl FleetRow {
    /// The answer for one cloud, counted by the expiry window at `now`.
    pub fn from_listing(listing: &CloudListing, now: DateTime<Utc>, window: Duration) -> Self {
        match &listing.outcome {
            Ok(creds) => FleetRow::Listed(ExpiryCounts::of(creds, now, window)),
            Err(Unlisted::NeedsPrompt { reason }) => FleetRow::NeedsPrompt {
                what: asked_for(reason),
                reason: reason.clone(),
            },
            Err(Unlisted::Failed { reason, .. }) => FleetRow::Failed {
                reason: reason.clone(),
            },
        }
    }

    /// The Login column: short, the reason is on the detail line.
    pub fn state_text(&self) -> String {
        match self {
            FleetRow::Checking => "checking…".to_string(),
            FleetRow::Listed(_) => "ok".to_string(),
            FleetRow::NeedsPrompt { what, .. } if *what == SSO_LOGIN => "needs a person".into(),
            FleetRow::NeedsPrompt { what, .. } => format!("needs a {what}"),
            FleetRow::Failed { .. } => "failed".to_string(),
        }
    }

    /// The full reason for the detail line under the table.
    pub fn reason(&self) -> Option<&str> {
        match self {
            FleetRow::NeedsPrompt { reason, .. } | FleetRow::Failed { reason } => Some(reason),
            FleetRow::Checking | FleetRow::Listed(_) => None,
        }
    }

    pub fn counts(&self) -> Option<ExpiryCounts> {
        match self {
            FleetRow::Listed(c) => Some(*c),
            _ => None,
        }
    }
}

/// What a [`FleetRow::NeedsPrompt`] waits for when the login is an SSO one:
/// a device code to approve, or a browser login.
pub const SSO_LOGIN: &str = "SSO login";

/// What a login that needs a person asks for, from its reason (the
/// `what` of Keystone's `MissingSecret`: "password", "TOTP passcode",
/// "device-code approval", "browser login").
fn asked_for(reason: &str) -> &'static str {
    if reason.contains("device-code approval") || reason.contains("browser login") {
        SSO_LOGIN
    } else if reason.contains("passcode") {
        "passcode"
    } else {
        "password"
    }
}

/// One cloud's answer to a survey, as the effect runner sends it.
#[derive(Debug, Clone)]
pub struct FleetAnswer {
    /// The survey it belongs to ([`FleetView::survey`]).
    pub survey: u64,
    pub cloud: String,
    pub row: FleetRow,
}

/// The survey's state: which one is current, and each cloud's row.
#[derive(Debug, Clone, Default)]
pub struct FleetView {
    pub survey: u64,
    /// By cloud name; a cloud without an entry was never checked.
    pub rows: BTreeMap<String, FleetRow>,
}

impl FleetView {
    pub fn row(&self, cloud: &str) -> Option<&FleetRow> {
        self.rows.get(cloud)
    }

    pub fn checking(&self) -> bool {
        self.rows.values().any(|r| *r == FleetRow::Checking)
    }
}

/// The clouds the picker offers.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CloudList {
    pub clouds: Vec<CloudSummary>,
    /// The name under which `clouds` lists the cloud the `OS_*` variables
    /// make (`envvars` unless `OS_CLOUD_NAME` says otherwise).
    pub environment_name: Option<String>,
    /// Where clouds.yaml was looked for, in order: the first-run screen
    /// shows it when nothing was found.
    pub searched: Vec<PathBuf>,
}

/// Which cloud to log in to.
#[derive(Debug, Clone, PartialEq)]
pub enum CloudChoice {
    /// A picker entry (clouds.yaml, or the `OS_*` cloud by its name),
    /// resolved by the runner because that reads files.
    Named(String),
    /// Already resolved by the caller (`appcred --os-cloud x`).
    Resolved(Box<CloudConfig>),
}
