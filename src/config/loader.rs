//! Choosing the cloud and layering its sources, lowest first:
//! profile (clouds-public.yaml) < the cloud in clouds.yaml (with secure.yaml
//! merged in) < the chosen region's `values` < `OS_*` variables < flags.
//!
//! `OS_*` with a named cloud: openstacksdk ignores them, the OpenStack CLI
//! applies them over the cloud (they are its flags' defaults). appcred
//! mirrors the CLI, so they apply, with one exception: project, domain,
//! system and trust scope variables never reach a v3applicationcredential
//! cloud. Keystone refuses any scope with an application credential (401
//! "Application credentials cannot request a scope"), and a leftover
//! OS_PROJECT_NAME from an earlier openrc is the classic way to hit that.

use std::path::PathBuf;

use serde_yaml::{Mapping, Value};

use super::build::{build, take_string};
use super::environment::{Environment, os_vars};
use super::error::{ConfigError, kind};
use super::files::{Document, candidates, first_existing, read_document, system_dirs};
use super::normalize::{deep_merge, key, merge_layer, normalize};
use super::overlays::{drop_env_scope, flags_layer, non_empty, region_only};
use super::regions::{choose_region, take_regions};
use super::{AuthType, CloudConfig, Overrides};

pub(crate) const ENV_ORIGIN: &str = "the OS_* environment variables";

pub(crate) struct Loader<'a> {
    pub(super) env: &'a Environment,
    /// The system-wide dirs; tests swap them for temp dirs so they never
    /// read the real /etc.
    system: Vec<PathBuf>,
}

/// clouds.yaml with secure.yaml merged in.
pub(crate) struct Files {
    /// Cloud name -> its raw settings, in file order.
    pub(super) clouds: Document,
    clouds_path: Option<PathBuf>,
    secure_path: Option<PathBuf>,
    searched: Vec<PathBuf>,
}

impl Files {
    fn names(&self) -> Vec<String> {
        self.clouds
            .root
            .keys()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect()
    }

    pub(super) fn source(&self) -> Option<PathBuf> {
        self.clouds_path
            .clone()
            .or_else(|| self.secure_path.clone())
    }

    pub(super) fn origin(&self, cloud: &str) -> String {
        let files: Vec<String> = [&self.clouds_path, &self.secure_path]
            .into_iter()
            .flatten()
            .map(|p| p.display().to_string())
            .collect();
        format!("cloud `{cloud}` in {}", files.join(" + "))
    }
}

enum Choice {
    File(String),
    Env,
    FlagsOnly,
}

impl<'a> Loader<'a> {
    pub(crate) fn new(env: &'a Environment) -> Self {
        Loader {
            env,
            system: system_dirs(env),
        }
    }

    #[cfg(test)]
    pub(crate) fn with_system_dirs(env: &'a Environment, system: Vec<PathBuf>) -> Self {
        Loader { env, system }
    }

    pub(crate) fn clouds_candidates(&self) -> Vec<PathBuf> {
        candidates(
            self.env,
            &self.system,
            "clouds",
            Some("OS_CLIENT_CONFIG_FILE"),
        )
    }

    pub(crate) fn secure_candidates(&self) -> Vec<PathBuf> {
        candidates(
            self.env,
            &self.system,
            "secure",
            Some("OS_CLIENT_SECURE_FILE"),
        )
    }

    pub(crate) fn loaded_file(&self) -> Option<PathBuf> {
        first_existing(&self.clouds_candidates())
    }

    pub(super) fn load(&self) -> Result<Files, ConfigError> {
        let searched = self.clouds_candidates();
        let clouds_path = first_existing(&searched);
        let secure_path = first_existing(&self.secure_candidates());
        let mut clouds = Mapping::new();
        for path in [&clouds_path, &secure_path].into_iter().flatten() {
            let mut doc = match read_document(path) {
                Ok(doc) => doc,
                // An empty or comments-only secure.yaml holds nothing, and
                // the OpenStack client takes it so.
                Err(ConfigError::Empty { .. }) if Some(path) == secure_path.as_ref() => continue,
                Err(e) => return Err(e),
            };
            let section = match doc.root.remove("clouds") {
                // No `clouds:` (openstacksdk only warns) or an empty one.
                None | Some(Value::Null) => Mapping::new(),
                Some(Value::Mapping(m)) => m,
                Some(other) => {
                    return Err(ConfigError::SectionNotAMapping {
                        path: path.clone(),
                        key: "clouds",
                        found: kind(&other),
                    });
                }
            };
            deep_merge(&mut clouds, stringify_keys(section));
        }
        Ok(Files {
            clouds: Document { root: clouds },
            clouds_path,
            secure_path,
            searched,
        })
    }

