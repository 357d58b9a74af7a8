//! A cloud.conf (gcfg): `application-credential-id` and `-secret` in the
//! `[Global]` section rewritten in place, quoted as gcfg reads them.

use zeroize::Zeroizing;

use super::{Credential, Rewrite};
use crate::export::{Out, gcfg_quoted};
use crate::secret::Secret;

const ID: &str = "application-credential-id";
const SECRET: &str = "application-credential-secret";

/// A gcfg value at the start of `s` (after `=`): quoted with escapes, or
/// bare up to a comment; (value, length). None for what gcfg would refuse.
fn read_value(s: &str) -> Option<(Zeroizing<String>, usize)> {
    let lead = s.len() - s.trim_start_matches([' ', '\t']).len();
    let body = &s[lead..];
    if let Some(q) = body.strip_prefix('"') {
        let unescape = |c, _: &mut std::str::CharIndices| match c {
            'n' => Some('\n'),
            't' => Some('\t'),
            'b' => Some('\u{8}'),
            c @ ('"' | '\\') => Some(c),
            _ => None,
        };
        let (value, len) = super::quoted(q, unescape, |c| c == '\n')?;
        return Some((value, lead + 1 + len));
    }
    let mut out = Zeroizing::new(String::new());
    let end = body.find([';', '#', '\n', '"', '\\']).unwrap_or(body.len());
    if body[end..].starts_with(['"', '\\']) {
        return None;
    }
    let value = body[..end].trim_end();
    out.push_str(value);
    Some((out, lead + value.len()))
}

/// Each `key = value` line of `[Global]`: (value start, end, value).
fn items(text: &str, key: &str) -> Vec<Option<(usize, usize, Zeroizing<String>)>> {
    let mut found = Vec::new();
    let mut at = 0;
    let mut global = false;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            global = t
                .trim_start_matches('[')
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("global");
        } else if global
            && let Some(rest) = t.strip_prefix(key)
            && rest.trim_start().starts_with('=')
        {
            let eq = line.find('=').map_or(0, |i| i + 1);
            found.push(read_value(&line[eq..]).map(|(v, n)| (at + eq, at + eq + n, v)));
        }
        at += line.len();
    }
    found
}

pub fn read(text: &str) -> Option<Credential> {
    super::read_pair((items(text, ID), items(text, SECRET)))
}

pub fn rewrite(text: &str, old_id: &str, new_id: &str, secret: &Secret) -> Rewrite {
    super::rewrite_pair(
        text,
        (items(text, ID), items(text, SECRET)),
        old_id,
        new_id,
        secret,
        super::Rules {
            quote: |v: &str| {
                let mut out = Out::with_capacity(v.len() * 2 + 3);
                out.push(' ');
                gcfg_quoted(&mut out, v);
                out.finish()
            },
            not_plain: "an application-credential value is not one gcfg reads plainly",
            counted: |ids, secrets| {
                format!(
                    "[Global] sets {ID} {ids} times and {SECRET} {secrets} times; appcred rewrites one of each"
                )
            },
        },
    )
}
