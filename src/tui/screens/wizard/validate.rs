//! The wizard's checks, in one place, on top of `crate::validation` (shared with
//! the command line so both refuse the same things with the same words).
//! Each returns the message to show under the field.

use crate::keystone::AccessRule;
use crate::secret::Secret;
use crate::validation;

/// A name: `crate::validation`'s rules, and not one the user already has.
/// Compared ignoring case: Keystone's MySQL collation does, so "CI" next to
/// "ci" would fail on the server with a conflict.
pub(super) fn name(name: &str, existing: &[String]) -> Result<String, String> {
    validation::validate_name(name).map_err(|e| e.to_string())?;
    let trimmed = name.trim();
    if let Some(taken) = existing
        .iter()
        .find(|e| e.trim().to_lowercase() == trimmed.to_lowercase())
    {
        return Err(format!(
            "you already have a credential named {taken:?}: choose another name \
             (or delete the old one first)"
        ));
    }
    Ok(trimmed.to_string())
}

/// An optional description: empty means none.
pub(super) fn description(text: &str) -> Result<Option<String>, String> {
    validation::validate_description(text).map_err(|e| e.to_string())?;
    let trimmed = text.trim();
    Ok((!trimmed.is_empty()).then(|| trimmed.to_string()))
}

/// One access rule from the form's three fields.
pub(super) fn access_rule(
    service: &str,
    method: &str,
    path: &str,
    existing: &[AccessRule],
) -> Result<AccessRule, String> {
    let rule = validation::parse_access_rule(&format!("{service}:{method}:{}", path.trim()))
        .map_err(|e| e.to_string())?;
    if existing
        .iter()
        .any(|r| r.service == rule.service && r.method == rule.method && r.path == rule.path)
    {
        return Err("this rule is already in the list".to_string());
    }
    Ok(rule)
}

/// A typed secret, entered twice.
pub(super) fn typed_secret(
    first: Option<&Secret>,
    second: Option<&Secret>,
) -> Result<Secret, String> {
    let Some(first) = first else {
        return Err("type a secret, or go back and let Keystone generate one".to_string());
    };
    if first.expose().len() > validation::MAX_SECRET_BYTES {
        return Err("the secret is longer than 64 KiB".to_string());
    }
    if first.expose().chars().any(char::is_control) {
        return Err("the secret contains a control character".to_string());
    }
    if second != Some(first) {
        return Err("the two entries differ: type the same secret twice".to_string());
    }
    Ok(first.clone())
}
