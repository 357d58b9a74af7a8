//! clouds.yaml + secure.yaml + clouds-public.yaml + `OS_*` + flags -> one
//! [`CloudConfig`], exactly as openstacksdk reads them (4.22,
//! openstack/config/loader.py), with the OpenStack CLI's precedence for
//! `OS_*` variables. See `loader.rs` for the layering and its one exception
//! (no `OS_*` scope for an application credential), `files.rs` for the
//! search and why a broken file is an error rather than skipped.
//!
//! Nothing here reads the process environment directly: everything comes in
//! through an [`Environment`], so tests are hermetic.

mod build;
mod environment;
mod error;
mod files;
mod listing;
mod loader;
mod normalize;
mod overlays;
mod regions;
mod types;

#[cfg(test)]
mod tests;

use std::path::PathBuf;

pub use environment::Environment;
pub use error::{ConfigError, EXAMPLE_CLOUDS_YAML};
pub use types::*;

use loader::Loader;

/// Where clouds.yaml may live, in openstacksdk's order: `$OS_CLIENT_CONFIG_FILE`,
/// the current directory, `$XDG_CONFIG_HOME/openstack` (else
/// `~/.config/openstack`), `~/.config/openstack`, `$XDG_CONFIG_DIRS/openstack`
/// (else `/etc/xdg/openstack`), `/etc/openstack`; in each `clouds.yaml`,
/// `clouds.yml`, `clouds.json`. Duplicate directories appear once.
pub fn clouds_file_candidates(env: &Environment) -> Vec<PathBuf> {
    Loader::new(env).clouds_candidates()
}

/// The same search for `secure.{yaml,yml,json}`, `$OS_CLIENT_SECURE_FILE` first.
pub fn secure_file_candidates(env: &Environment) -> Vec<PathBuf> {
    Loader::new(env).secure_candidates()
}

/// The resolved cloud for these flags and this environment.
pub fn resolve(env: &Environment, overrides: &Overrides) -> Result<CloudConfig, ConfigError> {
    Loader::new(env).resolve(overrides)
}

/// clouds.yaml and secure.yaml read once, to resolve many clouds from (the
/// fleet: `list --all-clouds`, the TUI's picker). Holds secrets from
/// secure.yaml as the files do; zeroized with them.
pub struct LoadedFiles {
    env: Environment,
    files: loader::Files,
}

/// Reads the files [`resolve`] would read, once.
pub fn load_files(env: &Environment) -> Result<LoadedFiles, ConfigError> {
    let files = Loader::new(env).load()?;
    Ok(LoadedFiles {
        env: env.clone(),
        files,
    })
}

impl LoadedFiles {
    /// [`resolve`] on the files read by [`load_files`].
    pub fn resolve(&self, overrides: &Overrides) -> Result<CloudConfig, ConfigError> {
        Loader::new(&self.env).resolve_in(&self.files, overrides)
    }
}

/// Every cloud for the TUI's cloud picker, in file order, then the cloud made
/// of `OS_*` variables if they are set. Nothing secret; values as the files
/// (and profiles) give them, without `OS_*` overrides. `Ok(empty)` when there
/// is no file and no `OS_*` cloud.
pub fn list_clouds(env: &Environment) -> Result<Vec<CloudSummary>, ConfigError> {
    Loader::new(env).list()
}

/// The clouds file that was (or would be) read: the first candidate that
/// exists. For messages and for exports that merge into it.
pub fn loaded_clouds_file(env: &Environment) -> Option<PathBuf> {
    Loader::new(env).loaded_file()
}

/// The cloud `name` as the files give it to the OpenStack client: clouds.yaml
/// with secure.yaml laid over it, before any `OS_*` or flag. Its `auth_type`
/// and the keys under its `auth:` (no values: they hold secrets). `None`
/// when no file defines the cloud.
pub fn file_auth_keys(env: &Environment, name: &str) -> Result<Option<FileAuth>, ConfigError> {
    let files = Loader::new(env).load()?;
    let Some(cloud) = files.clouds.root.get(name).and_then(|c| c.as_mapping()) else {
        return Ok(None);
    };
    let auth_type = ["auth_type", "auth_plugin"]
        .iter()
        .find_map(|k| cloud.get(*k).and_then(|v| v.as_str()))
        .map(str::to_string);
    let keys = cloud
        .get("auth")
        .and_then(|a| a.as_mapping())
        .map(|a| {
            a.keys()
                .filter_map(|k| k.as_str().map(|k| k.replace('-', "_")))
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(FileAuth { auth_type, keys }))
}

/// What [`file_auth_keys`] found: the cloud's `auth_type` and its `auth:` keys.
pub struct FileAuth {
    pub auth_type: Option<String>,
    pub keys: Vec<String>,
}
