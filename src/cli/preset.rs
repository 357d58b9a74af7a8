//! `create --preset NAME`: fills name, description, roles (and a suggested
//! expiry) from the presets file. `--cluster ID` is magnum's parameter;
//! other presets take `--param KEY=VALUE`.
//!
//! A preset used wrongly (unknown, a parameter missing or not its own) is a
//! usage error (exit 2); a preset whose roles the user does not hold is a
//! refusal (exit 1). Either way nothing is created.

use crate::keystone::HeldRole;
use crate::presets::{self, PresetError, PresetValues};

use super::error::{CliError, CliResult};

pub fn apply(
    preset: &str,
    cluster: Option<&str>,
    params: &[String],
    held: &[HeldRole],
) -> CliResult<PresetValues> {
    let p = presets::find_or_explain(preset).map_err(|e| CliError::usage(e.to_string()))?;
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    if let Some(c) = cluster {
        pairs.push(("cluster", c));
    }
    for kv in params {
        let (k, v) = kv
            .split_once('=')
            .ok_or_else(|| CliError::usage(format!("--param wants KEY=VALUE, got {kv:?}")))?;
        pairs.push((k.trim(), v));
    }
    p.apply(&pairs, held).map_err(|e| match e {
        // Only magnum's parameter has a flag of its own.
        PresetError::MissingParam {
            preset,
            param,
            prompt,
        } if param != "cluster" => CliError::usage(format!(
            "the preset {preset:?} needs --param {param}=VALUE ({prompt})"
        )),
        PresetError::UnexpectedParam { preset, param } if param == "cluster" => {
            CliError::usage(format!("the preset {preset:?} does not take --cluster"))
        }
        PresetError::MissingParam { .. }
        | PresetError::UnexpectedParam { .. }
        | PresetError::BadParam { .. }
        | PresetError::Unknown(..) => CliError::usage(e.to_string()),
        PresetError::NoHeldRole { .. } | PresetError::Malformed(_) => CliError::new(e.to_string()),
    })
}
