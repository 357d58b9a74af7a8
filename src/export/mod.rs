//! What leaves the program on purpose: a clouds.yaml entry, an openrc file
//! or JSON for a new credential, written 0600 and atomically, or merged into
//! an existing clouds.yaml without touching anything else; and, for
//! rotation, the id and secret of existing entries replaced in place.
//!
//! What a credential can become is one table, [`OUTPUTS`] (`formats.rs`):
//! both front ends read each format's names, keys and files from it.
//!
//! Rendered files are `Zeroizing<String>`s: they hold the secret.

mod atomic;
mod build;
mod cloud_env;
mod consumers;
mod entry;
mod error;
mod escape;
#[cfg(test)]
mod fault_tests;
mod formats;
mod git;
#[cfg(test)]
mod hostile_tests;
mod locate;
mod merge;
mod render;
mod rotate;
mod yaml_check;

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::secret::Secret;

pub use atomic::{
    WriteMode, WriteReport, check_rewritable, replace_public, rewrite_in_place, write_new,
};
pub use build::{OnExisting, export_data, render, render_with, write_export, write_export_with};
pub use cloud_env::{CLOUD_VARS, cloud_vars, render_cloud_env};
pub(crate) use consumers::gcfg_quoted;
pub use consumers::{
    ConsumerOptions, K8sKey, Shell, k8s_name_problem, render_cloud_conf, render_env,
    render_k8s_secret,
};
pub use entry::{EntryRef, ValueAt};
pub use error::ExportError;
pub(crate) use escape::{Out, json_string, shell_quoted, yaml_double_quoted, yaml_string};
pub use formats::{
    DESTINATIONS, Destination, ExportFormat, OUTPUTS, Output, OutputKind, Render, ScreenKey,
    names_joined, names_or, nouns_or,
};
pub use git::visible_in_git_tree;
pub use merge::{MergeReport, check_merge, check_writable, merge_into_clouds_yaml};
pub use render::{render_clouds_yaml, render_json, render_openrc};
pub use rotate::{UpdateReport, UpdatedFile, find_entries_using, update_entries_in_place};

/// What an export needs, from the new credential and the cloud it was made on.
/// No `Debug`: it holds the secret.
#[derive(Clone)]
pub struct ExportData {
    /// The entry's name in clouds.yaml (`--cloud-name`).
    pub cloud_name: String,
    pub auth_url: String,
    pub region_name: Option<String>,
    /// `public` unless the source cloud says otherwise.
    pub interface: String,
    /// The source cloud's CA file, carried over so the export trusts the same CA.
    pub cacert: Option<PathBuf>,
    /// False when the source cloud had `verify: false` / `insecure: true`.
    pub verify: bool,
    pub id: String,
    pub name: String,
    pub secret: Secret,
    pub project_id: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
}
