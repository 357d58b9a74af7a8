//! Finding the exact bytes of one scalar value in a user's YAML (or JSON)
//! file, so rotation can replace just those bytes.
//!
//! Rather than a full YAML parser with positions, candidates are found by
//! scanning for `key:` and reading the scalar after it, and each candidate
//! is *proven* by a probe: the span is replaced with a unique marker, the
//! file is parsed, and the marker must show up only at the wanted paths.
//! Candidates in comments, block scalars or anything the scan misreads fail
//! the probe and are never edited.

use std::ops::Range;
use std::path::Path;

use serde_yaml::Value;
use zeroize::Zeroizing;

use super::ExportError;
use super::atomic::Original;
use super::entry::EntryRef;
use super::escape::Out;
use super::yaml_check::{Scrubbed, as_text, get, parse};

/// A path of mapping keys from the document root.
pub(crate) type KeyPath = Vec<String>;

/// Where each candidate value after `key:` might be; plain scalars get two
/// readings (to the end of the line, or to the first flow indicator), and
/// the probe picks the one that is right.
pub(crate) fn candidates(text: &str, key: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for (i, _) in text.match_indices(key) {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let mut end = i + key.len();
        let quote = match before {
            Some(q @ (b'"' | b'\'')) => {
                if bytes.get(end) != Some(&q) {
                    continue;
                }
                end += 1;
                Some(q)
            }
            None | Some(b' ' | b'\t' | b'\n' | b'{' | b',' | b'?') => None,
            Some(_) => continue,
        };
        end = skip_blanks(bytes, end);
        if bytes.get(end) != Some(&b':') {
            continue;
        }
        end += 1;
        if quote.is_none() && !matches!(bytes.get(end), None | Some(b' ' | b'\t')) {
            continue;
        }
        let mut start = skip_blanks(bytes, end);
        // An anchor or a tag before the value: keep it, replace the value.
        while matches!(bytes.get(start), Some(b'&' | b'!')) {
            let token_end = text[start..]
                .find([' ', '\t', '\n'])
                .map_or(text.len(), |n| start + n);
            start = skip_blanks(bytes, token_end);
        }
        out.extend(scalar_spans(text, start));
    }
    out.dedup();
    out
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

fn scalar_spans(text: &str, start: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    match bytes.get(start) {
        None | Some(b'\n' | b'\r' | b'#' | b'|' | b'>' | b'*') => vec![],
        Some(b'"') => {
            let mut i = start + 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => {
                        let span = start..i + 1;
                        return vec![span];
                    }
                    _ => i += 1,
                }
            }
            vec![]
        }
        Some(b'\'') => {
            let mut i = start + 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    let span = start..i + 1;
                    return vec![span];
                }
                i += 1;
            }
            vec![]
        }
        Some(_) => {
            let line_end = text[start..]
                .find(['\n', '\r'])
                .map_or(text.len(), |n| start + n);
            let line = &text[start..line_end];
            let block = line
                .find(" #")
                .or_else(|| line.find("\t#"))
                .unwrap_or(line.len());
            let flow = line.find([',', '}', ']']).unwrap_or(line.len()).min(block);
            [block, flow]
                .iter()
                .map(|&n| start..start + line[..n].trim_end().len())
                .filter(|r| !r.is_empty())
                .collect()
        }
    }
}

