//! Adding a cloud to a user's existing clouds.yaml.
//!
//! Why text editing and not a YAML library: serde_yaml drops comments and
//! anchors, and the lossless `yaml-edit` 0.3 would be a large new dependency
//! whose output for arbitrary secrets we would have to verify anyway. So the
//! new entry is inserted as text at the end of the top-level `clouds:` block,
//! the old bytes stay as they were around it (a strict superset of the old
//! text), and the result is parsed back and compared with the old file before
//! it is put in place: every old cloud and every other key unchanged, the new
//! cloud exactly as meant. Anything unusual (flow style, an alias for
//! `clouds`) is refused with a message rather than risked.

use std::path::{Path, PathBuf};

use serde_yaml::{Mapping, Value};
use zeroize::Zeroizing;

use super::atomic::{Faults, Plan, commit, private_mode, read_original, resolve_symlinks};
use super::escape::Out;
use super::render::{expected_entry, render_clouds_yaml, render_entry};
use super::yaml_check::{Scrubbed, parse};
use super::{ExportData, ExportError};

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeReport {
    /// The file written (a symlink's target when the link was followed).
    pub path: PathBuf,
    /// The old file's copy; `None` when the file was created.
    pub backup: Option<PathBuf>,
    pub created: bool,
    /// 1-based line of the new cloud's name in the file.
    pub line: usize,
    /// The file's mode now.
    pub mode: u32,
    /// The old mode when it let others read the file and was tightened.
    pub previous_mode: Option<u32>,
}

/// Adds `d` as a new cloud to the clouds.yaml at `path` (created 0600 if it
/// does not exist). Refuses, changing nothing, if a cloud of that name
/// exists, if the file changed on disk meanwhile, or if the edit cannot be
/// proven right.
pub fn merge_into_clouds_yaml(path: &Path, d: &ExportData) -> Result<MergeReport, ExportError> {
    merge_with(path, d, &Faults::default())
}

pub(crate) fn merge_with(
    path: &Path,
    d: &ExportData,
    faults: &Faults,
) -> Result<MergeReport, ExportError> {
    let target = resolve_symlinks(path)?;
    let Some(original) = read_original(&target)? else {
        let contents = render_clouds_yaml(d);
        commit(
            &Plan {
                target: &target,
                original: None,
                contents: contents.as_bytes(),
                mode: 0o600,
                backup_mode: 0o600,
            },
            faults,
        )?;
        return Ok(MergeReport {
            line: line_of_entry(&contents, 0),
            path: target,
            backup: None,
            created: true,
            mode: 0o600,
            previous_mode: None,
        });
    };
    let text = std::str::from_utf8(&original.bytes).map_err(|_| ExportError::Parse {
        path: target.clone(),
        message: "it is not UTF-8 text".to_string(),
    })?;
    check_secure(&target, d)?;
    let (new_text, at) = merge_text(&target, text, d)?;
    let mode = private_mode(original.mode);
    let backup = commit(
        &Plan {
            target: &target,
            original: Some(&original),
            contents: new_text.as_bytes(),
            mode,
            backup_mode: 0o600,
        },
        faults,
    )?;
    Ok(MergeReport {
        line: line_of_entry(&new_text, at),
        path: target,
        backup,
        created: false,
        mode,
        previous_mode: (mode != original.mode).then_some(original.mode),
    })
}

/// Every check [`merge_into_clouds_yaml`] makes, without writing anything:
/// callers run it before creating a credential, so a refusal (a cloud of
/// that name exists, the file cannot take an entry) leaves nothing behind.
pub fn check_merge(path: &Path, d: &ExportData) -> Result<(), ExportError> {
    let target = resolve_symlinks(path)?;
    let Some(original) = read_original(&target)? else {
        return Ok(());
    };
    let text = std::str::from_utf8(&original.bytes).map_err(|_| ExportError::Parse {
        path: target.clone(),
        message: "it is not UTF-8 text".to_string(),
    })?;
    check_secure(&target, d)?;
    merge_text(&target, text, d).map(|_| ())
}

/// A read-only clouds.yaml (no write bit for its owner) was made so on
/// purpose: merging into it needs `--force` (its mode is kept either way).
pub fn check_writable(path: &Path, force: bool) -> Result<(), ExportError> {
    use std::os::unix::fs::PermissionsExt;
    let target = resolve_symlinks(path)?;
    match std::fs::metadata(&target) {
        Ok(meta) if !force && meta.permissions().mode() & 0o200 == 0 => {
            Err(ExportError::ReadOnly {
                path: target,
                mode: meta.permissions().mode() & 0o7777,
            })
        }
        _ => Ok(()),
    }
}