    pub(crate) fn resolve(&self, flags: &Overrides) -> Result<CloudConfig, ConfigError> {
        self.resolve_in(&self.load()?, flags)
    }

    /// [`Loader::resolve`] on files read before: the fleet reads them once
    /// for all its clouds, not once per cloud (which made a fleet's cost
    /// grow with the square of its size).
    pub(crate) fn resolve_in(
        &self,
        files: &Files,
        flags: &Overrides,
    ) -> Result<CloudConfig, ConfigError> {
        let os = os_vars(self.env);
        let env_name = self.env.envvars_cloud_name();
        self.check_clash(files, &env_name, os.has_auth_vars)?;
        let wanted = non_empty(&flags.cloud).or_else(|| self.env.var("OS_CLOUD"));
        let choice = match wanted {
            Some(w) if w == env_name && os.has_auth_vars => Choice::Env,
            Some(w) if files.clouds.root.contains_key(w) => Choice::File(w.to_string()),
            Some(w) => {
                let mut available = files.names();
                if os.has_auth_vars {
                    available.push(env_name);
                }
                return Err(ConfigError::UnknownCloud {
                    cloud: w.to_string(),
                    available,
                    loaded: files.source(),
                    searched: files.searched.clone(),
                });
            }
            None if os.has_auth_vars => Choice::Env,
            None if files.clouds.root.len() == 1 => Choice::File(files.names().remove(0)),
            // The OpenStack CLI builds a cloud from its flags alone.
            None if non_empty(&flags.auth_url).is_some() => Choice::FlagsOnly,
            None => {
                return Err(
                    match files
                        .clouds_path
                        .clone()
                        .filter(|_| !files.clouds.root.is_empty())
                    {
                        Some(loaded) => ConfigError::NoCloudSelected {
                            available: files.names(),
                            loaded,
                        },
                        None => ConfigError::NoCloud {
                            searched: files.searched.clone(),
                        },
                    },
                );
            }
        };
        let env_layer = normalize(os.layer, ENV_ORIGIN)?;
        match choice {
            Choice::File(name) => {
                let origin = files.origin(&name);
                let raw = files
                    .clouds
                    .root
                    .get(name.as_str())
                    .cloned()
                    .unwrap_or(Value::Null);
                let own = normalize(cloud_mapping(raw, &origin)?, &origin)?;
                self.assemble(&name, own, Some(env_layer), flags, files.source(), &origin)
            }
            Choice::Env => self.assemble(&env_name, env_layer, None, flags, None, ENV_ORIGIN),
            Choice::FlagsOnly => {
                let env_only_region = region_only(env_layer);
                self.assemble(
                    "defaults",
                    Mapping::new(),
                    Some(env_only_region),
                    flags,
                    None,
                    "--os-* flags",
                )
            }
        }
    }

