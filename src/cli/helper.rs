//! `appcred helper KEY [CLOUD]`: an authentication helper for gtema's Rust
//! OpenStack CLI (`osc --auth-helper-cmd PATH`). osc runs PATH with the
//! attribute it is missing (e.g. `application_credential_secret`) and the
//! cloud's name, and reads the value from stdout (trailing newlines
//! trimmed). PATH is one executable with no arguments of its own, so the
//! binary answers as the helper when called as `appcred-auth-helper` (a
//! symlink to appcred; `main.rs`).
//!
//! The value comes from the store the cloud names in clouds.yaml
//! (`secret_store`), or from `--from URI`. On any failure nothing is
//! printed on stdout (osc would take it as the value), the error goes to
//! stderr and the exit code is 1.

use crate::config::{self, Environment};
use crate::store::{self, SECRET_KEY, StoreAddress};
use zeroize::Zeroizing;

use super::args::{GlobalArgs, HelperArgs};
use super::context::overrides;
use super::error::{CliError, CliResult};
use super::output::print_secret_text;

/// The name the binary answers to as osc's helper.
pub const HELPER_NAME: &str = "appcred-auth-helper";

pub async fn run(global: &GlobalArgs, args: &HelperArgs) -> CliResult<u8> {
    let env = Environment::from_process();
    let address: StoreAddress = match &args.from {
        Some(uri) => super::stores::resolve(uri)?,
        None => store_of_cloud(global, args, &env)?,
    };
    let entry = store::read(&address, &env).await?;
    let value = if args.key == SECRET_KEY {
        Zeroizing::new(entry.application_credential_secret.expose().to_string())
    } else {
        let found = entry
            .public_fields()
            .into_iter()
            .find(|(k, _)| *k == args.key)
            .map(|(_, v)| v.to_string());
        Zeroizing::new(found.ok_or_else(|| {
            CliError::new(format!(
                "{address} holds an application credential, which has no {:?}",
                args.key
            ))
            .with_hint(
                "the helper answers the keys of an application credential (application_credential_secret, \
                 application_credential_id, auth_url, ...); set auth_type: v3applicationcredential",
            )
        })?)
    };
    let mut line = Zeroizing::new(String::with_capacity(value.len() + 1));
    line.push_str(&value);
    line.push('\n');
    print_secret_text(&line)?;
    Ok(0)
}

/// The `secret_store` of the cloud osc named (or `--os-cloud`).
fn store_of_cloud(
    global: &GlobalArgs,
    args: &HelperArgs,
    env: &Environment,
) -> CliResult<StoreAddress> {
    let mut o = overrides(global);
    if let Some(cloud) = &args.cloud {
        o.cloud = Some(cloud.clone());
    }
    let cloud = config::resolve(env, &o)?;
    let named = match &cloud.source_file {
        Some(file) => store::secret_store_in(file, &cloud.name)?,
        None => None,
    };
    named.ok_or_else(|| {
        CliError::new(format!(
            "cloud {:?} names no secret_store in clouds.yaml",
            cloud.name
        ))
        .with_hint(
            "add `secret_store: URI` to the cloud's entry, or call the helper with --from URI",
        )
    })
}