/// The clouds as the OpenStack client's loader sees them: `<<:` merge keys
/// applied, so a cloud pulled in through one counts as existing.
fn loader_view(clouds: &Mapping) -> Scrubbed {
    let mut view = Scrubbed(Value::Mapping(clouds.clone()));
    // A merge the loader could not apply either: judge by the plain keys.
    if view.0.apply_merge().is_err() {
        view.0 = Value::Mapping(clouds.clone());
    }
    view
}

/// A cloud of the new name in the secure.yaml the OpenStack client would
/// lay over this file (its first one found, `$OS_CLIENT_SECURE_FILE` first)
/// would be merged into the new entry: its password or secret would break
/// the new credential. Refused like a duplicate in clouds.yaml itself.
fn check_secure(target: &Path, d: &ExportData) -> Result<(), ExportError> {
    let env = crate::config::Environment::from_process();
    let Some(secure) = crate::config::secure_file_candidates(&env)
        .into_iter()
        .find(|p| p.is_file())
    else {
        return Ok(());
    };
    // Unreadable or broken: the loader reports that on its own; nothing to compare.
    let Ok(text) = std::fs::read_to_string(&secure).map(Zeroizing::new) else {
        return Ok(());
    };
    let Ok(doc) = parse(&secure, &text) else {
        return Ok(());
    };
    let taken = doc
        .get("clouds")
        .and_then(Value::as_mapping)
        .is_some_and(|c| loader_view(c).get(d.cloud_name.as_str()).is_some());
    if taken {
        return Err(ExportError::DuplicateInSecure {
            path: target.to_path_buf(),
            secure,
            name: d.cloud_name.clone(),
        });
    }
    Ok(())
}

/// The line of the first line at or after `at` that is not a comment.
fn line_of_entry(text: &str, at: usize) -> usize {
    let before = text[..at].matches('\n').count();
    let skip = text[at..]
        .lines()
        .take_while(|l| {
            l.trim().is_empty() || l.trim_start().starts_with('#') || l.trim() == "clouds:"
        })
        .count();
    before + skip + 1
}

struct Line<'a> {
    text: &'a str,
    /// Byte offset just past this line's line break (or the text's end).
    next: usize,
    has_break: bool,
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let (end, next, has_break) = match text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1, true),
            None => (text.len(), text.len(), false),
        };
        let line = &text[start..end];
        out.push(Line {
            text: line.strip_suffix('\r').unwrap_or(line),
            next,
            has_break,
        });
        start = next;
    }
    out
}

