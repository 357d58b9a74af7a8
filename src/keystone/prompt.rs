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
}

/// Never answers: for scripts and tests, where asking would hang.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoPrompt;

impl Prompter for NoPrompt {
    fn ask(&self, _kind: PromptKind) -> BoxFuture<'_, Option<Secret>> {
        Box::pin(async { None })
    }
}
