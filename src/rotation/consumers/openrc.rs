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
    super::read_pair((assignments(text, ID), assignments(text, SECRET)))
}

pub fn rewrite(text: &str, old_id: &str, new_id: &str, secret: &Secret) -> Rewrite {
    super::rewrite_pair(
        text,
        (assignments(text, ID), assignments(text, SECRET)),
        old_id,
        new_id,
        secret,
        super::Rules {
            quote: quoted,
            not_plain: "an application credential value is not a plain shell word (it expands a variable or a command)",
            counted: |ids, secrets| {
                format!(
                    "it sets {ID} {ids} times and {SECRET} {secrets} times; appcred rewrites a file that sets each once"
                )
            },
        },
    )
}

fn quoted(v: &str) -> Zeroizing<String> {
    let mut out = Out::with_capacity(v.len() * 5 + 2);
    crate::export::shell_quoted(&mut out, v);
    out.finish()
}