fn indent(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

fn is_blank_or_comment(s: &str) -> bool {
    let t = s.trim();
    t.is_empty() || t.starts_with('#')
}

fn is_marker(s: &str) -> bool {
    s.starts_with('%') || s == "---" || s.starts_with("--- ") || s == "..."
}

/// What follows `clouds:` on its line, if this line is the `clouds` key.
fn clouds_key_rest(s: &str) -> Option<&str> {
    let body = s.trim_start_matches('\u{feff}').trim_start_matches(' ');
    ["clouds", "\"clouds\"", "'clouds'"].iter().find_map(|k| {
        let rest = body.strip_prefix(k)?.trim_start_matches(' ');
        let after = rest.strip_prefix(':')?;
        (after.is_empty() || after.starts_with([' ', '\t'])).then_some(after)
    })
}

/// Inserts the entry; returns the new text and the offset where it begins.
pub(crate) fn merge_text(
    path: &Path,
    text: &str,
    d: &ExportData,
) -> Result<(Zeroizing<String>, usize), ExportError> {
    let shape = |why: &str| ExportError::Shape {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let old = parse(path, text)?;
    let empty = Mapping::new();
    let (root, old_clouds) = match &*old {
        Value::Null => (&empty, None),
        Value::Mapping(m) => match m.get("clouds") {
            None => (m, None),
            Some(Value::Mapping(c)) => (m, Some(c)),
            Some(Value::Null) => (m, Some(&empty)),
            Some(_) => return Err(shape("its `clouds:` is not a mapping of cloud names")),
        },
        _ => {
            return Err(shape(
                "its top level is not a mapping (`clouds:` and other keys)",
            ));
        }
    };
    if old_clouds.is_some_and(|c| loader_view(c).get(d.cloud_name.as_str()).is_some()) {
        return Err(ExportError::DuplicateCloud {
            path: path.to_path_buf(),
            name: d.cloud_name.clone(),
        });
    }
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines = split_lines(text);
    // The first line with content sets the top-level indentation.
    let first = lines
        .iter()
        .map(|l| l.text.trim_start_matches('\u{feff}'))
        .find(|t| !is_blank_or_comment(t) && !is_marker(t));
    if first.is_some_and(|t| t.trim_start().starts_with('{')) {
        return Err(shape(
            "it is JSON or flow-style YAML ({...}); appcred adds entries only to block-style \
             files so it cannot damage yours",
        ));
    }
    let top = first.map_or(0, indent);
    let pad = |n: usize| " ".repeat(n);
    let (after_line, entry_indent, step, header) = if old_clouds.is_none() {
        (lines.last(), top + 2, 2, format!("{}clouds:{nl}", pad(top)))
    } else {
        let found: Vec<usize> = (0..lines.len())
            .filter(|&i| indent(lines[i].text) == top && clouds_key_rest(lines[i].text).is_some())
            .collect();
        let [ci] = found[..] else {
            return Err(shape("appcred could not find its top-level `clouds:` line"));
        };
        check_key_rest(clouds_key_rest(lines[ci].text).unwrap_or(""), &shape)?;
        let mut last = ci;
        let mut entry = None;
        for (i, l) in lines.iter().enumerate().skip(ci + 1) {
            if l.text.trim().is_empty() {
                continue;
            }
            let ind = indent(l.text);
            if ind > top {
                last = i;
                if entry.is_none() && !is_blank_or_comment(l.text) {
                    entry = Some(ind);
                }
            } else if !is_blank_or_comment(l.text) {
                break;
            }
        }
        let entry = entry.unwrap_or(top + 2);
        (lines.get(last), entry, (entry - top).max(2), String::new())
    };
    let (at, lead) = match after_line {
        Some(l) if !l.has_break => (l.next, nl),
        Some(l) => (l.next, ""),
        None => (0, ""),
    };
    let mut out = Out::with_capacity(text.len() * 2 + 4096 + 6 * d.secret.expose().len());
    out.push_str(&text[..at]);
    out.push_str(lead);
    out.push_str(&header);
    render_entry(&mut out, d, &pad(entry_indent), &pad(step), nl, true);
    out.push_str(&text[at..]);
    let new_text = out.finish();
    verify(path, root, old_clouds, &new_text, d)?;
    Ok((new_text, at + lead.len()))
}

/// Only anchors, tags and a comment may follow `clouds:` in block style.
fn check_key_rest(rest: &str, shape: &dyn Fn(&str) -> ExportError) -> Result<(), ExportError> {
    let code = match rest.find(" #").or_else(|| rest.find("\t#")) {
        Some(i) => &rest[..i],
        None => rest,
    };
    for token in code.split_whitespace() {
        if token.starts_with('{') {
            return Err(shape(
                "its `clouds:` is written in flow style ({...}); appcred adds entries only to \
                 block-style files so it cannot damage yours",
            ));
        }
        if !(token.starts_with('&') || token.starts_with('!')) {
            return Err(shape(
                "its `clouds:` line holds a value (an alias or null), not a block of clouds",
            ));
        }
    }
    Ok(())
}

fn verify(
    path: &Path,
    old_root: &Mapping,
    old_clouds: Option<&Mapping>,
    new_text: &str,
    d: &ExportData,
) -> Result<(), ExportError> {
    let unsafe_edit = |why: &str| ExportError::Unsafe {
        path: path.to_path_buf(),
        why: why.to_string(),
    };
    let new = parse(path, new_text).map_err(|_| unsafe_edit("the edited file would not parse"))?;
    let Some(new_root) = new.as_mapping() else {
        return Err(unsafe_edit("the edited file would not be a mapping"));
    };
    let others_same = old_root
        .iter()
        .filter(|(k, _)| k.as_str() != Some("clouds"))
        .all(|(k, v)| new_root.get(k) == Some(v));
    let expected_len = old_root.len() + usize::from(!old_root.contains_key("clouds"));
    if !others_same || new_root.len() != expected_len {
        return Err(unsafe_edit("the edit would change keys outside `clouds:`"));
    }
    let Some(new_clouds) = new_root.get("clouds").and_then(Value::as_mapping) else {
        return Err(unsafe_edit("the edited `clouds:` would not be a mapping"));
    };
    let empty = Mapping::new();
    let old_clouds = old_clouds.unwrap_or(&empty);
    let olds_same = old_clouds.iter().all(|(k, v)| new_clouds.get(k) == Some(v));
    if !olds_same || new_clouds.len() != old_clouds.len() + 1 {
        return Err(unsafe_edit("the edit would change an existing cloud"));
    }
    let expected = Scrubbed(expected_entry(d));
    if new_clouds.get(d.cloud_name.as_str()) != Some(&*expected) {
        return Err(unsafe_edit("the new cloud would not read back as written"));
    }
    Ok(())
}
