//! The key tables of the secret screen, the rotation, the audit, and the
//! popups and fields that take the keyboard (the wizard's are in
//! `wizard.rs`, the rows both share in `common.rs`).

use crossterm::event::KeyCode;

use super::common::{DOWN, HELP, HELP_TYPING, UP};
use super::{Action, Binding, Key, KeyContext, bind, code, hinted, key};
use crate::export::{DESTINATIONS, OUTPUTS};

const REVEAL_COPY: &[Binding] = &[
    hinted(
        &[key('v')],
        Action::ShowSecret,
        "show or hide the secret",
        "show/hide",
    ),
    hinted(
        &[key('y')],
        Action::CopySecret,
        "copy the secret",
        "copy secret",
    ),
    hinted(&[key('i')], Action::CopyId, "copy the id", "copy id"),
];

/// The secret screen's keys after the exports.
const REVEAL_REST: &[Binding] = &[
    hinted(
        &[key('t')],
        Action::Verify,
        "log in with the new credential",
        "test it",
    ),
    hinted(
        &[key('q'), code(KeyCode::Esc), code(KeyCode::Enter)],
        Action::Back,
        "leave (asks first: the secret is never shown again)",
        "leave",
    ),
    HELP,
];

/// One key per export format: its default key from the export table. A
/// static, so the bindings below can point into it.
static EXPORT_KEYS: [[Key; 1]; OUTPUTS.len()] = {
    let mut keys = [[key(' ')]; OUTPUTS.len()];
    let mut i = 0;
    while i < OUTPUTS.len() {
        keys[i] = [key(OUTPUTS[i].screen.key)];
        i += 1;
    }
    keys
};

/// One key per other destination (a store): its default key from
/// `crate::export::DESTINATIONS`.
static DESTINATION_KEYS: [[Key; 1]; DESTINATIONS.len()] = {
    let mut keys = [[key(' ')]; DESTINATIONS.len()];
    let mut i = 0;
    while i < DESTINATIONS.len() {
        keys[i] = [key(DESTINATIONS[i].screen.key)];
        i += 1;
    }
    keys
};

/// The secret screen: copy, then one export per row of the export table
/// (`crate::export::OUTPUTS`, which gives key and words), then one key per
/// other destination (`DESTINATIONS`: a store), then the rest.
const REVEAL: &[Binding] = &{
    const FILES: usize = REVEAL_COPY.len() + OUTPUTS.len();
    const N: usize = FILES + DESTINATIONS.len() + REVEAL_REST.len();
    let mut table = [REVEAL_COPY[0]; N];
    let mut i = 0;
    while i < N {
        table[i] = if i < REVEAL_COPY.len() {
            REVEAL_COPY[i]
        } else if i - REVEAL_COPY.len() < OUTPUTS.len() {
            let e = i - REVEAL_COPY.len();
            let s = &OUTPUTS[e].screen;
            hinted(
                &EXPORT_KEYS[e],
                Action::Export(OUTPUTS[e].format),
                s.help,
                s.hint,
            )
        } else if i - FILES < DESTINATIONS.len() {
            let d = &DESTINATIONS[i - FILES];
            hinted(
                &DESTINATION_KEYS[i - FILES],
                Action::Destination(d.kind),
                d.screen.help,
                d.screen.hint,
            )
        } else {
            REVEAL_REST[i - FILES - DESTINATIONS.len()]
        };
        i += 1;
    }
    table
};

const REVEAL_LEAVE: &[Binding] = &[
    hinted(
        &[key('y'), key('Y')],
        Action::Confirm,
        "leave; the secret is dropped",
        "leave",
    ),
    hinted(
        &[key('n'), key('N'), code(KeyCode::Esc)],
        Action::Back,
        "stay on the secret",
        "stay",
    ),
];

const REVEAL_EXPORT: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "write it: the file, the store entry or the sealed file",
        "write",
    ),
    hinted(
        &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        Action::NextField,
        "file or clouds.yaml entry name (clouds.yaml only)",
        "file/entry",
    ),
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "cancel the export",
        "cancel",
    ),
    HELP_TYPING,
];

/// The hand-off's lists: a recipient from config.toml's `[recipients]`,
/// then the export format to seal.
const REVEAL_PICK: &[Binding] = &[
    UP,
    DOWN,
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "take the highlighted recipient or format",
        "take it",
    ),
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "back a step (from the recipients: cancel the hand-off)",
        "back",
    ),
    HELP,
];

