//! `regions:` and `region_name`, as openstacksdk's `_get_known_regions` and
//! `_get_region` read them: a list of names or of `{name, values}`; the
//! requested region (flag or OS_REGION_NAME) or else the first one; the
//! chosen region's `values` are laid over the cloud.

use serde_yaml::{Mapping, Value};

use super::error::ConfigError;

pub(crate) struct KnownRegions {
    regions: Vec<(String, Option<Mapping>)>,
    /// A requested region must be one of these: true for a `regions:` list
    /// or several names. A single `region_name` is simply replaced by the
    /// requested one, as an operator switching regions with
    /// OS_REGION_NAME expects (openstacksdk would refuse; we are lenient).
    strict: bool,
}

/// Takes `regions` and `region_name` out of one (normalised) layer. `None`
/// when the layer names no region.
pub(crate) fn take_regions(
    layer: &mut Mapping,
    origin: &str,
) -> Result<Option<KnownRegions>, ConfigError> {
    let region_name = layer.remove("region_name");
    match layer.remove("regions") {
        Some(Value::Sequence(items)) if !items.is_empty() => {
            let regions = items
                .into_iter()
                .enumerate()
                .map(|(i, item)| region_entry(item).map_err(|problem| invalid(origin, i, problem)))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(Some(KnownRegions {
                regions,
                strict: true,
            }));
        }
        Some(Value::Sequence(_)) | None => {}
        Some(other) => {
            return Err(ConfigError::WrongType {
                origin: origin.to_string(),
                key: "regions".to_string(),
                expected: "a list of region names or {name, values} entries",
                found: super::error::kind(&other),
            });
        }
    }
    // Normalisation left a string or a list of strings. A comma-separated
    // string is openstacksdk's deprecated way of listing several.
    let names: Vec<String> = match region_name {
        Some(Value::String(s)) => s.split(',').map(str::trim).map(str::to_string).collect(),
        Some(Value::Sequence(items)) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names.into_iter().filter(|n| !n.is_empty()).collect();
    if names.is_empty() {
        return Ok(None);
    }
    Ok(Some(KnownRegions {
        strict: names.len() > 1,
        regions: names.into_iter().map(|n| (n, None)).collect(),
    }))
}

fn region_entry(item: Value) -> Result<(String, Option<Mapping>), &'static str> {
    match item {
        Value::String(s) if !s.is_empty() => Ok((s, None)),
        Value::Number(n) => Ok((n.to_string(), None)),
        Value::Mapping(mut m) => {
            let name = match m.remove("name") {
                Some(Value::String(s)) if !s.is_empty() => s,
                Some(Value::Number(n)) => n.to_string(),
                Some(_) => return Err("has a `name` that is not a string"),
                None => return Err("has no `name`"),
            };
            let values = match m.remove("values") {
                None | Some(Value::Null) => None,
                Some(Value::Mapping(v)) => Some(v),
                Some(_) => return Err("has `values` that are not a mapping"),
            };
            if !m.is_empty() {
                return Err("has keys other than `name` and `values`");
            }
            Ok((name, values))
        }
        _ => Err("is neither a region name nor a mapping"),
    }
}

fn invalid(origin: &str, index: usize, problem: &'static str) -> ConfigError {
    ConfigError::InvalidRegionEntry {
        origin: origin.to_string(),
        index: index + 1,
        problem,
    }
}

/// The region to use and its `values`, if any.
pub(crate) fn choose_region(
    cloud: &str,
    known: Option<KnownRegions>,
    requested: Option<String>,
) -> Result<(Option<String>, Option<Mapping>), ConfigError> {
    let Some(known) = known else {
        return Ok((requested, None));
    };
    let Some(requested) = requested else {
        let first = known.regions.into_iter().next();
        return Ok(first.map_or((None, None), |(n, v)| (Some(n), v)));
    };
    let names: Vec<String> = known.regions.iter().map(|(n, _)| n.clone()).collect();
    match known.regions.into_iter().find(|(n, _)| *n == requested) {
        Some((n, values)) => Ok((Some(n), values)),
        None if known.strict => Err(ConfigError::UnknownRegion {
            cloud: cloud.to_string(),
            region: requested,
            available: names,
        }),
        None => Ok((Some(requested), None)),
    }
}
