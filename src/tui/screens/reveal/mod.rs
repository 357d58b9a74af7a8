//! The reveal screen, shown once after a credential is created: its id,
//! name, roles and expiry, and the secret (masked until `v`). From here the
//! secret is copied, exported, kept in a store (`store.rs`) or tested;
//! when the user leaves, the secret is dropped (zeroized) and never shown
//! again.
//!
//! The screen contract (../README.md): the state is [`RevealState`] (here),
//! `keys` answers keys and pastes as pure functions, `view` draws, `host`
//! is the model side (building the state from the create's answer, turning
//! outcomes into effects, the exports' and the test's answers). A rotation
//! shows the same screen for its successor (`tui::screens::rotate`).
//!
//! ```ignore
//! let mut reveal = RevealState::new(created, export_info);
//! match reveal::handle_key(&mut reveal, &ctx, key) {     // pure: no I/O
//!     Outcome::None | Outcome::Redraw => {}
//!     Outcome::Copy { what, text } => { /* Effect::CopyToClipboard */ }
//!     Outcome::Export { format, path, cloud_name, merge, allow_in_git } => {
//!         // Effect::WriteExport with reveal.credential(), reveal.secret()
//!     }
//!     Outcome::Store { address } => { /* Effect::WriteStore; `stored` or
//!                                      `store_failed` with its answer */ }
//!     Outcome::Handoff(h) => { /* Effect::WriteHandoff: an export sealed
//!                                with age to h's recipient (handoff.rs) */ }
//!     Outcome::Verify => { /* authenticate with the new id and secret */ }
//!     Outcome::Leave => { /* drop `reveal`; its secret is already gone */ }
//! }
//! reveal::draw(&reveal, &ctx, frame, area);              // pure
//! reveal.set_status("Copied to the system clipboard; cleared in 30 s");
//! reveal.set_error("Export failed: ...");
//! ```

mod handoff;
mod handoff_view;
pub mod host;
mod keys;
mod store;
mod view;

#[cfg(test)]
mod handoff_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod store_pick_tests;
#[cfg(test)]
mod store_tests;
#[cfg(test)]
mod tests;

use std::path::PathBuf;

use tui_input::Input;

use crate::export::ExportFormat;
use crate::keys::KeyContext;
use crate::keystone::{ApplicationCredential, CreatedCredential};
use crate::secret::Secret;
use crate::store::StoreAddress;

pub use handoff::Handoff;
pub use keys::{handle_key, handle_paste};
pub use view::draw;

/// Where the exports point and where they go by default. Nothing secret.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportInfo {
    /// The cloud the user is logged in to (names the clouds.yaml entry).
    pub cloud_name: String,
    pub auth_url: String,
    pub region_name: Option<String>,
    pub interface: String,
    pub cacert: Option<PathBuf>,
    /// The clouds.yaml appcred read the cloud from, if any: the default
    /// target for a clouds.yaml export (merged in).
    pub clouds_file: Option<PathBuf>,
    /// The user's home, for `~/.config/openstack/clouds.yaml` and `~/`.
    pub home: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyWhat {
    Secret,
    Id,
}

/// What a key did, for the owner.
pub enum Outcome {
    None,
    Redraw,
    /// Copy `text` to the clipboard (an id travels as a Secret too, so one
    /// effect carries both).
    Copy {
        what: CopyWhat,
        text: Secret,
    },
    /// Write an export of this credential and its secret to `path`.
    Export {
        format: ExportFormat,
        path: PathBuf,
        /// The clouds.yaml entry's name (clouds format only).
        cloud_name: Option<String>,
        /// Merge into an existing clouds.yaml (clouds format only).
        merge: bool,
        /// The path was shown to be in a git work tree and typed again.
        allow_in_git: bool,
    },
    /// Keep this credential and its secret in the store at `address`.
    Store {
        address: StoreAddress,
    },
    /// Seal an export to a recipient and write it (a hand-off).
    Handoff(Handoff),
    /// Authenticate with the new credential and report.
    Verify,
    /// The user confirmed leaving; the secret is already dropped.
    Leave,
}

impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::None => f.write_str("None"),
            Outcome::Redraw => f.write_str("Redraw"),
            Outcome::Copy { what, .. } => write!(f, "Copy({what:?}, [REDACTED])"),
            Outcome::Export { format, path, .. } => write!(f, "Export({format:?}, {path:?})"),
            Outcome::Store { address } => write!(f, "Store({address})"),
            Outcome::Handoff(h) => write!(f, "Handoff({h:?})"),
            Outcome::Verify => f.write_str("Verify"),
            Outcome::Leave => f.write_str("Leave"),
        }
    }
}

/// An export path being typed.
#[derive(Debug)]
struct ExportPrompt {
    format: ExportFormat,
    path: Input,
    /// The clouds.yaml entry name (clouds format only).
    entry: Input,
    on_entry: bool,
}

#[derive(Debug)]
enum Mode {
    Normal,
    Prompt(ExportPrompt),
    /// A store address being typed.
    Store(Input),
    /// A store being picked from config.toml's (`store.rs`): the
    /// highlighted row.
    StorePick(usize),
    /// A hand-off: its recipient, format and file being chosen.
    Handoff(handoff::Pick),
    ConfirmLeave,
}

pub struct RevealState {
    credential: ApplicationCredential,
    /// None once the user has left.
    secret: Option<Secret>,
    export: ExportInfo,
    shown: bool,
    mode: Mode,
    status: Option<String>,
    error: Option<String>,
    /// Where openrc and JSON exports go by default (config.toml's
    /// `export_dir`); `None`: the current directory.
    export_dir: Option<PathBuf>,
    /// A path the runner found inside a git work tree (not ignored), and
    /// the tree: the prompt says so, and writing there needs that path
    /// submitted again.
    git_warning: Option<(PathBuf, PathBuf)>,
    /// Where the store key keeps the secret (config.toml's `default_store`).
    default_store: Option<StoreAddress>,
    /// A store failed: the store key asks for an address from then on
    /// (with `[stores]` it opens the list anyway).
    store_refused: bool,
    /// config.toml's `[stores]`: name -> address (the store key's list).
    stores: std::collections::BTreeMap<String, StoreAddress>,
    /// config.toml's `[recipients]`: name -> key or file (the hand-off key).
    recipients: std::collections::BTreeMap<String, String>,
}

