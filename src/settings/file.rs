//! Reading config.toml's text into [`Settings`] (the TUI) or [`Shared`]
//! (the command line): serde for the shape, then a check of every value
//! with its place in the file, so each error can name the line, the column
//! and the setting. Both read the same shape, so an unknown top-level name
//! is refused by both; the command line's leaves `[keys]` and `[colours]`
//! unread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

use super::Settings;
use super::colours::{Colours, parse_colour};
use super::error::SettingsError;
use super::keys_section::{RawKeys, keys};
use super::shared::{
    CLIPBOARD_CLEAR_RANGE, EPHEMERAL_MAX_HOURS_RANGE, EXPIRY_WARNING_RANGE,
    FLEET_CLOUD_TIMEOUT_RANGE, Shared,
};
use super::source::{Source, shape_error};

/// The file's shape, with the TUI's sections as `C` (colours) and `K`
/// (keys): read for the TUI, [`IgnoredAny`] for the command line. Numbers
/// are read as i64 so a negative or huge value gets our range message
/// rather than serde's "invalid value".
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw<C, K> {
    expiry_warning_days: Option<Spanned<i64>>,
    clipboard_clear_seconds: Option<Spanned<i64>>,
    export_dir: Option<Spanned<String>>,
    token_cache: Option<bool>,
    fleet_cloud_timeout_seconds: Option<Spanned<i64>>,
    default_store: Option<Spanned<String>>,
    ephemeral_max_hours: Option<Spanned<i64>>,
    #[serde(default)]
    recipients: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    stores: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default, alias = "colors")]
    colours: C,
    #[serde(default)]
    keys: K,
}

/// Parses config.toml's text for the TUI. `home` expands a leading `~` in
/// `export_dir`.
pub fn parse(text: &str, path: &Path, home: Option<&Path>) -> Result<Settings, SettingsError> {
    let src = Source { path, text };
    let raw: Raw<BTreeMap<String, Spanned<String>>, RawKeys> =
        toml::from_str(text).map_err(|e| shape_error(&src, &e))?;
    Ok(Settings {
        shared: shared(&src, &raw, home)?,
        colours: colours(&src, &raw.colours)?,
        keys: keys(&src, &raw.keys)?,
    })
}

/// Parses config.toml's top-level settings for the command line, skipping
/// `[keys]` and `[colours]` whatever they hold.
pub fn parse_shared(text: &str, path: &Path, home: Option<&Path>) -> Result<Shared, SettingsError> {
    let src = Source { path, text };
    let raw: Raw<IgnoredAny, IgnoredAny> =
        toml::from_str(text).map_err(|e| shape_error(&src, &e))?;
    shared(&src, &raw, home)
}

