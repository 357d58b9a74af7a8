//! Finding and reading clouds.yaml, secure.yaml and clouds-public.yaml.
//!
//! The search is openstacksdk's (loader.py `CONFIG_SEARCH_PATH`): the current
//! directory, the XDG user config dir, `~/.config/openstack`, the XDG system
//! config dirs, `/etc/openstack`; in each `NAME.yaml`, `NAME.yml`,
//! `NAME.json`. The first file that exists wins.
//!
//! One deliberate difference: openstacksdk silently skips a file it cannot
//! read or parse and moves on to the next. An operator whose clouds.yaml has a
//! typo then gets "cloud not found" from some other file, or nothing at all.
//! We stop with an error that names the file and the position instead.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};
use zeroize::{Zeroize, Zeroizing};

use super::environment::Environment;
use super::error::SYNTAX_FIX;
use super::error::{ConfigError, kind};

/// The system-wide directories searched after the user's: `$XDG_CONFIG_DIRS`
/// (default `/etc/xdg`) with `openstack` appended, then `/etc/openstack`.
pub(crate) fn system_dirs(env: &Environment) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = env
        .var("XDG_CONFIG_DIRS")
        .unwrap_or("/etc/xdg")
        .split(':')
        .filter(|d| !d.trim().is_empty())
        .map(|d| Path::new(d).join("openstack"))
        .collect();
    dirs.push(PathBuf::from("/etc/openstack"));
    dirs
}

/// The directories searched, in order, without duplicates (as root
/// `$XDG_CONFIG_HOME/openstack` and `~/.config/openstack` are the same).
pub(crate) fn search_dirs(env: &Environment, system: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = vec![env.cwd.clone()];
    // platformdirs' user_config_dir: $XDG_CONFIG_HOME unless blank, else ~/.config.
    match env.var("XDG_CONFIG_HOME").filter(|v| !v.trim().is_empty()) {
        Some(xdg) => dirs.push(Path::new(xdg).join("openstack")),
        None => dirs.extend(env.home.as_ref().map(|h| h.join(".config/openstack"))),
    }
    // Under snap, $HOME is the snap's; the user's files are under SNAP_REAL_HOME.
    match env.var("SNAP_REAL_HOME") {
        Some(real) => dirs.push(Path::new(real).join(".config/openstack")),
        None => dirs.extend(env.home.as_ref().map(|h| h.join(".config/openstack"))),
    }
    dirs.extend(system.iter().cloned());
    let mut unique: Vec<PathBuf> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        if !unique.contains(&dir) {
            unique.push(dir);
        }
    }
    unique
}

/// `stem.{yaml,yml,json}` in every search dir, with `$override_var` first.
pub(crate) fn candidates(
    env: &Environment,
    system: &[PathBuf],
    stem: &str,
    override_var: Option<&str>,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Some(path) = override_var.and_then(|v| env.var(v)) {
        // A relative path is relative to where the command runs.
        files.push(env.cwd.join(path));
    }
    for dir in search_dirs(env, system) {
        for ext in ["yaml", "yml", "json"] {
            files.push(dir.join(format!("{stem}.{ext}")));
        }
    }
    files
}

/// The first candidate that exists (a directory counts, so that it is
/// reported rather than silently passed over).
/// A path we may not look at (a folder without execute permission on the
/// way) counts too: reading it then says "permission denied" instead of the
/// file being passed over as if absent.
pub(crate) fn first_existing(candidates: &[PathBuf]) -> Option<PathBuf> {
    candidates
        .iter()
        .find(|p| match std::fs::metadata(p) {
            Ok(_) => true,
            Err(e) => e.kind() == std::io::ErrorKind::PermissionDenied,
        })
        .cloned()
}

/// A parsed file. Its strings are wiped from memory when it is dropped,
/// since clouds.yaml and secure.yaml hold passwords and secrets.
pub(crate) struct Document {
    pub root: Mapping,
}

impl Drop for Document {
    fn drop(&mut self) {
        scrub(Value::Mapping(std::mem::take(&mut self.root)));
    }
}

