//! An openrc (or an `env` file for bash/zsh): the values of
//! `OS_APPLICATION_CREDENTIAL_ID` and `..._SECRET` rewritten in place, the
//! rest of every line (and every other line) kept byte for byte.

use zeroize::Zeroizing;

use super::shell_words::{read_word, value_start};
use super::{Credential, Rewrite};
use crate::export::Out;
use crate::secret::Secret;

const ID: &str = "OS_APPLICATION_CREDENTIAL_ID";
const SECRET: &str = "OS_APPLICATION_CREDENTIAL_SECRET";

/// Each assignment of `name`: (value start, value end, value).
fn assignments(text: &str, name: &str) -> Vec<Option<(usize, usize, Zeroizing<String>)>> {
    let mut found = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if !line.trim_start().starts_with('#')
            && let Some(start) = value_start(line, name)
        {
            found.push(read_word(&line[start..]).map(|(v, len)| (at + start, at + start + len, v)));
        }
        at += line.len();
    }
    found
}

pub fn read(text: &str) -> Option<Credential> {
    let id = assignments(text, ID).pop()??.2;
    let secret = assignments(text, SECRET).pop()??.2;
    Some(Credential {
        id: id.to_string(),
        secret: Secret::new(secret.as_str()),
    })
}

pub fn rewrite(text: &str, old_id: &str, new_id: &str, secret: &Secret) -> Rewrite {
    let ids = assignments(text, ID);
    let secrets = assignments(text, SECRET);
    if ids.iter().any(Option::is_none) || secrets.iter().any(Option::is_none) {
        return Rewrite::Unsafe("an application credential value is not a plain shell word (it expands a variable or a command)".into());
    }
    let ids: Vec<_> = ids.into_iter().flatten().collect();
    let secrets: Vec<_> = secrets.into_iter().flatten().collect();
    if !ids.iter().any(|(_, _, v)| v.as_str() == old_id) {
        return Rewrite::NotUsing;
    }
    if ids.len() != 1 || secrets.len() != 1 {
        return Rewrite::Unsafe(format!(
            "it sets {ID} {} times and {SECRET} {} times; appcred rewrites a file that sets each once",
            ids.len(),
            secrets.len()
        ));
    }
    let mut spans = vec![
        (ids[0].0, ids[0].1, quoted(new_id)),
        (secrets[0].0, secrets[0].1, quoted(secret.expose())),
    ];
    spans.sort_by_key(|s| s.0);
    Rewrite::Done(super::splice(text, &spans))
}

fn quoted(v: &str) -> Zeroizing<String> {
    let mut out = Out::with_capacity(v.len() * 5 + 2);
    crate::export::shell_quoted(&mut out, v);
    out.finish()
}
