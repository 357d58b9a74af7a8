//! What can go wrong turning clouds.yaml, secure.yaml, profiles, `OS_*` and
//! flags into one cloud. Each message says what failed, why, and what to do.
//!
//! No variant holds a configuration *value*: only file names, key names, cloud
//! and region names and the kind of value found ("a number"), so a password in
//! a broken file can never reach a terminal or a log through an error.

use std::io;
use std::path::{Path, PathBuf};

use super::AuthType;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "cannot read {}: it is a directory, not a file. Remove or rename the directory, \
         or point OS_CLIENT_CONFIG_FILE / OS_CLIENT_SECURE_FILE at the file you mean",
        .path.display()
    )]
    IsDirectory { path: PathBuf },

    #[error(
        "cannot read {}: {source}. Check that the file is readable by this user, \
         or move it out of the way",
        .path.display()
    )]
    Unreadable {
        path: PathBuf,
        #[source]
        source: io::Error,
    },

    #[error("cannot read {}: it is not UTF-8 text. Save it as UTF-8", .path.display())]
    NotUtf8 { path: PathBuf },

    #[error(
        "{}, line {line}, column {column}: invalid {format}: {message}. {fix}",
        .path.display()
    )]
    Syntax {
        path: PathBuf,
        line: usize,
        column: usize,
        format: &'static str,
        message: String,
        /// What to do: the cause's own fix, or [`SYNTAX_FIX`].
        fix: String,
    },

    #[error(
        "{} is empty. Add a `clouds:` mapping with at least one cloud, or delete the file",
        .path.display()
    )]
    Empty { path: PathBuf },

    #[error(
        "{}: the top level must be a mapping (such as `clouds:`), but it is {found}. \
         Check that the file is a clouds.yaml-style file",
        .path.display()
    )]
    NotAMapping { path: PathBuf, found: &'static str },

    #[error(
        "{}: `{key}` must be a mapping of cloud names to their settings, but it is {found}",
        .path.display()
    )]
    SectionNotAMapping {
        path: PathBuf,
        key: &'static str,
        found: &'static str,
    },

    #[error("{origin}: `{key}` must be {expected}, but it is {found}. Fix that entry")]
    WrongType {
        origin: String,
        key: String,
        expected: &'static str,
        found: &'static str,
    },

    #[error("{origin}: `{key}` {problem}")]
    InvalidValue {
        origin: String,
        key: String,
        problem: String,
    },

    #[error(
        "cloud `{cloud}` not found. {}. {}. Pick one with --os-cloud or OS_CLOUD, or add it to the file",
        available_sentence(.available, .loaded.as_deref()),
        searched_sentence(.searched)
    )]
    UnknownCloud {
        cloud: String,
        available: Vec<String>,
        loaded: Option<PathBuf>,
        searched: Vec<PathBuf>,
    },

    #[error(
        "{} defines several clouds ({}) and none was chosen. \
         Pick one with --os-cloud NAME or OS_CLOUD=NAME",
        .loaded.display(),
        .available.join(", ")
    )]
    NoCloudSelected {
        available: Vec<String>,
        loaded: PathBuf,
    },

    #[error(
        "no cloud is configured: no clouds.yaml was found and no OS_* variables are set.\n{}.\n\
         Create {} (or source an openrc file, or pass --os-auth-url and the other --os-* flags), \
         for example:\n\n{EXAMPLE_CLOUDS_YAML}\n\
         then run `appcred --os-cloud mycloud` (it asks for the password; or put `password:` \
         under `auth:`, best in a secure.yaml beside it, mode 0600)",
        searched_sentence(.searched),
        suggested_clouds_file(.searched)
    )]
    NoCloud { searched: Vec<PathBuf> },

    #[error(
        "cloud `{cloud}` uses profile `{profile}`, which is not defined under `public-clouds:` \
         {}. {}. Define it in clouds-public.yaml or remove the `profile:` key (appcred has no \
         built-in vendor profiles)",
        match .loaded { Some(p) => format!("in {}", p.display()), None => "(no clouds-public file exists)".to_string() },
        searched_sentence(.searched)
    )]
    UnknownProfile {
        profile: String,
        cloud: String,
        loaded: Option<PathBuf>,
        searched: Vec<PathBuf>,
    },

    #[error(
        "cloud `{cloud}`: unsupported auth_type `{auth_type}`. appcred supports: {}. \
         Set `auth_type` in clouds.yaml, OS_AUTH_TYPE or --os-auth-type to one of them",
        AuthType::SUPPORTED.join(", ")
    )]
    UnknownAuthType { cloud: String, auth_type: String },

    #[error(
        "cloud `{cloud}` has no auth_url{}. Set `auth: {{auth_url: https://keystone.example:5000/v3}}` \
         in clouds.yaml, export OS_AUTH_URL, or pass --os-auth-url",
        match .source_file { Some(p) => format!(" (from {})", p.display()), None => String::new() }
    )]
    MissingAuthUrl {
        cloud: String,
        source_file: Option<PathBuf>,
    },

    #[error(
        "region `{region}` is not a region of cloud `{cloud}`; it has: {}. Region names are \
         case sensitive. Fix --os-region-name / OS_REGION_NAME or the cloud's `regions:`",
        .available.join(", ")
    )]
    UnknownRegion {
        cloud: String,
        region: String,
        available: Vec<String>,
    },

    #[error(
        "{origin}: entry {index} of `regions` {problem}. Use a name or {{name: ..., values: {{...}}}}"
    )]
    InvalidRegionEntry {
        origin: String,
        index: usize,
        problem: &'static str,
    },

    #[error(
        "{} defines a cloud named `{name}`, which is also the name of the cloud made of OS_* \
         variables{}. Rename that cloud in the file, or set OS_CLOUD_NAME to another name",
        .path.display(),
        if .name == "envvars" { "" } else { " (OS_CLOUD_NAME)" }
    )]
    EnvCloudNameClash { name: String, path: PathBuf },
}

