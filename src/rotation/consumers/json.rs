//! The JSON export (`appcred export --format json`: top-level `id` and
//! `secret` beside `name`, `auth_url`, ...): the two string values
//! replaced in place, every other byte kept, and the result parsed back to
//! prove it says what was meant before it is written.

use zeroize::Zeroizing;

use super::{Credential, Found, Rewrite};
use crate::export::{Out, json_string};
use crate::secret::Secret;

const ID: &str = "id";
const SECRET: &str = "secret";

/// The JSON string whose opening quote is at `start`: (its value, the
/// index after its closing quote). None for a string JSON would refuse.
fn string_at(text: &str, start: usize) -> Option<(Zeroizing<String>, usize)> {
    let unescape = |c, rest: &mut std::str::CharIndices| match c {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        c @ ('"' | '\\' | '/') => Some(c),
        'u' => {
            let hex: String = (0..4).filter_map(|_| rest.next().map(|x| x.1)).collect();
            char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
        }
        _ => None,
    };
    let (value, len) = super::quoted(&text[start + 1..], unescape, |c| (c as u32) < 0x20)?;
    Some((value, start + 1 + len))
}

/// Every `"key": value` of the top-level object: (value start, end, value)
/// for a string value, None for another kind of value or a broken text.
fn items(text: &str, key: &str) -> Found<Zeroizing<String>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let (mut depth, mut i) = (0usize, 0usize);
    let after_space = |mut j: usize| {
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        j
    };
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let Some((name, end)) = string_at(text, i) else {
                    found.push(None);
                    return found;
                };
                let colon = after_space(end);
                if depth == 1 && bytes.get(colon) == Some(&b':') && name.as_str() == key {
                    let v = after_space(colon + 1);
                    match (bytes.get(v), string_at(text, v)) {
                        (Some(b'"'), Some((value, vend))) => {
                            found.push(Some((v, vend, value)));
                            i = vend;
                        }
                        _ => {
                            found.push(None);
                            i = v;
                        }
                    }
                    continue;
                }
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// A JSON object with a top-level `id` and `secret` and no `clouds` (a
/// clouds.json is the clouds.yaml rewriter's).
pub fn is_export(text: &str) -> bool {
    text.trim_start().starts_with('{')
        && !items(text, ID).is_empty()
        && !items(text, SECRET).is_empty()
        && items(text, "clouds").is_empty()
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

pub fn read(text: &str) -> Option<Credential> {
    super::read_pair((items(text, ID), items(text, SECRET)))
}

pub fn rewrite(text: &str, old_id: &str, new_id: &str, secret: &Secret) -> Rewrite {
    let done = super::rewrite_pair(
        text,
        (items(text, ID), items(text, SECRET)),
        old_id,
        new_id,
        secret,
        super::Rules {
            quote: |v: &str| {
                let mut out = Out::with_capacity(v.len() + 2);
                json_string(&mut out, v);
                out.finish()
            },
            not_plain: "its id or secret is not a JSON string",
            counted: |ids, secrets| {
                format!(
                    "it sets {ID} {ids} times and {SECRET} {secrets} times; appcred rewrites one of each"
                )
            },
        },
    );
    // Parsed back before it is written: the same keys, the new values.
    match done {
        Rewrite::Done(new)
            if serde_json::from_str::<serde::de::IgnoredAny>(&new).is_err()
                || read(&new)
                    .is_none_or(|c| c.id != new_id || c.secret.expose() != secret.expose()) =>
        {
            Rewrite::Unsafe("the rewritten JSON would not read back as the new credential".into())
        }
        other => other,
    }
}
