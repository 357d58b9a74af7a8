//! `--store URI` (or a name from config.toml's `[stores]`) on create,
//! rotate and export: every store is checked before Keystone is asked for
//! anything (so nothing is created when a store cannot take the secret),
//! then written once the secret exists. A store that fails after the create
//! keeps the secret on screen (or in the export file) and names what to do.
//!
//! `--from URI` on exec and env reads a credential back (`env_exec.rs`).

use crate::config::{CloudConfig, Environment};
use crate::export::ExportData;
use crate::held;
use crate::store::{self, Overwrite, StoreAddress, StoredCredential};

use super::args::ExportTarget;
use super::error::{CliError, CliResult};
use super::output::note;
use super::write_export::Target;

/// The `--store` values given (names from config.toml's `[stores]` or
/// addresses, `store::resolve`), each error with its examples.
pub fn parse(texts: &[String]) -> CliResult<Vec<StoreAddress>> {
    let named = named_if_needed(texts.iter().map(String::as_str))?;
    texts
        .iter()
        .map(|t| store::resolve(t, &named).map_err(CliError::from))
        .collect()
}

/// One `--from` value: a name from config.toml's `[stores]` or an address.
pub fn resolve(text: &str) -> CliResult<StoreAddress> {
    Ok(store::resolve(text, &named_if_needed([text])?)?)
}

/// Config.toml's `[stores]`, read only when a value is not an address:
/// `--store vault:...` works whatever state config.toml is in.
fn named_if_needed<'a>(
    texts: impl IntoIterator<Item = &'a str>,
) -> CliResult<std::collections::BTreeMap<String, StoreAddress>> {
    if texts.into_iter().all(|t| store::is_address_form(t.trim())) {
        return Ok(Default::default());
    }
    Ok(crate::settings::load_shared(&Environment::from_process())
        .map_err(|e| CliError::new(e.to_string()))?
        .stores)
}

/// The export target of create/rotate: `--force` alone is for the stores
/// when there is no export but a `--store`.
pub fn export_target(e: &ExportTarget, stores: &[String]) -> CliResult<Option<Target>> {
    if e.export.is_none() && e.output.is_none() && !stores.is_empty() {
        let without_force = ExportTarget {
            force: false,
            ..e.clone()
        };
        return Target::from_args(&without_force);
    }
    Target::from_args(e)
}

/// Checks every store can take the credential `name` made on `cloud`;
/// the first that cannot is the error ("nothing was created" added).
pub async fn check_all(
    stores: &[StoreAddress],
    cloud: &CloudConfig,
    name: &str,
    allowed: Overwrite<'_>,
) -> CliResult {
    let env = Environment::from_process();
    for address in stores {
        store::check(address, &env, &cloud.name, name, allowed)
            .await
            .map_err(|e| {
                CliError::new(format!("{}; nothing was created", e.message)).with_hint(e.hint)
            })?;
    }
    Ok(())
}

/// What writing to the stores gave: the canonical addresses written (for
/// the record of where a credential is held) and the failures, said.
#[derive(Debug, Default)]
pub struct Kept {
    pub written: Vec<String>,
    /// Each store that failed (as given) and why.
    pub failed: Vec<(String, CliError)>,
}

impl Kept {
    /// Every store took the secret (true when none was named).
    pub fn all_good(&self) -> bool {
        self.failed.is_empty()
    }

    /// The failures as one error, naming what to do with the secret.
    pub fn error(&self, name: &str, secret_is: &str) -> Option<CliError> {
        let (_, first) = self.failed.first()?;
        let all: Vec<&str> = self
            .failed
            .iter()
            .map(|(_, e)| e.message.as_str())
            .collect();
        Some(
            CliError::new(format!(
                "could not keep the secret of {name} in every store: {}; the credential was \
                 kept and its secret {secret_is}",
                all.join("; ")
            ))
            .with_hint(format!(
                "{}; then store it with `appcred export {name} --secret-stdin --store URI`",
                first.hint.clone().unwrap_or_default()
            )),
        )
    }

    /// As JSON for `-f json` reports: `[{store, error}]`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v: Vec<serde_json::Value> = self
            .written
            .iter()
            .map(|s| serde_json::json!({ "store": s, "error": null }))
            .collect();
        v.extend(
            self.failed
                .iter()
                .map(|(at, e)| serde_json::json!({ "store": at, "error": e.message })),
        );
        serde_json::Value::Array(v)
    }
}

/// Writes the credential of `d` (made on `cloud`) to every store; replaces
/// entries holding the credential itself or one of `allowed.ids`.
pub async fn keep(
    stores: &[StoreAddress],
    d: &ExportData,
    cloud: &str,
    allowed: Overwrite<'_>,
) -> Kept {
    let env = Environment::from_process();
    let entry = StoredCredential::from_export(d, cloud);
    let mut kept = Kept::default();
    for address in stores {
        match store::write(address, &env, &entry, allowed).await {
            Ok(written) => {
                note(&format!("Stored the secret in {written}."));
                kept.written.push(written);
            }
            Err(e) => kept.failed.push((address.to_string(), CliError::from(e))),
        }
    }
    // The record of where the credential is held: rotation updates these
    // stores later without being told, `show` lists them.
    let places = kept.written.iter().map(|a| held::Place::store(a)).collect();
    for n in held::remember(&env, &d.id, places) {
        note(&n);
    }
    kept
}

/// The credential kept at `--from URI` (or a `[stores]` name), as a cloud
/// logging in with it.
pub async fn read_cloud(from: &str) -> CliResult<CloudConfig> {
    let address = resolve(from)?;
    let entry = store::read(&address, &Environment::from_process()).await?;
    Ok(entry.to_cloud())
}
