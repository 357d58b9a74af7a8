//! Reading config.toml's text into [`Settings`]: serde for the shape, then
//! a check of every value with its place in the file, so each error can name
//! the line, the column and the setting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::colours::{Colours, parse_colour};
use super::error::SettingsError;
use super::keys::{KeyOverride, KeyOverrides, Screen, action_name};
use super::keyspec::parse_key;
use super::{CLIPBOARD_CLEAR_RANGE, EXPIRY_WARNING_RANGE, Settings};
use crate::keys::{Action, key_label};

/// The file's shape. Numbers are read as i64 so a negative or huge value
/// gets our range message rather than serde's "invalid value".
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    expiry_warning_days: Option<Spanned<i64>>,
    clipboard_clear_seconds: Option<Spanned<i64>>,
    export_dir: Option<Spanned<String>>,
    token_cache: Option<bool>,
    #[serde(default, alias = "colors")]
    colours: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    keys: BTreeMap<String, Spanned<BTreeMap<String, Spanned<KeyList>>>>,
}

/// `quit = "q"` or `quit = ["q", "ctrl-q"]`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    fn specs(&self) -> Vec<&str> {
        match self {
            KeyList::One(s) => vec![s.as_str()],
            KeyList::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// Where messages point: the file and its text.
struct Source<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Source<'_> {
    fn invalid(&self, offset: usize, key: &str, problem: impl Into<String>) -> SettingsError {
        let (line, column) = line_column(self.text, offset);
        SettingsError::Invalid {
            path: self.path.to_path_buf(),
            line,
            column,
            key: key.to_string(),
            problem: problem.into(),
        }
    }
}

