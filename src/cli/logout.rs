//! `appcred logout`: the cached token of this login is revoked at Keystone
//! (`DELETE /v3/auth/tokens`) and removed from the kernel keyring. It never
//! logs in, so it works without the password too.

use crate::config::Environment;
use crate::expiry;
use crate::keystone::{LogoutReport, logout};

use super::args::GlobalArgs;
use super::context::resolve_cloud;
use super::error::{CliError, CliResult};
use super::output::note;

pub async fn run(global: &GlobalArgs) -> CliResult<u8> {
    let env = Environment::from_process();
    let cloud = resolve_cloud(global, &env)?;
    let name = &cloud.name;
    match logout(&cloud).await? {
        LogoutReport::NoKeyring => {
            note(&format!(
                "no kernel keyring here: no token of {name} was cached"
            ));
        }
        LogoutReport::NothingCached { keyring } => {
            note(&format!("no cached token for {name} in the {keyring}"));
        }
        LogoutReport::Revoked { keyring } => {
            note(&format!(
                "revoked the cached token of {name} and removed it from the {keyring}"
            ));
        }
        LogoutReport::AlreadyInvalid { keyring } => {
            note(&format!(
                "removed the cached token of {name} from the {keyring}; Keystone no longer \
                 accepted it (already revoked or expired)"
            ));
        }
        LogoutReport::NotRevoked {
            keyring,
            expires_at,
            error,
        } => {
            return Err(CliError::new(format!(
                "removed the cached token of {name} from the {keyring}, but Keystone could not \
                 revoke it ({error}): it stays valid there until {}",
                expiry::utc_text(expires_at)
            ))
            .with_hint(
                "nothing on this machine holds it any more; if it may have leaked, change the \
                 password (Keystone then revokes the user's tokens)",
            ));
        }
    }
    Ok(0)
}