fn shared<C, K>(
    src: &Source,
    raw: &Raw<C, K>,
    home: Option<&Path>,
) -> Result<Shared, SettingsError> {
    let mut shared = Shared::default();
    if let Some(v) = &raw.expiry_warning_days {
        shared.expiry_warning_days = in_range(src, v, "expiry_warning_days", EXPIRY_WARNING_RANGE)?;
    }
    if let Some(v) = &raw.clipboard_clear_seconds {
        shared.clipboard_clear_seconds =
            in_range(src, v, "clipboard_clear_seconds", CLIPBOARD_CLEAR_RANGE)?;
    }
    if let Some(v) = &raw.export_dir {
        shared.export_dir = Some(export_dir(src, v, home)?);
    }
    if let Some(on) = raw.token_cache {
        shared.token_cache = on;
    }
    if let Some(v) = &raw.fleet_cloud_timeout_seconds {
        shared.fleet_cloud_timeout_seconds = in_range(
            src,
            v,
            "fleet_cloud_timeout_seconds",
            FLEET_CLOUD_TIMEOUT_RANGE,
        )?;
    }
    for (name, v) in &raw.stores {
        let key = format!("stores.{}", name.get_ref());
        if !crate::store::is_store_name(name.get_ref()) {
            return Err(src.invalid(
                name.span().start,
                &key,
                "a store's name is one word without `:` or spaces, and not a kind of store \
                 (secret-service, pass, vault); rename it (e.g. ci, prod)"
                    .to_string(),
            ));
        }
        let address = v
            .get_ref()
            .trim()
            .parse()
            .map_err(|e: crate::store::StoreError| {
                src.invalid(v.span().start, &key, format!("{}; {}", e.message, e.hint))
            })?;
        shared.stores.insert(name.get_ref().clone(), address);
    }
    if let Some(v) = &raw.default_store {
        let address = crate::store::resolve(v.get_ref(), &shared.stores).map_err(|e| {
            src.invalid(
                v.span().start,
                "default_store",
                format!("{}; {}", e.message, e.hint),
            )
        })?;
        shared.default_store = Some(address);
    }
    if let Some(v) = &raw.ephemeral_max_hours {
        shared.ephemeral_max_hours =
            in_range(src, v, "ephemeral_max_hours", EPHEMERAL_MAX_HOURS_RANGE)?;
    }
    for (name, v) in &raw.recipients {
        let key = format!("recipients.{name}");
        let text = v.get_ref().trim();
        let expanded = match (text.strip_prefix("~/"), home) {
            (Some(rest), Some(home)) => home.join(rest).display().to_string(),
            _ => text.to_string(),
        };
        // A key is checked now; a file when a hand-off is sealed (a file
        // gone missing must not stop every other command).
        if crate::handoff::looks_like_key(&expanded) {
            crate::handoff::parse_recipients(std::slice::from_ref(&expanded))
                .map_err(|e| src.invalid(v.span().start, &key, e.message))?;
        } else if !Path::new(&expanded).is_absolute() {
            return Err(src.invalid(
                v.span().start,
                &key,
                format!(
                    "{text:?} is neither a public key (age1..., ssh-ed25519 ..., ssh-rsa ...) \
                     nor an absolute path (from `/` or `~/`) of a file of them"
                ),
            ));
        }
        shared.recipients.insert(name.clone(), expanded);
    }
    Ok(shared)
}

fn in_range<T: TryFrom<i64> + Copy>(
    src: &Source,
    value: &Spanned<i64>,
    key: &str,
    (low, high): (i64, i64),
) -> Result<T, SettingsError> {
    let n = *value.get_ref();
    match T::try_from(n) {
        Ok(t) if (low..=high).contains(&n) => Ok(t),
        _ => Err(src.invalid(
            value.span().start,
            key,
            format!("{n} is out of range; use a whole number from {low} to {high}"),
        )),
    }
}

fn export_dir(
    src: &Source,
    value: &Spanned<String>,
    home: Option<&Path>,
) -> Result<PathBuf, SettingsError> {
    let text = value.get_ref().as_str();
    let at = value.span().start;
    let expanded = match (text.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            home.join(rest.trim_start_matches('/'))
        }
        (Some(_), None) => {
            return Err(src.invalid(
                at,
                "export_dir",
                "starts with `~` but the home directory is unknown; write the full path",
            ));
        }
        _ => PathBuf::from(text),
    };
    if !expanded.is_absolute() {
        return Err(src.invalid(
            at,
            "export_dir",
            format!(
                "{text:?} is not an absolute path; write it from `/` or `~/` \
                 (a relative path would depend on where appcred was started)"
            ),
        ));
    }
    Ok(expanded)
}

fn colours(
    src: &Source,
    raw: &BTreeMap<String, Spanned<String>>,
) -> Result<Colours, SettingsError> {
    let mut colours = Colours::default();
    for (name, value) in raw {
        let key = format!("colours.{name}");
        let at = value.span().start;
        let slot = colours.slot(name).ok_or_else(|| {
            src.invalid(
                at,
                &key,
                format!(
                    "there is no colour `{name}`; the colours are: {}",
                    Colours::NAMES.join(", ")
                ),
            )
        })?;
        *slot = parse_colour(value.get_ref()).map_err(|problem| src.invalid(at, &key, problem))?;
    }
    Ok(colours)
}
