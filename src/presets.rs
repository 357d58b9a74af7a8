//! Presets: named recipes for common credentials (`appcred create --preset
//! magnum --cluster ID`, and the wizard's first step). They are data, kept in
//! `assets/presets.toml` and compiled in, so adding one is a few lines there.
//!
//! API:
//! - [`all`] lists the built-in presets, [`find`] looks one up by key.
//! - [`Preset::apply`] fills in the parameters and picks the roles from what
//!   the user holds on the scope, giving [`PresetValues`] or a [`PresetError`]
//!   that names what is missing.

use serde::Deserialize;
use thiserror::Error;

use crate::keystone::HeldRole;

/// The built-in presets, as shipped.
const BUILT_IN: &str = include_str!("../assets/presets.toml");

/// How a preset turns its role list into the credential's roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoleChoice {
    /// The first role of the list the user holds: for alternatives such as
    /// `member` / `_member_` (the older name).
    FirstHeld,
    /// Every role of the list the user holds (at least one).
    AllHeld,
}

/// A value the user must give, such as the Magnum cluster id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PresetParam {
    pub key: String,
    /// Shown next to the input field or in the `--help` text.
    pub prompt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Preset {
    /// What the user types after `--preset`.
    pub key: String,
    /// One line for the chooser.
    pub summary: String,
    /// The credential's name, with `{param}` placeholders.
    pub name: String,
    /// The credential's description, with `{param}` placeholders.
    pub description: String,
    /// Role names, in order of preference.
    pub roles: Vec<String>,
    pub role_choice: RoleChoice,
    #[serde(default)]
    pub params: Vec<PresetParam>,
    /// A suggested expiry in the form `--expires` takes (e.g. `90d`).
    #[serde(default)]
    pub expires: Option<String>,
}

/// What a preset gives once applied: ready for the wizard's fields or the
/// create request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetValues {
    pub name: String,
    pub description: String,
    /// Ids of the chosen roles, in the same order as `role_names`.
    pub role_ids: Vec<String>,
    pub role_names: Vec<String>,
    /// Copied from the preset, still unparsed (the caller knows `now`).
    pub expires: Option<String>,
}

#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum PresetError {
    #[error("the preset file is malformed: {0}")]
    Malformed(String),
    #[error("unknown preset {0:?}: choose one of {1}")]
    Unknown(String, String),
    #[error("the preset {preset:?} needs --{param} ({prompt})")]
    MissingParam {
        preset: String,
        param: String,
        prompt: String,
    },
    #[error("the value for {param:?} must not contain control characters")]
    BadParam { param: String },
    #[error("the preset {preset:?} got a value for {param:?}, which it does not take")]
    UnexpectedParam { preset: String, param: String },
    #[error(
        "the preset {preset:?} needs the role {wanted} on this scope, and you hold none of them: \
         ask an admin for one, or pick the roles yourself"
    )]
    NoHeldRole { preset: String, wanted: String },
}

/// Reads a presets file (the built-in one, or later a user's own).
pub fn parse(text: &str) -> Result<Vec<Preset>, PresetError> {
    #[derive(Deserialize)]
    struct File {
        #[serde(default)]
        preset: Vec<Preset>,
    }
    let file: File = toml::from_str(text).map_err(|e| PresetError::Malformed(e.to_string()))?;
    Ok(file.preset)
}

/// Every built-in preset, in file order. The file is compiled in and checked
/// by a unit test, so an empty list here means a broken build, not bad input.
pub fn all() -> Vec<Preset> {
    parse(BUILT_IN).unwrap_or_default()
}

pub fn find(key: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.key == key.trim())
}

/// Like [`find`], with an error that lists the known keys.
pub fn find_or_explain(key: &str) -> Result<Preset, PresetError> {
    find(key).ok_or_else(|| {
        let known: Vec<String> = all().into_iter().map(|p| p.key).collect();
        PresetError::Unknown(key.to_string(), known.join(", "))
    })
}

