//! The outside world config reads (variables, current directory, home), and
//! the `OS_*` variables turned into clouds.yaml keys the way openstacksdk's
//! `_get_os_environ` does.

use std::collections::HashMap;
use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

/// Everything config reads from the outside world, injectable for tests.
#[derive(Clone, Default)]
pub struct Environment {
    pub vars: HashMap<String, String>,
    pub cwd: PathBuf,
    pub home: Option<PathBuf>,
}

// The variables may hold OS_PASSWORD or OS_APPLICATION_CREDENTIAL_SECRET, so
// Debug shows only the names.
impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut names: Vec<&String> = self.vars.keys().collect();
        names.sort();
        f.debug_struct("Environment")
            .field("vars", &names)
            .field("cwd", &self.cwd)
            .field("home", &self.home)
            .finish()
    }
}

impl Environment {
    pub fn from_process() -> Environment {
        Environment {
            // Variables that are not UTF-8 cannot be clouds.yaml values; skip them.
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            home: std::env::home_dir(),
        }
    }

    /// A variable's value; set-but-empty counts as unset, as the OpenStack
    /// CLI drops empty argparse defaults (`export OS_PROJECT_NAME=` clears it).
    pub(crate) fn var(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// appcred's state folder: `$XDG_STATE_HOME/appcred` (when absolute, as
    /// the XDG spec asks) or `~/.local/state/appcred`. The TUI's log and the
    /// record of where credentials are held (`crate::held`) live there.
    pub fn state_dir(&self) -> Option<PathBuf> {
        let base = self
            .var("XDG_STATE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| self.home.as_ref().map(|h| h.join(".local/state")))?;
        Some(base.join("appcred"))
    }

    /// An environment of just these variables and home (tests).
    #[cfg(test)]
    pub(crate) fn with(vars: &[(&str, &str)], home: Option<&std::path::Path>) -> Environment {
        Environment {
            vars: vars
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            home: home.map(std::path::Path::to_path_buf),
            ..Environment::default()
        }
    }

    /// The name of the cloud made of `OS_*` variables.
    pub(crate) fn envvars_cloud_name(&self) -> String {
        self.var("OS_CLOUD_NAME").unwrap_or("envvars").to_string()
    }
}

/// Variables that choose a cloud or a file but do not by themselves make a
/// cloud (openstacksdk's `selectors`).
const SELECTORS: &[&str] = &[
    "OS_CLOUD",
    "OS_REGION_NAME",
    "OS_CLIENT_CONFIG_FILE",
    "OS_CLIENT_SECURE_FILE",
    "OS_CLOUD_NAME",
];

/// The `OS_*` variables as one raw clouds.yaml cloud (keys not yet normalised).
pub(crate) struct OsVars {
    /// `OS_FOO_BAR` -> `foo_bar`, without the selectors except `region_name`.
    pub layer: Mapping,
    /// True when a variable other than a selector is set: only then do the
    /// variables form the `envvars` cloud.
    pub has_auth_vars: bool,
}

pub(crate) fn os_vars(env: &Environment) -> OsVars {
    let mut names: Vec<&String> = env
        .vars
        .keys()
        .filter(|k| k.starts_with("OS_"))
        // Test-runner and oslotest variables (OS_TEST_TIMEOUT,
        // OS_STDOUT_CAPTURE, OS_LOG_CAPTURE...), never configuration. With
        // the underscore: OS_LOGIN_TIMEOUT is keystoneauth's `login_timeout`.
        .filter(|k| {
            !["OS_TEST_", "OS_STDOUT_", "OS_STDERR_", "OS_LOG_"]
                .iter()
                .any(|p| k.starts_with(p))
        })
        .collect();
    // Sorted so the result never depends on HashMap order.
    names.sort();
    let mut layer = Mapping::new();
    let mut has_auth_vars = false;
    for name in names {
        let Some(value) = env.var(name) else { continue };
        let is_selector = SELECTORS.contains(&name.as_str());
        has_auth_vars |= !is_selector;
        if is_selector && name != "OS_REGION_NAME" {
            continue;
        }
        let key = name["OS_".len()..].to_ascii_lowercase();
        let value = match key.as_str() {
            // openstacksdk's get_boolean: only "true" (any case) is true.
            "insecure" => Value::Bool(value.eq_ignore_ascii_case("true")),
            "auth_methods" => Value::Sequence(
                value
                    .split(',')
                    .map(str::trim)
                    .filter(|m| !m.is_empty())
                    .map(|m| Value::String(m.to_string()))
                    .collect(),
            ),
            _ => Value::String(value.to_string()),
        };
        layer.insert(Value::String(key), value);
    }
    OsVars {
        layer,
        has_auth_vars,
    }
}
