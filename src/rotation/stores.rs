//! Rotation's store step, for both front ends: a secret store recorded as
//! holding the old credential (`crate::held`) gets the successor (Vault: a
//! new version; pass: an edit, so a commit in a git store; the Secret
//! Service: its item replaced), which is then read back from the store and
//! proven to log in, as the rewritten files are. A store that no longer
//! holds the old credential is gone, not a failure; one that fails keeps
//! the old credential (the caller says so).

use crate::config::{CloudConfig, Environment};
use crate::store::{self, Overwrite, StoreAddress, StoredCredential};

/// What became of one recorded store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreOutcome {
    /// It holds the successor, read back and logging in.
    Updated,
    /// It no longer holds the old credential (emptied or reused by hand).
    Gone { reason: String },
    /// It could not be updated, or what it holds does not log in.
    Failed { reason: String },
}

/// Puts `successor` in the store at `address` (canonical, as recorded) if
/// it still holds `old_id`, then proves it from what the store gives back.
pub async fn update_store(
    env: &Environment,
    cloud: &CloudConfig,
    address: &str,
    old_id: &str,
    successor: &StoredCredential,
) -> StoreOutcome {
    let failed = |reason: String| StoreOutcome::Failed { reason };
    let at: StoreAddress = match address.parse() {
        Ok(a) => a,
        Err(e) => return failed(e.to_string()),
    };
    let new_id = successor.application_credential_id.as_str();
    match store::holder(&at, env).await {
        Err(e) => return failed(format!("{e} ({})", e.hint)),
        Ok(None) => {
            return StoreOutcome::Gone {
                reason: "it holds no credential any more".into(),
            };
        }
        Ok(Some(id)) if id != old_id && id != new_id => {
            return StoreOutcome::Gone {
                reason: "it no longer holds the old credential's id".into(),
            };
        }
        Ok(Some(_)) => {}
    }
    let allowed = Overwrite {
        ids: &[old_id],
        force: false,
    };
    if let Err(e) = store::write(&at, env, successor, allowed).await {
        return failed(format!("{e} ({})", e.hint));
    }
    let read_back = match store::read(&at, env).await {
        Ok(c) => c,
        Err(e) => return failed(format!("written, but not read back: {e}")),
    };
    if read_back.application_credential_id != new_id {
        return failed("written, but it reads back another credential".into());
    }
    let secret = &read_back.application_credential_secret;
    match crate::keystone::verify_application_credential(cloud, new_id, secret).await {
        Ok(r) if r.works => StoreOutcome::Updated,
        Ok(r) => failed(format!(
            "it does NOT log in: {}",
            r.reason.unwrap_or_else(|| "refused".into())
        )),
        Err(e) => failed(format!("could not prove it logs in: {e}")),
    }
}
