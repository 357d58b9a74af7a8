//! What happened ([`Msg`]) and what to do about it ([`Effect`]). `update`
//! turns the first into the second; the effect runner turns effects into
//! replies, which come back as messages. Nothing here does any work.
//!
//! Neither type derives `Debug`: some variants carry a [`Secret`], and a
//! derived `Debug` on a holder is how secrets end up in logs. Use
//! [`Effect::name`] to log or assert which effect it is.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use crossterm::event::{KeyEvent, MouseEvent};
use tokio::sync::oneshot;

use crate::export::ExportFormat;
use crate::keystone::{
    ApplicationCredential, CreatedCredential, Domain, HeldRole, NewApplicationCredential, Project,
    ScopeRequest, TokenInfo, VerifyReport,
};
use crate::secret::Secret;
pub use crate::tui::error_report::ErrorReport;
pub use crate::tui::popups::PromptFor;
pub use crate::tui::screens::cloud_picker::{CloudChoice, CloudList};
pub use crate::tui::screens::reveal::{CopyWhat, ExportInfo};

/// Which request a reply answers (`request`), and which scope it belongs to
/// (`generation`: bumped on every login and rescope, so a reply for a scope
/// the user already left can be recognised and dropped).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag {
    pub request: u64,
    pub generation: u64,
}

/// Who we are logged in as and where: what the status bar and the scope pane
/// need from a session, without the session (and its token) itself.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionInfo {
    pub cloud: String,
    pub user_id: String,
    pub token: TokenInfo,
    /// What the reveal screen's exports need to know about the cloud.
    pub export: ExportInfo,
}

/// The scopes the user may switch to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScopeChoices {
    pub projects: Vec<Project>,
    pub domains: Vec<Domain>,
    pub system: bool,
}

/// An export the user asked for from the reveal screen. The runner adds
/// what the session's cloud says (auth URL, region, TLS).
pub struct ExportRequest {
    pub format: ExportFormat,
    pub path: PathBuf,
    pub credential: ApplicationCredential,
    pub secret: Secret,
    /// The entry's name in clouds.yaml.
    pub cloud_name: Option<String>,
    /// Merge into an existing clouds.yaml instead of refusing to overwrite.
    pub merge: bool,
    /// The person saw that the path is in a git work tree and chose it anyway.
    pub allow_in_git: bool,
}

/// A store the user asked for from the reveal screen: this credential and
/// its secret kept at `address`. The runner adds the session's cloud.
pub struct StoreRequest {
    pub address: crate::store::StoreAddress,
    pub credential: ApplicationCredential,
    pub secret: Secret,
}

/// A hand-off the user asked for from the reveal screen: the export of
/// this credential sealed with age to one recipient and written to a
/// file. The runner adds the session's cloud.
pub struct HandoffRequest {
    pub handoff: crate::tui::screens::reveal::Handoff,
    pub credential: ApplicationCredential,
    pub secret: Secret,
}