/// Parses config.toml's text. `home` expands a leading `~` in `export_dir`.
pub fn parse(text: &str, path: &Path, home: Option<&Path>) -> Result<Settings, SettingsError> {
    let src = Source { path, text };
    let raw: Raw = toml::from_str(text).map_err(|e| shape_error(&src, &e))?;
    let mut settings = Settings::default();

    if let Some(v) = &raw.expiry_warning_days {
        settings.expiry_warning_days =
            in_range(&src, v, "expiry_warning_days", EXPIRY_WARNING_RANGE)?;
    }
    if let Some(v) = &raw.clipboard_clear_seconds {
        settings.clipboard_clear_seconds =
            in_range(&src, v, "clipboard_clear_seconds", CLIPBOARD_CLEAR_RANGE)?;
    }
    if let Some(v) = &raw.export_dir {
        settings.export_dir = Some(export_dir(&src, v, home)?);
    }
    if let Some(on) = raw.token_cache {
        settings.token_cache = on;
    }
    settings.colours = colours(&src, &raw.colours)?;
    settings.keys = keys(&src, &raw.keys)?;
    Ok(settings)
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

type RawKeys = BTreeMap<String, Spanned<BTreeMap<String, Spanned<KeyList>>>>;

fn keys(src: &Source, raw: &RawKeys) -> Result<KeyOverrides, SettingsError> {
    let mut entries = Vec::new();
    for (screen_name, section) in raw {
        let screen = Screen::all()
            .into_iter()
            .find(|s| s.name() == screen_name)
            .ok_or_else(|| {
                let names: Vec<&str> = Screen::all().iter().map(|s| s.name()).collect();
                src.invalid(
                    section.span().start,
                    &format!("keys.{screen_name}"),
                    format!(
                        "there is no screen `{screen_name}`; the screens are: {}",
                        names.join(", ")
                    ),
                )
            })?;
        let actions = screen.actions();
        for (action_text, value) in section.get_ref() {
            let key = format!("keys.{screen_name}.{action_text}");
            let at = value.span().start;
            let action = actions
                .iter()
                .find(|a| action_name(**a) == action_text)
                .copied()
                .ok_or_else(|| {
                    let names: Vec<&str> = actions.iter().map(|a| action_name(*a)).collect();
                    src.invalid(
                        at,
                        &key,
                        format!(
                            "the {screen_name} screen has no action `{action_text}`; its actions are: {}",
                            names.join(", ")
                        ),
                    )
                })?;
            let keys = value
                .get_ref()
                .specs()
                .into_iter()
                .map(|spec| parse_key(spec).map_err(|e| src.invalid(at, &key, e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            entries.push((
                at,
                KeyOverride {
                    screen,
                    action,
                    keys,
                },
            ));
        }
    }
    check_conflicts(src, entries)
}

/// Refuses a config under which one key would do two things on one screen
/// (the table would silently take the first), pointing at the entry that
/// introduced the clash.
fn check_conflicts(
    src: &Source,
    entries: Vec<(usize, KeyOverride)>,
) -> Result<KeyOverrides, SettingsError> {
    let spans: Vec<(usize, Screen, Action)> = entries
        .iter()
        .map(|(at, o)| (*at, o.screen, o.action))
        .collect();
    let overrides = KeyOverrides::new(entries.into_iter().map(|(_, o)| o).collect());
    let Some((context, key, first, second)) = overrides.first_conflict() else {
        return Ok(overrides);
    };
    // Blame the configured entry among the two actions (the other keeps its default).
    let blamed = spans
        .iter()
        .filter(|(_, screen, action)| {
            screen.contexts().contains(&context) && (*action == first || *action == second)
        })
        .max_by_key(|(at, _, _)| *at);
    let (at, screen, action) = blamed.copied().unwrap_or((0, Screen::of(context), second));
    let other = if action == first { second } else { first };
    Err(src.invalid(
        at,
        &format!("keys.{}.{}", screen.name(), action_name(action)),
        format!(
            "key `{}` would do both `{}` and `{}` on the {} screen; give `{}` another key, \
             or rebind `{}` too",
            key_label(&key),
            action_name(action),
            action_name(other),
            Screen::of(context).name(),
            action_name(action),
            action_name(other),
        ),
    ))
}

/// Turns a serde/TOML error into one naming the line, column and setting.
fn shape_error(src: &Source, e: &toml::de::Error) -> SettingsError {
    let offset = e.span().map_or(0, |s| s.start);
    let (line, column) = line_column(src.text, offset);
    // A text that is not TOML at all is a syntax error; one that is TOML of
    // the wrong shape is about a setting.
    if src.text.parse::<toml::Table>().is_err() {
        return SettingsError::Syntax {
            path: src.path.to_path_buf(),
            line,
            column,
            message: e.message().trim_end_matches('\n').to_string(),
        };
    }
    let problem = e
        .message()
        .trim_end_matches('\n')
        .replace("expected i64", "expected a whole number")
        .replace(
            "data did not match any variant of untagged enum KeyList",
            "expected a key such as \"ctrl-d\" or a list of keys such as [\"j\", \"Down\"]",
        );
    SettingsError::Invalid {
        path: src.path.to_path_buf(),
        line,
        column,
        key: key_path_at(src.text, offset).unwrap_or_else(|| "(top level)".to_string()),
        problem,
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

/// The dotted name of the setting written at `offset`: the nearest `[table]`
/// header above, then the key of the `key = value` line the offset is on (or
/// that a multi-line value started on). Good for the plain files people
/// write; `None` when nothing looks like a key.
pub(crate) fn key_path_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let line_index = text.get(..offset)?.matches('\n').count();
    let lines: Vec<&str> = text.lines().collect();
    let header = |l: &str| {
        let t = l.trim();
        t.starts_with('[').then(|| {
            t.trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
    };
    let here = lines.get(line_index).copied().unwrap_or("");
    if let Some(h) = header(here) {
        return Some(h);
    }
    let key = lines[..=line_index.min(lines.len().saturating_sub(1))]
        .iter()
        .rev()
        .take_while(|l| header(l).is_none())
        .find_map(|l| {
            let (k, _) = l.split_once('=')?;
            let k = k.trim().trim_matches(['"', '\'']);
            (!k.is_empty() && !k.starts_with('#')).then(|| k.to_string())
        })?;
    let section = lines[..line_index.min(lines.len())]
        .iter()
        .rev()
        .find_map(|l| header(l));
    Some(match section {
        Some(s) if !s.is_empty() => format!("{s}.{key}"),
        _ => key,
    })
}