impl std::fmt::Debug for RevealState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevealState")
            .field("id", &self.credential.id)
            .field("secret", &self.secret.as_ref().map(|_| "[REDACTED]"))
            .field("shown", &self.shown)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl RevealState {
    pub fn new(created: CreatedCredential, export: ExportInfo) -> Self {
        RevealState {
            credential: created.credential,
            secret: Some(created.secret),
            export,
            shown: false,
            mode: Mode::Normal,
            status: None,
            error: None,
            export_dir: None,
            git_warning: None,
            default_store: None,
            store_refused: false,
            stores: Default::default(),
            recipients: Default::default(),
        }
    }

    /// Offers `dir` (config.toml's `export_dir`) as the export folder.
    pub fn with_export_dir(mut self, dir: Option<PathBuf>) -> Self {
        self.export_dir = dir;
        self
    }

    pub fn credential(&self) -> &ApplicationCredential {
        &self.credential
    }

    /// The secret, until the user leaves.
    pub fn secret(&self) -> Option<&Secret> {
        self.secret.as_ref()
    }

    pub fn export_info(&self) -> &ExportInfo {
        &self.export
    }

    pub fn is_shown(&self) -> bool {
        self.shown
    }

    pub fn is_confirming_leave(&self) -> bool {
        matches!(self.mode, Mode::ConfirmLeave)
    }

    /// A result to show (copied, exported, verified).
    pub fn set_status(&mut self, text: impl Into<String>) {
        self.status = Some(text.into());
        self.error = None;
    }

    /// A failure to show.
    pub fn set_error(&mut self, text: impl Into<String>) {
        self.error = Some(text.into());
        self.status = None;
    }

    /// The export or store prompt has the keyboard: `?` is a character
    /// there.
    pub fn typing(&self) -> bool {
        match &self.mode {
            Mode::Prompt(_) | Mode::Store(_) => true,
            Mode::Handoff(pick) => pick.typing(),
            Mode::Normal | Mode::StorePick(_) | Mode::ConfirmLeave => false,
        }
    }

    /// The key table of what has the keyboard now.
    pub fn key_context(&self) -> KeyContext {
        match self.mode {
            Mode::Normal => KeyContext::Reveal,
            // The store prompt takes the export prompt's keys (Enter, Esc).
            Mode::Prompt(_) | Mode::Store(_) => KeyContext::RevealExport,
            Mode::Handoff(ref pick) => pick.key_context(),
            // The store list takes the hand-off list's keys.
            Mode::StorePick(_) => KeyContext::RevealPick,
            Mode::ConfirmLeave => KeyContext::RevealLeave,
        }
    }

    /// The suggested target for an export: the format's file (the export
    /// table's `file_name`) in the export folder (config.toml's
    /// `export_dir`, else the current one); a clouds.yaml entry merged into
    /// the clouds.yaml appcred read, because that is where the tools will
    /// look for it, else `clouds.yaml` in the export folder, else the
    /// user's own.
    pub fn default_path(&self, format: ExportFormat) -> PathBuf {
        let output = format.output();
        let file = output
            .file_name
            .replace("{name}", &file_safe(&self.credential.name));
        let in_dir = |file: String| match &self.export_dir {
            Some(dir) => dir.join(file),
            None => PathBuf::from(format!("./{file}")),
        };
        if !output.merges {
            return in_dir(file);
        }
        match (
            &self.export.clouds_file,
            &self.export_dir,
            &self.export.home,
        ) {
            (Some(merge_into), _, _) => merge_into.clone(),
            (None, Some(_), _) | (None, None, None) => in_dir(file),
            (None, None, Some(home)) => home.join(".config/openstack").join(file),
        }
    }

    /// The runner refused `path`: it is in the git work tree `root` where
    /// `git status` would show the secret file. The prompt opens again on
    /// the export folder (or `~`) instead, saying why; submitting `path`
    /// again writes it there after all.
    pub fn export_in_git_tree(&mut self, format: ExportFormat, path: PathBuf, root: PathBuf) {
        let file = path.file_name().map(PathBuf::from).unwrap_or_default();
        let instead = match (&self.export_dir, &self.export.home) {
            (Some(dir), _) if !dir.starts_with(&root) => dir.join(&file),
            (_, Some(home)) => home.join(&file),
            _ => path.clone(),
        };
        self.open_prompt(format);
        if let Mode::Prompt(prompt) = &mut self.mode {
            prompt.path = Input::new(instead.display().to_string());
        }
        self.status = None;
        self.error = Some(format!(
            "Not written: {} is inside the git work tree {} and not ignored, so `git status` \
             would show the secret file. Enter writes to {} instead; type the first path \
             again to write there anyway (or set export_dir in config.toml).",
            path.display(),
            root.display(),
            instead.display()
        ));
        self.git_warning = Some((path, root));
    }

    fn open_prompt(&mut self, format: ExportFormat) -> Outcome {
        // The prompt is a new action: an earlier copy's or export's result
        // would read as if it were about this one.
        self.status = None;
        self.error = None;
        let path = self.default_path(format).display().to_string();
        let entry = format!("{}-{}", self.export.cloud_name, self.credential.name);
        self.mode = Mode::Prompt(ExportPrompt {
            format,
            path: Input::new(path),
            entry: Input::new(entry),
            on_entry: false,
        });
        Outcome::Redraw
    }
}

/// Keeps a credential name usable in a file name.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}
