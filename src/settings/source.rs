//! Where a message about config.toml points: the file, the line and
//! column of a place in its text, and the setting written there. Both
//! readers (`file.rs` for the top-level settings and colours,
//! `keys_section.rs` for the key bindings) report through it.

use std::path::Path;

use super::error::SettingsError;

/// Where messages point: the file and its text.
pub(super) struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    pub(super) fn invalid(
        &self,
        offset: usize,
        key: &str,
        problem: impl Into<String>,
    ) -> SettingsError {
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

/// Turns a serde/TOML error into one naming the line, column and setting.
pub(super) fn shape_error(src: &Source, e: &toml::de::Error) -> SettingsError {
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
