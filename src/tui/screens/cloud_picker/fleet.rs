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

use chrono::{DateTime, Duration, Utc};

use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Cell;

use super::state::CloudPicker;
use crate::expiry::ExpiryState;
use crate::fleet::{CloudListing, ExpiryCounts, Unlisted};
use crate::tui::model::Model;
use crate::tui::msg::{CloudList, Effect};
use crate::tui::theme::Palette;

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

/// clouds.yaml was read: show the list and check every cloud in it.
pub fn on_cloud_list(model: &mut Model, list: CloudList) -> Vec<Effect> {
    model.clouds.set_list(list);
    start_survey(model)
}

/// A new survey of every listed cloud; answers to an older one are dropped.
pub fn start_survey(model: &mut Model) -> Vec<Effect> {
    let fleet = &mut model.clouds.fleet;
    fleet.survey += 1;
    fleet.rows.clear();
    let clouds: Vec<String> = model.clouds.rows.iter().map(|r| r.name.clone()).collect();
    if clouds.is_empty() {
        return Vec::new();
    }
    for c in &clouds {
        fleet.rows.insert(c.clone(), FleetRow::Checking);
    }
    vec![Effect::SurveyClouds {
        survey: fleet.survey,
        clouds,
        window: model.table.warning,
    }]
}

/// One cloud answered.
pub fn on_answer(model: &mut Model, answer: FleetAnswer) -> Vec<Effect> {
    let fleet = &mut model.clouds.fleet;
    if answer.survey != fleet.survey || !fleet.rows.contains_key(&answer.cloud) {
        return Vec::new();
    }
    fleet.rows.insert(answer.cloud, answer.row);
    Vec::new()
}

/// The Login, Creds, Expired and Expiring cells of a row; empty for a
/// cloud not checked (yet), "-" for counts of a cloud that was not listed.
pub fn cells(row: Option<&FleetRow>, theme: &Palette) -> [Cell<'static>; 4] {
    let Some(row) = row else {
        return std::array::from_fn(|_| Cell::from(""));
    };
    let state_style = match row {
        FleetRow::Checking => theme.muted(),
        FleetRow::Listed(_) => theme.ok(),
        FleetRow::NeedsPrompt { .. } => theme.key(),
        FleetRow::Failed { .. } => theme.danger(),
    };
    let state = Cell::from(row.state_text()).style(state_style);
    let Some(c) = row.counts() else {
        let dash = || Cell::from("-").style(theme.muted());
        return [state, dash(), dash(), dash()];
    };
    let marked = |n: usize, style: Style| {
        Cell::from(n.to_string()).style(if n > 0 { style } else { Style::new() })
    };
    [
        state,
        Cell::from(c.total.to_string()),
        marked(c.expired, theme.expiry(ExpiryState::Expired)),
        marked(c.expiring, theme.expiry(ExpiryState::Soon)),
    ]
}

/// The line under the table: the selected cloud's reason in full (why its
/// login failed, or what it will ask for).
pub fn detail_line(picker: &CloudPicker, theme: &Palette) -> Option<Line<'static>> {
    let row = picker.selected_row()?;
    let state = picker.fleet.row(&row.name)?;
    let reason = state.reason()?;
    let text = match state {
        FleetRow::NeedsPrompt { what, .. } if *what == SSO_LOGIN => format!(
            "{}: its SSO login needs a person (a code to approve or a browser); it starts when \
             you open it (Enter).",
            row.label()
        ),
        FleetRow::NeedsPrompt { what, .. } => {
            format!(
                "{}: asks for the {what} when you open it (Enter).",
                row.label()
            )
        }
        _ => format!("{}: {reason}", row.label()),
    };
    let style = match state {
        FleetRow::Failed { .. } => theme.danger(),
        _ => theme.muted(),
    };
    Some(Line::styled(text, style))
}
