//! A clouds.yaml carried inside a Kubernetes Secret: its one
//! `application_credential_id` and `_secret` line rewritten in place (the
//! clouds.yaml files on disk go through `export::update_entries_in_place`,
//! which also knows secure.yaml).

use super::{Credential, Rewrite};
use crate::export::{Out, yaml_double_quoted};
use crate::secret::Secret;

const ID: &str = "application_credential_id";
const SECRET: &str = "application_credential_secret";

/// Each `key: value` line: (value start, end, value), value as YAML reads it.
fn items(text: &str, key: &str) -> Vec<Option<(usize, usize, String)>> {
    let mut found = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
            let start = at + line.len() - rest.len();
            let body = rest.trim_end_matches(['\n', '\r']);
            let value: Option<String> = serde_yaml::from_str::<serde_yaml::Value>(body)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string));
            found.push(value.map(|v| (start, start + body.len(), v)));
        }
        at += line.len();
    }
    found
}

/// The first cloud's credential, or the one with id `id`.
pub fn read_id(text: &str, id: Option<&str>) -> Option<Credential> {
    let doc: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    doc.get("clouds")?.as_mapping()?.values().find_map(|c| {
        let auth = c.get("auth")?;
        let found = auth.get(ID)?.as_str()?;
        if id.is_some_and(|want| want != found) {
            return None;
        }
        Some(Credential {
            id: found.to_string(),
            secret: Secret::new(auth.get(SECRET)?.as_str()?),
        })
    })
}

pub fn read(text: &str) -> Option<Credential> {
    read_id(text, None)
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
                yaml_double_quoted(&mut out, v);
                out.finish()
            },
            not_plain: "an application credential value is not a one-line YAML string",
            counted: |ids, secrets| {
                format!(
                    "the clouds.yaml in it has {ids} {ID} and {secrets} {SECRET} lines; appcred rewrites one of each"
                )
            },
        },
    )
}