impl Preset {
    /// Fills in `params` (`[("cluster", "k8s-prod")]`) and picks the roles
    /// from `held_roles` (the user's effective roles on the scope).
    pub fn apply(
        &self,
        params: &[(&str, &str)],
        held_roles: &[HeldRole],
    ) -> Result<PresetValues, PresetError> {
        if let Some((unexpected, _)) = params
            .iter()
            .find(|(k, _)| !self.params.iter().any(|p| p.key == *k))
        {
            return Err(PresetError::UnexpectedParam {
                preset: self.key.clone(),
                param: unexpected.to_string(),
            });
        }
        let mut name = self.name.clone();
        let mut description = self.description.clone();
        for param in &self.params {
            let value = params
                .iter()
                .find(|(k, _)| *k == param.key)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| PresetError::MissingParam {
                    preset: self.key.clone(),
                    param: param.key.clone(),
                    prompt: param.prompt.clone(),
                })?;
            if value.chars().any(char::is_control) {
                return Err(PresetError::BadParam {
                    param: param.key.clone(),
                });
            }
            let placeholder = format!("{{{}}}", param.key);
            name = name.replace(&placeholder, value);
            description = description.replace(&placeholder, value);
        }
        let chosen = self.choose_roles(held_roles)?;
        Ok(PresetValues {
            name,
            description,
            role_ids: chosen.iter().map(|r| r.id.clone()).collect(),
            role_names: chosen.iter().map(|r| r.name.clone()).collect(),
            expires: self.expires.clone(),
        })
    }

    /// The ids of the roles this preset picks from `held_roles`, without
    /// its parameters (`exec --ephemeral --preset` names the credential
    /// itself).
    pub fn held_role_ids(&self, held_roles: &[HeldRole]) -> Result<Vec<String>, PresetError> {
        Ok(self
            .choose_roles(held_roles)?
            .iter()
            .map(|r| r.id.clone())
            .collect())
    }

    fn choose_roles<'a>(&self, held: &'a [HeldRole]) -> Result<Vec<&'a HeldRole>, PresetError> {
        // Keystone role names are case-insensitive in practice (`Member` on
        // old deployments), so compare them that way.
        let held_named =
            |wanted: &String| held.iter().find(|h| h.name.eq_ignore_ascii_case(wanted));
        let chosen: Vec<&HeldRole> = match self.role_choice {
            RoleChoice::FirstHeld => self.roles.iter().find_map(held_named).into_iter().collect(),
            RoleChoice::AllHeld => self.roles.iter().filter_map(held_named).collect(),
        };
        if chosen.is_empty() {
            return Err(PresetError::NoHeldRole {
                preset: self.key.clone(),
                wanted: self.roles_wanted_text(),
            });
        }
        Ok(chosen)
    }

    /// `member or _member_` / `reader`
    pub fn roles_wanted_text(&self) -> String {
        let joiner = match self.role_choice {
            RoleChoice::FirstHeld => " or ",
            RoleChoice::AllHeld => " and/or ",
        };
        self.roles.join(joiner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keystone::RoleOrigin;

    fn held(names: &[&str]) -> Vec<HeldRole> {
        names
            .iter()
            .map(|n| HeldRole {
                id: format!("id-{n}"),
                name: n.to_string(),
                origin: RoleOrigin::Direct,
            })
            .collect()
    }

    fn magnum() -> Result<Preset, PresetError> {
        find_or_explain("magnum")
    }

    #[test]
    fn built_in_file_parses_and_keys_are_unique() -> Result<(), PresetError> {
        let presets = parse(BUILT_IN)?;
        assert!(presets.len() >= 3);
        let mut keys: Vec<&str> = presets.iter().map(|p| p.key.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), presets.len());
        for p in &presets {
            assert!(!p.roles.is_empty(), "{} has no roles", p.key);
            for param in &p.params {
                assert!(p.name.contains(&format!("{{{}}}", param.key)));
            }
        }
        Ok(())
    }

    #[test]
    fn magnum_prefers_member() -> Result<(), PresetError> {
        let v = magnum()?.apply(
            &[("cluster", "k8s-prod")],
            &held(&["reader", "_member_", "member"]),
        )?;
        assert_eq!(v.name, "magnum-k8s-prod");
        assert_eq!(v.description, "Magnum cluster (k8s-prod)");
        assert_eq!(v.role_names, vec!["member"]);
        assert_eq!(v.role_ids, vec!["id-member"]);
        Ok(())
    }

    #[test]
    fn magnum_falls_back_to_old_member_name() -> Result<(), PresetError> {
        let v = magnum()?.apply(&[("cluster", "c1")], &held(&["_member_"]))?;
        assert_eq!(v.role_ids, vec!["id-_member_"]);
        Ok(())
    }

    #[test]
    fn magnum_without_member_names_the_roles() -> Result<(), PresetError> {
        let err = magnum()?.apply(&[("cluster", "c1")], &held(&["reader"]));
        let Err(e) = err else {
            panic!("expected an error")
        };
        assert!(matches!(e, PresetError::NoHeldRole { .. }));
        let text = e.to_string();
        assert!(text.contains("member or _member_"), "{text}");
        Ok(())
    }

    #[test]
    fn parameters_are_checked() -> Result<(), PresetError> {
        let p = magnum()?;
        let roles = held(&["member"]);
        assert!(matches!(
            p.apply(&[], &roles),
            Err(PresetError::MissingParam { .. })
        ));
        assert!(matches!(
            p.apply(&[("cluster", "  ")], &roles),
            Err(PresetError::MissingParam { .. })
        ));
        assert!(matches!(
            p.apply(&[("cluster", "a\nb")], &roles),
            Err(PresetError::BadParam { .. })
        ));
        assert!(matches!(
            p.apply(&[("cluster", "c"), ("colour", "red")], &roles),
            Err(PresetError::UnexpectedParam { .. })
        ));
        Ok(())
    }

    #[test]
    fn unknown_preset_lists_known_ones() {
        let Err(e) = find_or_explain("nope") else {
            panic!("expected an error")
        };
        assert!(e.to_string().contains("magnum"));
    }

    #[test]
    fn all_held_takes_every_held_role() -> Result<(), PresetError> {
        let p = Preset {
            key: "x".into(),
            summary: String::new(),
            name: "x".into(),
            description: String::new(),
            roles: vec!["reader".into(), "load-balancer_observer".into()],
            role_choice: RoleChoice::AllHeld,
            params: vec![],
            expires: None,
        };
        let v = p.apply(&[], &held(&["Reader", "load-balancer_observer"]))?;
        assert_eq!(v.role_names, vec!["Reader", "load-balancer_observer"]);
        Ok(())
    }
}