const ROTATE: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "create the new credential (not when roles are dropped)",
        "create",
    ),
    hinted(
        &[key('y')],
        Action::Agree,
        "create it, agreeing to drop the roles it cannot keep",
        "create without the dropped roles",
    ),
    hinted(
        &[key('e')],
        Action::EditExpiry,
        "change the successor's expiry",
        "change the expiry",
    ),
    hinted(
        &[code(KeyCode::Esc), key('n'), key('q')],
        Action::Back,
        "cancel the rotation",
        "cancel",
    ),
    HELP,
];

const ROTATE_EXPIRY: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "take the typed expiry (2w, 90d, a date, never)",
        "take the expiry",
    ),
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "keep the planned expiry",
        "keep the planned one",
    ),
    HELP_TYPING,
];

const UPDATE_CLOUDS: &[Binding] = &[
    hinted(
        &[key('y'), code(KeyCode::Enter)],
        Action::Confirm,
        "update the clouds.yaml entries, then log in with each",
        "update",
    ),
    hinted(
        &[key('n'), code(KeyCode::Esc)],
        Action::Back,
        "leave them on the old credential",
        "leave them",
    ),
];

const RETIRE: &[Binding] = &[
    hinted(
        &[key('d')],
        Action::Delete,
        "delete the old credential (once the new one works)",
        "delete the old one now",
    ),
    hinted(
        &[key('k'), code(KeyCode::Esc)],
        Action::Back,
        "keep both",
        "keep both",
    ),
];

const AUDIT_BACK: Binding = hinted(
    &[code(KeyCode::Esc), key('q')],
    Action::Back,
    "back to the main view",
    "back",
);

const AUDIT_ASK: &[Binding] = &[
    hinted(
        &[
            code(KeyCode::Tab),
            code(KeyCode::BackTab),
            code(KeyCode::Left),
            code(KeyCode::Right),
        ],
        Action::NextField,
        "audit the project or the domain",
        "project / domain",
    ),
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "start the audit",
        "audit",
    ),
    AUDIT_BACK,
    HELP,
];

const AUDIT_RUNNING: &[Binding] = &[
    hinted(
        &[code(KeyCode::Esc), key('q')],
        Action::Back,
        "back to the main view (the running audit is dropped)",
        "stop waiting",
    ),
    HELP,
];

const AUDIT_RESULTS: &[Binding] = &[
    UP,
    hinted(
        &[code(KeyCode::Down), key('j')],
        Action::Down,
        "move down",
        "scroll",
    ),
    bind(&[code(KeyCode::PageUp)], Action::PageUp, "page up"),
    bind(&[code(KeyCode::PageDown)], Action::PageDown, "page down"),
    bind(&[key('g'), code(KeyCode::Home)], Action::Top, "first row"),
    bind(&[key('G'), code(KeyCode::End)], Action::Bottom, "last row"),
    hinted(&[key('r')], Action::Refresh, "audit again", "audit again"),
    AUDIT_BACK,
    HELP,
];

const PASSWORD_PROMPT: &[Binding] = &[
    hinted(&[code(KeyCode::Enter)], Action::Confirm, "send", "send"),
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "cancel (the login fails)",
        "cancel",
    ),
];

// Hinted: while a filter is typed, the table's hint bar names these (every
// other key is a character of the filter).
const FILTER: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "keep the filter",
        "keep the filter",
    ),
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "drop the filter",
        "drop it",
    ),
    bind(&[code(KeyCode::Up)], Action::Up, "move up"),
    hinted(&[code(KeyCode::Down)], Action::Down, "move down", "move"),
];

const INFO_POPUP: &[Binding] = &[hinted(
    &[code(KeyCode::Esc), code(KeyCode::Enter)],
    Action::Back,
    "close",
    "close",
)];

const DEVICE_CODE: &[Binding] = &[
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "cancel the login",
        "cancel the login",
    ),
    HELP,
];

/// The table of a context this file holds, if it is one of them.
pub(super) fn table(context: KeyContext) -> Option<&'static [Binding]> {
    Some(match context {
        KeyContext::Reveal => REVEAL,
        KeyContext::RevealLeave => REVEAL_LEAVE,
        KeyContext::RevealExport => REVEAL_EXPORT,
        KeyContext::RevealPick => REVEAL_PICK,
        KeyContext::Rotate => ROTATE,
        KeyContext::RotateExpiry => ROTATE_EXPIRY,
        KeyContext::UpdateClouds => UPDATE_CLOUDS,
        KeyContext::Retire => RETIRE,
        KeyContext::AuditAsk => AUDIT_ASK,
        KeyContext::AuditRunning => AUDIT_RUNNING,
        KeyContext::AuditResults => AUDIT_RESULTS,
        KeyContext::PasswordPrompt => PASSWORD_PROMPT,
        KeyContext::Filter => FILTER,
        KeyContext::InfoPopup => INFO_POPUP,
        KeyContext::DeviceCode => DEVICE_CODE,
        _ => return None,
    })
}
