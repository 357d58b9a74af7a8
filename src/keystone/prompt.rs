//! Asking a person for a secret the configuration lacks. The client only
//! knows the trait: the CLI answers on the terminal without echo, the TUI
//! through a masked field.

use futures::future::BoxFuture;

use crate::secret::Secret;

/// What is being asked for, and for whom (a user name or id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Password {
        user: String,
    },
    /// A TOTP passcode (6 digits from an authenticator app).
    Passcode {
        user: String,
    },
}

impl PromptKind {
    /// "Password for alice: " — for a terminal prompt or a field label.
    pub fn label(&self) -> String {
        match self {
            PromptKind::Password { user } => format!("Password for {user}: "),
            PromptKind::Passcode { user } => format!("TOTP passcode for {user}: "),
        }
    }
}

/// Asks a person for a missing secret. `None` means no answer is possible
/// (no terminal, the user cancelled): the login then fails with an error
/// that says where to put the secret instead.
pub trait Prompter: Send + Sync {
    fn ask(&self, kind: PromptKind) -> BoxFuture<'_, Option<Secret>>;

    /// Shows a notice of a login in progress (a device code, a browser URL).
    /// False: nobody can see it, so a login that needs a person fails at once
    /// instead of waiting for an approval nobody knows about.
    fn notify(&self, _notice: LoginNotice) -> bool {
        false
    }
}

/// Never answers: for scripts and tests, where asking would hang.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoPrompt;

impl Prompter for NoPrompt {
    fn ask(&self, _kind: PromptKind) -> BoxFuture<'_, Option<Secret>> {
        Box::pin(async { None })
    }
}

/// What a device-code login shows the person: where to go and what to type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCodePrompt {
    pub cloud: String,
    pub verification_uri: String,
    /// The URL with the code in it (for a QR code), where the provider gives one.
    pub verification_uri_complete: Option<String>,
    pub user_code: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Something a login in progress tells the person, without asking anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginNotice {
    /// Enter the code at the URL (RFC 8628); polling has started.
    DeviceCode(DeviceCodePrompt),
    /// Open the URL in a browser; `ssh_hint` is the `ssh -L` line when this
    /// runs over SSH and the redirect must reach this machine.
    Browser {
        url: String,
        ssh_hint: Option<String>,
    },
    /// The identity provider answered: the code or URL is no longer needed.
    IdentityProviderDone,
}

impl LoginNotice {
    /// The lines a terminal shows for it.
    pub fn lines(&self) -> Vec<String> {
        match self {
            LoginNotice::DeviceCode(p) => {
                let mut lines = vec![
                    format!("To log in to {}, open {}", p.cloud, p.verification_uri),
                    format!("and enter the code {}", p.user_code),
                ];
                if let Some(full) = &p.verification_uri_complete {
                    lines.push(format!("(or open {full})"));
                }
                let left = (p.expires_at - chrono::Utc::now()).num_minutes().max(0);
                lines.push(format!(
                    "Waiting for the approval (the code expires in {left} min; Ctrl-C cancels)..."
                ));
                lines
            }
            LoginNotice::Browser { url, ssh_hint } => {
                let mut lines = vec![format!("Open this URL in a browser to log in: {url}")];
                if let Some(ssh) = ssh_hint {
                    lines.push(format!(
                        "This is an SSH session: on your own machine run `{ssh}` first, then open \
                         the URL there"
                    ));
                }
                lines
            }
            LoginNotice::IdentityProviderDone => Vec::new(),
        }
    }
}