    /// Layers the sources of one cloud (see the module docs) and builds it.
    /// `env` is `None` when the cloud itself is made of `OS_*` variables.
    fn assemble(
        &self,
        name: &str,
        mut own: Mapping,
        mut env: Option<Mapping>,
        flags: &Overrides,
        source: Option<PathBuf>,
        origin: &str,
    ) -> Result<CloudConfig, ConfigError> {
        let mut profile = self.profile_layer(name, &mut own)?;
        if let Some(env) = env.as_mut() {
            // A profile names the cloud's vendor; an openrc cannot change it.
            env.remove("profile");
            env.remove("cloud");
        }
        let flags = normalize(flags_layer(flags), "--os-* flags")?;
        let requested = [Some(&flags), env.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|l| {
                l.get("region_name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
        // The cloud's own regions win over the profile's (sdk `_get_known_regions`).
        let own_regions = take_regions(&mut own, origin)?;
        let profile_regions = match profile.as_mut() {
            Some(p) => take_regions(p, &format!("profile of cloud `{name}`"))?,
            None => None,
        };
        let (region, values) = choose_region(name, own_regions.or(profile_regions), requested)?;

        let mut merged = profile.unwrap_or_default();
        merge_layer(&mut merged, own);
        if let Some(values) = values {
            merge_layer(
                &mut merged,
                normalize(values, &format!("{origin}, region values"))?,
            );
        }
        let auth_type = [Some(&flags), env.as_ref(), Some(&merged)]
            .into_iter()
            .flatten()
            .find_map(|l| {
                l.get("auth_type")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
        if auth_type.as_deref().and_then(AuthType::parse) == Some(AuthType::ApplicationCredential) {
            match env.as_mut() {
                Some(env) => drop_env_scope(name, env),
                None => drop_env_scope(name, &mut merged),
            }
        }
        if let Some(env) = env {
            merge_layer(&mut merged, env);
        }
        merge_layer(&mut merged, flags);
        match region {
            Some(r) => merged.insert(key("region_name"), Value::String(r)),
            None => merged.remove("region_name"),
        };
        build(name, merged, source, self.env.home.as_deref())
    }

    /// The `profile:` (or old `cloud:`) defaults from clouds-public.yaml.
    pub(super) fn profile_layer(
        &self,
        cloud: &str,
        own: &mut Mapping,
    ) -> Result<Option<Mapping>, ConfigError> {
        let new_key = take_string(own, "profile");
        let old_key = take_string(own, "cloud");
        let Some(profile) = new_key.or(old_key) else {
            return Ok(None);
        };
        if profile == self.env.envvars_cloud_name() {
            return Ok(None);
        }
        let searched = candidates(self.env, &self.system, "clouds-public", None);
        let unknown =
            |loaded: Option<PathBuf>, searched: Vec<PathBuf>| ConfigError::UnknownProfile {
                profile: profile.clone(),
                cloud: cloud.to_string(),
                loaded,
                searched,
            };
        let Some(path) = first_existing(&searched) else {
            return Err(unknown(None, searched));
        };
        let mut doc = read_document(&path)?;
        let section = match doc.root.remove("public-clouds") {
            None | Some(Value::Null) => Mapping::new(),
            Some(Value::Mapping(m)) => stringify_keys(m),
            Some(other) => {
                return Err(ConfigError::SectionNotAMapping {
                    path,
                    key: "public-clouds",
                    found: kind(&other),
                });
            }
        };
        let mut section = Document { root: section };
        let Some(entry) = section.root.remove(profile.as_str()) else {
            return Err(unknown(Some(path), searched));
        };
        let origin = format!("profile `{profile}` in {}", path.display());
        let mut layer = normalize(cloud_mapping(entry, &origin)?, &origin)?;
        layer.remove("profile");
        layer.remove("cloud");
        Ok(Some(layer))
    }

    /// openstacksdk refuses a file cloud with the `OS_*` cloud's name.
    pub(super) fn check_clash(
        &self,
        files: &Files,
        env_name: &str,
        has_env: bool,
    ) -> Result<(), ConfigError> {
        match (
            &files.clouds_path,
            has_env && files.clouds.root.contains_key(env_name),
        ) {
            (Some(path), true) => Err(ConfigError::EnvCloudNameClash {
                name: env_name.to_string(),
                path: path.clone(),
            }),
            _ => Ok(()),
        }
    }
}

/// A cloud's settings must be a mapping; `name:` with nothing is empty.
fn cloud_mapping(raw: Value, origin: &str) -> Result<Mapping, ConfigError> {
    match raw {
        Value::Mapping(m) => Ok(m),
        Value::Null => Ok(Mapping::new()),
        other => Err(ConfigError::WrongType {
            origin: origin.to_string(),
            key: "(the cloud's settings)".to_string(),
            expected: "a mapping of settings",
            found: kind(&other),
        }),
    }
}

/// Cloud names as strings (YAML allows `123:` as a key).
fn stringify_keys(m: Mapping) -> Mapping {
    m.into_iter()
        .filter_map(|(k, v)| {
            let name = match k {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return None,
            };
            Some((Value::String(name), v))
        })
        .collect()
}