/// Replaces `edits` (sorted, not overlapping) in `text`, into a zeroizing
/// buffer: the texts hold secrets.
pub(crate) fn apply(text: &str, edits: &[(Range<usize>, &str)]) -> Out {
    let extra: usize = edits.iter().map(|(_, s)| s.len()).sum();
    let mut out = Out::with_capacity(text.len() + extra + 64);
    let mut at = 0;
    for (range, with) in edits {
        out.push_str(&text[at..range.start]);
        out.push_str(with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The paths at which the scalar in `span` is read: replaces it with a
/// marker and looks where the marker lands. `None`: the file would not
/// parse with that replacement (the span was misread).
pub(crate) fn probe(path: &Path, text: &str, span: &Range<usize>) -> Option<Vec<KeyPath>> {
    let mut marker = format!("appcred-probe-{}", std::process::id());
    while text.contains(&marker) {
        marker.push('x');
    }
    let quoted = format!("\"{marker}\"");
    let probed = apply(text, &[(span.clone(), quoted.as_str())]).finish();
    let value = parse(path, &probed).ok()?;
    let mut found = Vec::new();
    collect(&value, &marker, &mut Vec::new(), &mut found);
    Some(found)
}

fn collect(v: &Value, marker: &str, at: &mut KeyPath, found: &mut Vec<KeyPath>) {
    match v {
        Value::String(s) if s == marker => found.push(at.clone()),
        Value::Mapping(m) => {
            for (k, child) in m {
                at.push(k.as_str().map_or_else(|| format!("{k:?}"), str::to_string));
                collect(child, marker, at, found);
                at.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(format!("[{i}]"));
                collect(child, marker, at, found);
                at.pop();
            }
        }
        Value::Tagged(t) => collect(&t.value, marker, at, found),
        _ => {}
    }
}

/// Finds and replaces each wanted value's bytes, then proves the result:
/// the parsed new file equals the parsed old one with exactly those values
/// changed.
pub(crate) fn edit_file(
    path: &Path,
    original: &Original,
    wanted: &[(KeyPath, bool, &EntryRef)],
    edits: &[(KeyPath, &str)],
) -> Result<Zeroizing<String>, ExportError> {
    let unsafe_edit = |why: String| ExportError::Unsafe {
        path: path.to_path_buf(),
        why,
    };
    let text = std::str::from_utf8(&original.bytes).map_err(|_| ExportError::Parse {
        path: path.to_path_buf(),
        message: "it is not UTF-8 text".to_string(),
    })?;
    let old = parse(path, text)?;
    for (keys, is_secret, entry) in wanted {
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let present = get(&old, &refs);
        let still = if *is_secret {
            present.is_some()
        } else {
            present.and_then(as_text).as_deref() == Some(entry.old_id.as_str())
        };
        if !still {
            return Err(ExportError::Stale {
                path: path.to_path_buf(),
                cloud: entry.cloud_name.clone(),
                old_id: entry.old_id.clone(),
            });
        }
    }
    let mut spans: Vec<(Range<usize>, &str)> = Vec::new();
    let mut covered: Vec<&KeyPath> = Vec::new();
    for (keys, with) in edits {
        let Some(key) = keys.last() else { continue };
        if covered.contains(&keys) {
            continue;
        }
        let hit = candidates(text, key).into_iter().find_map(|span| {
            let lands = probe(path, text, &span)?;
            // It must be this value, and may also be others we change the
            // same way (an anchor shared by several clouds), nothing else.
            let ours = lands.contains(keys)
                && lands
                    .iter()
                    .all(|l| edits.iter().any(|(k, w)| k == l && w == with));
            ours.then_some((span, lands))
        });
        let Some((span, lands)) = hit else {
            return Err(unsafe_edit(format!(
                "cannot find where `{}` is written in a form appcred can edit (a block scalar or an alias?)",
                keys.join(".")
            )));
        };
        covered.extend(edits.iter().map(|(k, _)| k).filter(|k| lands.contains(k)));
        spans.push((span, *with));
    }
    spans.sort_by_key(|(r, _)| r.start);
    if spans.windows(2).any(|w| w[0].0.end > w[1].0.start) {
        return Err(unsafe_edit("two values to change overlap".to_string()));
    }
    let new_text = apply(text, &spans).finish();
    let mut expected = Scrubbed(old.0.clone());
    for (keys, with) in edits {
        let value = serde_yaml::from_str::<Value>(with).map_err(|e| unsafe_edit(e.to_string()))?;
        set(&mut expected.0, keys, value);
    }
    let new = parse(path, &new_text)
        .map_err(|_| unsafe_edit("the edited file would not parse".to_string()))?;
    if *new != *expected {
        return Err(unsafe_edit(
            "the edit would change more than the id and secret".to_string(),
        ));
    }
    Ok(new_text)
}

fn set(root: &mut Value, keys: &[String], value: Value) {
    let mut cur = root;
    for k in keys {
        let Some(next) = cur.as_mapping_mut().and_then(|m| m.get_mut(k.as_str())) else {
            return;
        };
        cur = next;
    }
    *cur = value;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(text: &'a str, key: &str) -> Vec<&'a str> {
        candidates(text, key)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn finds_values_in_each_style() {
        assert_eq!(spans("a:\n  k: v1 # c\n", "k"), ["v1"]);
        assert_eq!(spans("{a: {k: v1, b: 2}}", "k"), ["v1, b: 2}}", "v1"]);
        assert_eq!(spans("{\"k\": \"v\\\"1\"}", "k"), ["\"v\\\"1\""]);
        assert_eq!(spans("k: 'it''s'\n", "k"), ["'it''s'"]);
        assert_eq!(spans("k: &x !!str v\n", "k"), ["v"]);
        assert!(spans("k: |\n  v\nxk: 1\nk:\n  v\n", "k").is_empty());
    }

    #[test]
    fn probe_tells_where_a_value_lands() {
        let text = "c:\n  a: {k: v}\n  # k: v\n  b: &x v\n  d: *x\n";
        let p = Path::new("t.yaml");
        let found: Vec<Vec<KeyPath>> = candidates(text, "k")
            .iter()
            .filter_map(|r| probe(p, text, r))
            .collect();
        assert!(found.contains(&vec![vec!["c".to_string(), "a".into(), "k".into()]]));
        assert!(found.contains(&vec![]), "the commented one lands nowhere");
    }
}
