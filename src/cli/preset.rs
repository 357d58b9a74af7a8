//! `create --preset NAME`: fills name, description, roles (and a suggested
//! expiry) from the presets file. `--cluster ID` is magnum's parameter;
//! other presets take `--param KEY=VALUE`.

use crate::keystone::HeldRole;
use crate::presets::{self, PresetValues};

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
    p.apply(&pairs, held)
        .map_err(|e| CliError::new(e.to_string()))
}
