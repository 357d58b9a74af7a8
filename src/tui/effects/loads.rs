//! What the main view loads: the credential list, the scopes and the roles,
//! each its own task on the one session, the list first. At start and after
//! a switch all three are asked at once; the list is the one the person
//! waits for, and on a busy Keystone the other four requests compete with it
//! for the same workers. So the scopes and roles wait until the list in
//! flight is answered (well or not): the list then costs what `appcred list`
//! costs, and the panes fill in a moment later.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::{OwnedRwLockWriteGuard, RwLock};

use super::KeystoneRunner;
use crate::keystone::{KeystoneError, Session};
use crate::tui::msg::{Msg, Reply, ScopeChoices, Tag};

/// Held by the list in flight; the scopes and roles wait for it.
#[derive(Clone, Default)]
pub(super) struct ListFirst(Arc<RwLock<()>>);

impl ListFirst {
    /// Taken when a list request is started (not in its task, so a load
    /// started right after it always finds it taken), held until its
    /// answer. None when another list holds it: the loads wait for that one.
    fn list(&self) -> Option<OwnedRwLockWriteGuard<()>> {
        self.0.clone().try_write_owned().ok()
    }

    /// Returns once no list is in flight.
    async fn after_list(&self) {
        drop(self.0.read().await);
    }
}

impl KeystoneRunner {
    pub(super) fn load_credentials(
        &self,
        tag: Tag,
        user_id: String,
        replies: &UnboundedSender<Msg>,
    ) {
        let first = self.list_first.list();
        self.with_session(
            tag,
            replies,
            "Loading the credentials failed",
            |s| async move {
                let listed = s.list_credentials(&user_id).await;
                drop(first);
                listed
            },
            Reply::Credentials,
        );
    }

    pub(super) fn load_scopes(&self, tag: Tag, replies: &UnboundedSender<Msg>) {
        let first = self.list_first.clone();
        self.with_session(
            tag,
            replies,
            "Loading the scopes failed",
            |s| async move {
                first.after_list().await;
                scopes(s).await
            },
            Reply::Scopes,
        );
    }

    pub(super) fn load_roles(&self, tag: Tag, replies: &UnboundedSender<Msg>) {
        let first = self.list_first.clone();
        self.with_session(
            tag,
            replies,
            "Loading your roles failed",
            |s| async move {
                first.after_list().await;
                s.held_roles().await
            },
            Reply::Roles,
        );
    }
}

/// Projects, domains and the system scope, asked at once. Only projects
/// are essential; a policy that hides domains or the system scope leaves
/// those out rather than failing the pane.
async fn scopes(session: Session) -> Result<ScopeChoices, KeystoneError> {
    let (projects, domains, system) = futures::join!(
        session.projects(),
        session.domains(),
        session.system_scope_available()
    );
    Ok(ScopeChoices {
        projects: projects?,
        domains: domains.unwrap_or_else(|e| {
            tracing::info!(error = %e, "domains unavailable");
            Vec::new()
        }),
        system: system.unwrap_or(false),
    })
}