/// The clouds.yaml a first-run message shows: a cloud named `mycloud` with
/// a password login (tests/it/docs_first_run.rs checks that it resolves).
/// What a syntax error says to do when its cause is not known better.
pub const SYNTAX_FIX: &str = "Fix the file at that position (common causes: a tab used for \
                              indentation, a missing `:` or an unclosed quote)";

pub const EXAMPLE_CLOUDS_YAML: &str = "\
clouds:
  mycloud:
    auth:
      auth_url: https://keystone.example.com:5000/v3
      username: alice
      user_domain_name: Default
      project_name: demo
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
";

/// Where a person should create their first clouds.yaml: the per-user
/// folder of the search (`$XDG_CONFIG_HOME/openstack` or `~/.config/openstack`).
fn suggested_clouds_file(searched: &[PathBuf]) -> String {
    searched
        .iter()
        .find(|p| p.ends_with("openstack/clouds.yaml") && !p.starts_with("/etc"))
        .map_or_else(
            || "~/.config/openstack/clouds.yaml".to_string(),
            |p| p.display().to_string(),
        )
}

fn available_sentence(available: &[String], loaded: Option<&Path>) -> String {
    match (loaded, available.is_empty()) {
        (Some(p), true) => format!("{} defines no clouds", p.display()),
        (Some(p), false) => format!("{} defines: {}", p.display(), available.join(", ")),
        (None, true) => "No clouds.yaml was found".to_string(),
        (None, false) => format!(
            "No clouds.yaml was found; available: {}",
            available.join(", ")
        ),
    }
}

/// "Searched, in order: /x/clouds.{yaml,yml,json}, ...": one entry per
/// directory, so the list stays readable.
fn searched_sentence(searched: &[PathBuf]) -> String {
    if searched.is_empty() {
        return "No file was searched".to_string();
    }
    // (directory and stem, extensions) for runs of the same directory and stem.
    let mut groups: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for path in searched {
        let ext = path.extension().map(|e| e.to_string_lossy().into_owned());
        let base = path.with_extension("");
        match (groups.last_mut(), ext) {
            (Some((last, exts)), Some(ext)) if *last == base && !exts.is_empty() => exts.push(ext),
            (_, Some(ext)) => groups.push((base, vec![ext])),
            (_, None) => groups.push((path.clone(), Vec::new())),
        }
    }
    let list: Vec<String> = groups
        .into_iter()
        .map(|(base, exts)| match exts.as_slice() {
            [] => base.display().to_string(),
            [one] => format!("{}.{one}", base.display()),
            many => format!("{}.{{{}}}", base.display(), many.join(",")),
        })
        .collect();
    format!("Searched, in order: {}", list.join(", "))
}

/// "a number", "a list", ... for messages that must not show the value.
pub(crate) fn kind(value: &serde_yaml::Value) -> &'static str {
    use serde_yaml::Value;
    match value {
        Value::Null => "empty (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}
