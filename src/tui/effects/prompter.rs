//! The Keystone client's questions (a password, a TOTP passcode) put to the
//! person through the UI.

use futures::future::BoxFuture;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;

use crate::keystone::{LoginNotice, PromptKind, Prompter};
use crate::secret::Secret;
use crate::tui::msg::{Msg, PromptFor};

/// Answers the Keystone client's "I need a password" by asking the UI:
/// a message opens the masked field, and the answer comes back through a
/// oneshot channel. The login task waits; the UI keeps drawing.
pub(super) struct UiPrompter {
    pub(super) replies: UnboundedSender<Msg>,
}

impl Prompter for UiPrompter {
    fn ask(&self, kind: PromptKind) -> BoxFuture<'_, Option<Secret>> {
        Box::pin(async move {
            let prompt = match kind {
                PromptKind::Password { user } => PromptFor {
                    label: "Password".to_string(),
                    user,
                },
                PromptKind::Passcode { user } => PromptFor {
                    label: "TOTP passcode".to_string(),
                    user,
                },
            };
            let (answer, wait) = oneshot::channel();
            self.replies
                .send(Msg::PromptNeeded { prompt, answer })
                .ok()?;
            wait.await.ok().flatten()
        })
    }

    /// A device code (or browser URL) goes to the screen; the login polls on.
    fn notify(&self, notice: LoginNotice) -> bool {
        self.replies.send(Msg::LoginNotice(notice)).is_ok()
    }
}