/// The answer to one effect.
pub enum Reply {
    Clouds(Result<CloudList, ErrorReport>),
    LoggedIn(Result<SessionInfo, ErrorReport>),
    Credentials(Result<Vec<ApplicationCredential>, ErrorReport>),
    Scopes(Result<ScopeChoices, ErrorReport>),
    Roles(Result<Vec<HeldRole>, ErrorReport>),
    /// Where a federated user's roles on the project come from (the wizard).
    RoleSource(Result<crate::keystone::federated::RoleSource, ErrorReport>),
    Rescoped(Result<SessionInfo, ErrorReport>),
    Created(Result<CreatedCredential, ErrorReport>),
    Deleted {
        id: String,
        result: Result<(), ErrorReport>,
    },
    /// Says where it went ("the system clipboard").
    Copied {
        what: CopyWhat,
        result: Result<String, ErrorReport>,
    },
    /// A copied secret was cleared from the clipboard again (or why not).
    ClipboardCleared(Result<String, ErrorReport>),
    Exported(Result<PathBuf, ErrorReport>),
    /// The store at `address` (as asked) took the secret: its canonical
    /// address; or why not.
    Stored {
        address: String,
        result: Result<String, crate::store::StoreError>,
    },
    /// The hand-off for `recipient` (its name) was written: the file; or
    /// why not (nothing written).
    HandedOff {
        recipient: String,
        result: Result<PathBuf, ErrorReport>,
    },
    /// Where appcred put each credential, read again after the list, an
    /// export and a rotation's update (`crate::held`).
    Held(crate::held::Ledger),
    /// Not written: `path` is inside the git work tree `root`, not ignored.
    ExportInGitTree {
        format: ExportFormat,
        path: PathBuf,
        root: PathBuf,
    },
    Verified(Result<VerifyReport, ErrorReport>),
    /// The clouds.yaml appcred read, and its entries that use a rotated
    /// credential's old id.
    /// And the consumer files beside it and in `export_dir` that use it.
    CloudEntries(Result<crate::tui::screens::rotate::Consumers, ErrorReport>),
    /// The entries were updated: what happened, a line each.
    /// The report lines, and whether every updated entry authenticates.
    CloudsUpdated(Result<(Vec<String>, bool), ErrorReport>),
    /// The audit read another user's credentials (several per request).
    AuditProgress(crate::audit::Progress),
    Audited(Result<crate::audit::Found, ErrorReport>),
}

/// Something that happened.
// A reply is large (a token's catalog) but a message lives for one update;
// boxing would only add an allocation per reply.
#[allow(clippy::large_enum_variant)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize(u16, u16),
    /// Text pasted into the terminal, in one piece (bracketed paste).
    Paste(String),
    /// The clock moved on: spinners turn, relative times and timers update.
    Tick(DateTime<Utc>),
    Reply {
        tag: Tag,
        /// The session's request counter after the call, when known.
        requests_sent: Option<u64>,
        reply: Reply,
    },
    /// The Keystone client needs a password or passcode; send the answer
    /// (None: the person cancelled) through `answer`.
    PromptNeeded {
        prompt: PromptFor,
        answer: oneshot::Sender<Option<Secret>>,
    },
    /// A login in progress has something to show (a device code).
    LoginNotice(crate::keystone::LoginNotice),
    /// SIGTERM, SIGHUP, or the terminal went away.
    /// One cloud of the fleet view answered (cloud picker).
    Fleet(crate::tui::screens::cloud_picker::FleetAnswer),
    Quit,
}

/// Something to do. Every effect that talks to Keystone carries a [`Tag`].
pub enum Effect {
    ListClouds {
        tag: Tag,
    },
    Login {
        tag: Tag,
        cloud: CloudChoice,
    },
    LoadCredentials {
        tag: Tag,
        user_id: String,
    },
    LoadScopes {
        tag: Tag,
    },
    LoadRoles {
        tag: Tag,
    },
    /// Ask Keystone where a federated user's roles come from (direct or
    /// only the identity provider's groups), for the wizard's warning.
    LoadRoleSource {
        tag: Tag,
    },
    Rescope {
        tag: Tag,
        scope: ScopeRequest,
    },
    Create {
        tag: Tag,
        request: NewApplicationCredential,
    },
    Delete {
        tag: Tag,
        user_id: String,
        id: String,
    },
    /// Copy, then clear the clipboard again after a while if it still
    /// holds the text.
    CopyToClipboard {
        tag: Tag,
        what: CopyWhat,
        text: Secret,
    },
    /// Log in with a new credential to prove it works.
    Verify {
        tag: Tag,
        id: String,
        secret: Secret,
    },
    WriteExport {
        tag: Tag,
        export: Box<ExportRequest>,
    },
    /// Keep the new credential in a store (`crate::store::write`).
    WriteStore {
        tag: Tag,
        store: Box<StoreRequest>,
    },
    /// Seal an export to a recipient and write it (`crate::handoff`).
    WriteHandoff {
        tag: Tag,
        handoff: Box<HandoffRequest>,
    },
    /// The admin audit of a project or domain (`crate::audit::collect`),
    /// answering with progress, then the result.
    Audit {
        tag: Tag,
        target: crate::audit::Target,
    },
    /// Find the clouds.yaml entries that use `old_id` (a rotation), and
    /// the consumer files beside it and in `export_dir`.
    FindCloudEntries {
        tag: Tag,
        old_id: String,
        export_dir: Option<PathBuf>,
    },
    /// Point `entries` at the new credential in place (a backup first),
    /// then log in with each as read back.
    UpdateCloudEntries {
        tag: Tag,
        entries: Vec<crate::export::EntryRef>,
        /// Consumer files rewritten from `old_id` by `rotation::consumers`.
        files: Vec<PathBuf>,
        old_id: String,
        new_id: String,
        secret: Secret,
        /// The successor, for the recorded stores (`rotation::stores`).
        successor: Box<ApplicationCredential>,
    },
    /// Give the Keystone client the password it waits for.
    AnswerPrompt {
        answer: oneshot::Sender<Option<Secret>>,
        value: Option<Secret>,
    },
    /// Abort the login in progress (Esc on the device-code screen).
    CancelLogin,
    /// The fleet view: log in to each cloud (never prompting) and list
    /// its credentials, a few at a time; one [`Msg::Fleet`] per cloud.
    SurveyClouds {
        survey: u64,
        clouds: Vec<String>,
        /// The expiry warning window the counts use.
        window: chrono::Duration,
    },
    Quit,
}

