//! The cloud picker's list: every cloud in the file, then the `OS_*` cloud.

use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::CloudSummary;
use super::environment::os_vars;
use super::error::ConfigError;
use super::loader::{ENV_ORIGIN, Loader};
use super::normalize::{merge_layer, normalize};

impl Loader<'_> {
    pub(crate) fn list(&self) -> Result<Vec<CloudSummary>, ConfigError> {
        let mut files = self.load()?;
        let os = os_vars(self.env);
        let env_name = self.env.envvars_cloud_name();
        self.check_clash(&files, &env_name, os.has_auth_vars)?;
        let source = files.source();
        let entries = std::mem::take(&mut files.clouds.root);
        let mut out = Vec::with_capacity(entries.len() + 1);
        for (name, raw) in entries {
            let Value::String(name) = name else { continue };
            let origin = files.origin(&name);
            // Lenient: one broken cloud must not hide the others from the
            // picker; choosing it reports the problem.
            let layer = match raw {
                Value::Mapping(m) => normalize(m, &origin).unwrap_or_default(),
                _ => Mapping::new(),
            };
            out.push(self.summary(name, layer, source.clone()));
        }
        if os.has_auth_vars {
            let layer = normalize(os.layer, ENV_ORIGIN).unwrap_or_default();
            out.push(self.summary(env_name, layer, None));
        }
        Ok(out)
    }

    fn summary(&self, name: String, mut own: Mapping, source: Option<PathBuf>) -> CloudSummary {
        let mut merged = self
            .profile_layer(&name, &mut own)
            .ok()
            .flatten()
            .unwrap_or_default();
        merge_layer(&mut merged, own);
        let auth = merged.get("auth").and_then(Value::as_mapping);
        let auth_str = |k: &str| {
            auth.and_then(|a| a.get(k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        CloudSummary {
            auth_url: auth_str("auth_url"),
            username: auth_str("username"),
            auth_type: merged
                .get("auth_type")
                .and_then(Value::as_str)
                .unwrap_or("password")
                .to_string(),
            name,
            source_file: source,
        }
    }
}
