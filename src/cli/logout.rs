//! `appcred logout`: the cached token of this login is revoked at Keystone
//! (`DELETE /v3/auth/tokens`) and removed from the kernel keyring. It never
//! logs in, so it works without the password too. For a federated cloud the
//! cached unscoped token (the one any project is rescoped from) goes too.

use crate::config::Environment;
use crate::expiry;
use crate::keystone::{LogoutReport, logout, logout_federated};

use super::args::GlobalArgs;
use super::context::resolve_cloud;
use super::error::{CliError, CliResult};
use super::output::note;

pub async fn run(global: &GlobalArgs) -> CliResult<u8> {
    let env = Environment::from_process();
    let cloud = resolve_cloud(global, &env).await?;
    let name = &cloud.name;
    let scoped = say(logout(&cloud).await?, name, "token");
    // The unscoped token is revoked even when the scoped one could not be.
    let federated = match logout_federated(&cloud).await? {
        Some(LogoutReport::NoKeyring) | None => Ok(()),
        Some(report) => say(report, name, "federated (unscoped) token"),
    };
    scoped.and(federated)?;
    Ok(0)
}

/// The note (or the error) for one cached token: `what` is "token" or
/// "federated (unscoped) token".
fn say(report: LogoutReport, name: &str, what: &str) -> CliResult<()> {
    match report {
        LogoutReport::NoKeyring => {
            note(&format!(
                "no kernel keyring here: no token of {name} was cached"
            ));
        }
        LogoutReport::NothingCached { keyring } => {
            note(&format!("no cached {what} for {name} in the {keyring}"));
        }
        LogoutReport::Revoked { keyring } => {
            note(&format!(
                "revoked the cached {what} of {name} and removed it from the {keyring}"
            ));
        }
        LogoutReport::AlreadyInvalid { keyring } => {
            note(&format!(
                "removed the cached {what} of {name} from the {keyring}; Keystone no longer \
                 accepted it (already revoked or expired)"
            ));
        }
        LogoutReport::NotRevoked {
            keyring,
            expires_at,
            error,
        } => {
            return Err(CliError::new(format!(
                "removed the cached {what} of {name} from the {keyring}, but Keystone could not \
                 revoke it ({error}): it stays valid there until {}",
                expiry::utc_text(expires_at)
            ))
            .with_hint(
                "nothing on this machine holds it any more; if it may have leaked, change the \
                 password (Keystone then revokes the user's tokens)",
            ));
        }
    }
    Ok(())
}