/// Overwrites every string in `value` before freeing it (best effort: the
/// YAML parser's own buffers are beyond reach).
pub(crate) fn scrub(value: Value) {
    match value {
        Value::String(mut s) => s.zeroize(),
        Value::Sequence(items) => items.into_iter().for_each(scrub),
        Value::Mapping(map) => map.into_iter().for_each(|(k, v)| {
            scrub(k);
            scrub(v);
        }),
        Value::Tagged(tagged) => scrub(tagged.value),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads and parses one file; JSON for `.json`, YAML (with `<<:` merge keys,
/// which PyYAML honours) otherwise. The top level must be a mapping.
pub(crate) fn read_document(path: &Path) -> Result<Document, ConfigError> {
    if path.is_dir() {
        return Err(ConfigError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let mut text = Zeroizing::new(String::new());
    // Pipes are fine (OS_CLIENT_CONFIG_FILE=<(...)), but a cap keeps a
    // mistake such as /dev/zero from eating all memory.
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_string(&mut text))
        .and_then(|n| match n as u64 > MAX_FILE_BYTES {
            true => Err(std::io::Error::other(
                "it is larger than 16 MiB, too big for a clouds file",
            )),
            false => Ok(()),
        })
        .map_err(|source| match source.kind() {
            std::io::ErrorKind::InvalidData => ConfigError::NotUtf8 {
                path: path.to_path_buf(),
            },
            _ => ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            },
        })?;
    let is_json = path.extension().is_some_and(|e| e == "json");
    let value = parse(&text, is_json).map_err(|e| e.at(path))?;
    match value {
        Value::Mapping(root) => Ok(Document { root }),
        Value::Null => Err(ConfigError::Empty {
            path: path.to_path_buf(),
        }),
        other => {
            let found = kind(&other);
            scrub(other);
            Err(ConfigError::NotAMapping {
                path: path.to_path_buf(),
                found,
            })
        }
    }
}

/// A parse failure before we know the file name.
#[derive(Debug)]
pub(crate) struct ParseError {
    line: usize,
    column: usize,
    format: &'static str,
    message: String,
    /// What to do, where the cause is known; else the common causes.
    fix: Option<String>,
}

impl ParseError {
    fn at(self, path: &Path) -> ConfigError {
        ConfigError::Syntax {
            path: path.to_path_buf(),
            line: self.line,
            column: self.column,
            format: self.format,
            message: self.message,
            fix: self.fix.unwrap_or_else(|| SYNTAX_FIX.to_string()),
        }
    }
}

/// Text -> value, never panicking on any input (fuzzed in the tests).
pub(crate) fn parse(text: &str, is_json: bool) -> Result<Value, ParseError> {
    if is_json {
        // An all-blank JSON file is "empty", like an all-blank YAML one.
        if text.trim().is_empty() {
            return Ok(Value::Null);
        }
        return serde_json::from_str::<Value>(text).map_err(|e| ParseError {
            line: e.line(),
            column: e.column(),
            format: "JSON",
            message: strip_position(&e.to_string(), e.line(), e.column()),
            fix: None,
        });
    }
    let mut value = serde_yaml::from_str::<Value>(text).map_err(|e| {
        let mut error = yaml_error(&e, text);
        // libyaml's reader stops on a control character without saying
        // where (serde_yaml then reports line 1, column 1): find it.
        if error.message.contains("control characters are not allowed")
            && let Some((line, column, c)) = first_control_character(text)
        {
            error.line = line;
            error.column = column;
            error.message = format!("{} ({c:?})", error.message);
        }
        error
    })?;
    value.apply_merge().map_err(|e| yaml_error(&e, text))?;
    Ok(value)
}

/// The first character YAML does not allow in a file (YAML 1.1's printable
/// set, which libyaml checks), 1-based line and column, and the character.
fn first_control_character(text: &str) -> Option<(usize, usize, char)> {
    let allowed = |i: usize, c: char| {
        matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{10000}'..)
            || (('\u{e000}'..='\u{fffd}').contains(&c) && (c != '\u{feff}' || i == 0))
    };
    let (at, c) = text.char_indices().find(|&(i, c)| !allowed(i, c))?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column, c))
}

fn yaml_error(e: &serde_yaml::Error, text: &str) -> ParseError {
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let mut error = ParseError {
        line,
        column,
        format: "YAML",
        message: strip_position(&e.to_string(), line, column),
        fix: None,
    };
    if let Some(key) = duplicate_key(&error.message) {
        // serde_yaml names the mapping; the person needs the second key.
        if let Some(at) = second_key_line(text, line, column, &key) {
            error.line = at;
            error.message = format!("{} (its first entry is at line {line})", error.message);
        }
        error.fix = Some(format!(
            "Keep one of the two `{key}:` entries: YAML does not allow a key twice in one mapping"
        ));
    } else if error.message.contains("repetition limit exceeded")
        || error.message.contains("recursion limit exceeded")
    {
        // A "billion laughs" file: aliases of aliases that expand without
        // end. serde_yaml stops it without a position.
        error.message = "its aliases expand without end (an anchor bomb: anchors whose \
                         aliases repeat other aliases, billions of nodes); serde_yaml stopped \
                         reading it"
            .to_string();
        if let Some(at) = text.lines().position(|l| l.contains('&')) {
            error.line = at + 1;
            error.column = 1;
        }
        error.fix = Some(
            "Remove the nested aliases (`*name`): clouds.yaml needs no repeated anchors"
                .to_string(),
        );
    }
    error
}

/// The key serde_yaml's "duplicate entry with key \"K\"" names.
fn duplicate_key(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("duplicate entry with key \"")?;
    let (key, _) = rest.rsplit_once('"')?;
    Some(key.to_string())
}

/// The line (1-based) of the second `key:` of the block mapping whose
/// first entry is at `line`, `column`; None for a flow mapping or a key
/// written some other way.
fn second_key_line(text: &str, line: usize, column: usize, key: &str) -> Option<usize> {
    let indent = column.checked_sub(1)?;
    let starts = |l: &str| {
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| l.starts_with(k.as_str()))
    };
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let body = l.trim_start();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let own = l.len() - body.len();
        if own < indent {
            break;
        }
        if own == indent && starts(body) {
            seen += 1;
            if seen == 2 {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Drops the parser's own copy of the error position (we print it first,
/// with the file name); a second position (libyaml's "while parsing a block
/// mapping at line 1 column 1") stays, as it helps.
fn strip_position(message: &str, line: usize, column: usize) -> String {
    message.replacen(&format!(" at line {line} column {column}"), "", 1)
}