impl Effect {
    /// A name safe to log and to assert in tests.
    pub fn name(&self) -> &'static str {
        match self {
            Effect::ListClouds { .. } => "list-clouds",
            Effect::Login { .. } => "login",
            Effect::LoadCredentials { .. } => "load-credentials",
            Effect::LoadScopes { .. } => "load-scopes",
            Effect::LoadRoles { .. } => "load-roles",
            Effect::LoadRoleSource { .. } => "load-role-source",
            Effect::Rescope { .. } => "rescope",
            Effect::Create { .. } => "create",
            Effect::Delete { .. } => "delete",
            Effect::CopyToClipboard { .. } => "copy-to-clipboard",
            Effect::Verify { .. } => "verify",
            Effect::WriteExport { .. } => "write-export",
            Effect::WriteStore { .. } => "write-store",
            Effect::WriteHandoff { .. } => "write-handoff",
            Effect::Audit { .. } => "audit",
            Effect::FindCloudEntries { .. } => "find-cloud-entries",
            Effect::UpdateCloudEntries { .. } => "update-cloud-entries",
            Effect::AnswerPrompt { .. } => "answer-prompt",
            Effect::CancelLogin => "cancel-login",
            Effect::SurveyClouds { .. } => "survey-clouds",
            Effect::Quit => "quit",
        }
    }

    /// The tag a reply to this effect will carry, if it gets one.
    pub fn tag(&self) -> Option<Tag> {
        match self {
            Effect::ListClouds { tag }
            | Effect::Login { tag, .. }
            | Effect::LoadCredentials { tag, .. }
            | Effect::LoadScopes { tag }
            | Effect::LoadRoles { tag }
            | Effect::LoadRoleSource { tag }
            | Effect::Rescope { tag, .. }
            | Effect::Create { tag, .. }
            | Effect::Delete { tag, .. }
            | Effect::CopyToClipboard { tag, .. }
            | Effect::Verify { tag, .. }
            | Effect::WriteExport { tag, .. }
            | Effect::WriteStore { tag, .. }
            | Effect::WriteHandoff { tag, .. }
            | Effect::Audit { tag, .. }
            | Effect::FindCloudEntries { tag, .. }
            | Effect::UpdateCloudEntries { tag, .. } => Some(*tag),
            Effect::AnswerPrompt { .. }
            | Effect::CancelLogin
            | Effect::SurveyClouds { .. }
            | Effect::Quit => None,
        }
    }
}

/// The names of a batch of effects, for assertions: `["load-credentials", ..]`.
pub fn names(effects: &[Effect]) -> Vec<&'static str> {
    effects.iter().map(Effect::name).collect()
}
