//! `appcred rotate NAME --update FILE...`: every file that hands the old
//! credential to something (an openrc or env file, a cloud.conf, a
//! Kubernetes Secret manifest, a clouds.yaml or secure.yaml, appcred's JSON
//! export) rewritten in place in its own format: only the id's and the
//! secret's values change,
//! the old file is kept as `<file>.bak-<UTC time>` (0600), the new one is
//! written 0600 and atomically, and the credential is read back from what
//! was written so the caller can log in with it. A file that holds the old
//! id in a way that cannot be rewritten for sure is reported and left as
//! it was: never half-written.

mod cloud_conf;
mod clouds_lines;
mod find;
#[cfg(test)]
mod find_tests;
mod json;
mod k8s;
mod openrc;
pub(crate) mod shell_words;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::export;
use crate::secret::Secret;

pub use find::candidates;

/// The formats a consumer file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Openrc,
    CloudConf,
    K8sSecret,
    CloudsYaml,
    /// appcred's JSON export.
    Json,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Openrc => "openrc",
            Kind::CloudConf => "cloud-conf",
            Kind::K8sSecret => "k8s-secret",
            Kind::CloudsYaml => "clouds",
            Kind::Json => "json",
        }
    }
}

/// An id and secret read back from a file's content.
pub struct Credential {
    pub id: String,
    pub secret: Secret,
}

/// What a rewriter made of a text.
pub enum Rewrite {
    Done(Zeroizing<String>),
    /// The old id is not the one the file uses.
    NotUsing,
    /// It holds the old id, but not in a way that can be rewritten for sure.
    Unsafe(String),
}

/// What happened to one file.
pub enum Outcome {
    /// Rewritten; the credential as read back from the new content.
    Updated {
        kind: Kind,
        backup: Option<PathBuf>,
        read_back: Option<Credential>,
    },
    Skipped {
        reason: String,
    },
    Failed {
        reason: String,
    },
}

/// Logs in with the credential read back from an updated file, the proof
/// that what uses the file now works; why not, if not.
pub async fn prove(
    cloud: &crate::config::CloudConfig,
    read_back: Option<&Credential>,
    new_id: &str,
) -> Result<(), String> {
    let Some(c) = read_back.filter(|c| c.id == new_id) else {
        return Err("the new credential could not be read back from it".to_string());
    };
    match crate::keystone::verify_application_credential(cloud, &c.id, &c.secret).await {
        Ok(r) if r.works => Ok(()),
        Ok(r) => Err(r.reason.unwrap_or_else(|| "refused".into())),
        Err(e) => Err(e.to_string()),
    }
}

/// The file's format, from its content.
pub fn detect(text: &str) -> Option<Kind> {
    if k8s::is_secret_manifest(text) {
        return Some(Kind::K8sSecret);
    }
    if text
        .lines()
        .any(|l| l.trim().eq_ignore_ascii_case("[global]"))
    {
        return Some(Kind::CloudConf);
    }
    if text
        .lines()
        .any(|l| l.contains("OS_APPLICATION_CREDENTIAL_ID="))
    {
        return Some(Kind::Openrc);
    }
    if json::is_export(text) {
        return Some(Kind::Json);
    }
    let yaml: Option<serde_yaml::Value> = serde_yaml::from_str(text).ok();
    yaml.filter(|v| v.get("clouds").is_some())
        .map(|_| Kind::CloudsYaml)
}

fn read_as(kind: Kind, text: &str) -> Option<Credential> {
    match kind {
        Kind::Openrc => openrc::read(text),
        Kind::CloudConf => cloud_conf::read(text),
        Kind::K8sSecret => k8s::read(text),
        Kind::CloudsYaml => clouds_lines::read(text),
        Kind::Json => json::read(text),
    }
}

fn rewrite_as(kind: Kind, text: &str, old_id: &str, new_id: &str, secret: &Secret) -> Rewrite {
    match kind {
        Kind::Openrc => openrc::rewrite(text, old_id, new_id, secret),
        Kind::CloudConf => cloud_conf::rewrite(text, old_id, new_id, secret),
        Kind::K8sSecret => k8s::rewrite(text, old_id, new_id, secret),
        Kind::CloudsYaml => clouds_lines::rewrite(text, old_id, new_id, secret),
        Kind::Json => json::rewrite(text, old_id, new_id, secret),
    }
}

/// Where a file sets a value: (start, end, value) per assignment, `None`
/// for one set in a way the format's reader cannot take plainly.
type Found<V> = Vec<Option<(usize, usize, V)>>;

/// A double-quoted value from just after its opening quote: (the value,
/// the bytes read up to and with the closing quote). `unescape` gives what
/// the character after a backslash stands for (reading on from the text
/// when the escape is longer); `refused` marks a raw character the format
/// does not allow inside quotes. None for a string the format would refuse.
fn quoted(
    s: &str,
    unescape: impl Fn(char, &mut std::str::CharIndices) -> Option<char>,
    refused: impl Fn(char) -> bool,
) -> Option<(Zeroizing<String>, usize)> {
    let mut out = Zeroizing::new(String::new());
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let next = chars.next()?.1;
                out.push(unescape(next, &mut chars)?);
            }
            c if refused(c) => return None,
            c => out.push(c),
        }
    }
    None
}

/// The credential a format's (ids, secrets) give: the last of each, as the
/// formats' readers take the last assignment.
fn read_pair<V: AsRef<str>>((mut ids, mut secrets): (Found<V>, Found<V>)) -> Option<Credential> {
    let id = ids.pop()??.2;
    let secret = secrets.pop()??.2;
    Some(Credential {
        id: id.as_ref().to_string(),
        secret: Secret::new(secret.as_ref()),
    })
}

/// How one line-based format words and quotes the shared rewrite.
struct Rules<Q, C> {
    /// Quotes a new value as the format's reader reads it (with the
    /// separator in front, where the format wants one).
    quote: Q,
    /// Why a value that is not plain stops the rewrite.
    not_plain: &'static str,
    /// Why (ids, secrets) assignments other than one each stop it.
    counted: C,
}

/// The rewrite the line-based formats share: every value plain, the old id
/// among the ids, exactly one id and one secret; then both replaced in place.
fn rewrite_pair<V, Q, C>(
    text: &str,
    (ids, secrets): (Found<V>, Found<V>),
    old_id: &str,
    new_id: &str,
    secret: &Secret,
    rules: Rules<Q, C>,
) -> Rewrite
where
    V: AsRef<str>,
    Q: Fn(&str) -> Zeroizing<String>,
    C: FnOnce(usize, usize) -> String,
{
    if ids.iter().chain(&secrets).any(Option::is_none) {
        return Rewrite::Unsafe(rules.not_plain.into());
    }
    let ids: Vec<_> = ids.into_iter().flatten().collect();
    let secrets: Vec<_> = secrets.into_iter().flatten().collect();
    if !ids.iter().any(|(_, _, v)| v.as_ref() == old_id) {
        return Rewrite::NotUsing;
    }
    if ids.len() != 1 || secrets.len() != 1 {
        return Rewrite::Unsafe((rules.counted)(ids.len(), secrets.len()));
    }
    let mut spans = vec![
        (ids[0].0, ids[0].1, (rules.quote)(new_id)),
        (secrets[0].0, secrets[0].1, (rules.quote)(secret.expose())),
    ];
    spans.sort_by_key(|s| s.0);
    Rewrite::Done(splice(text, &spans))
}

/// `text` with each (start, end) byte span replaced, spans sorted and apart.
fn splice(text: &str, spans: &[(usize, usize, Zeroizing<String>)]) -> Zeroizing<String> {
    let mut out =
        export::Out::with_capacity(text.len() + spans.iter().map(|s| s.2.len()).sum::<usize>());
    let mut at = 0;
    for (start, end, with) in spans {
        out.push_str(&text[at..*start]);
        out.push_str(with);
        at = *end;
    }
    out.push_str(&text[at..]);
    out.finish()
}

/// Rewrites `path` from `old_id` to `new_id` and `secret`.
pub fn update_file(path: &Path, old_id: &str, new_id: &str, secret: &Secret) -> Outcome {
    let failed = |reason: String| Outcome::Failed { reason };
    // The command line asks this before it creates anything; asked again
    // here for every caller, so a file the user may not write is never
    // replaced by a rename in a folder the user owns.
    if let Err(e) = export::check_rewritable(path) {
        return failed(e.to_string());
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => Zeroizing::new(b),
        Err(e) => return failed(format!("cannot read it: {e}")),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return failed("it is not UTF-8 text".into());
    };
    if !text.contains(old_id) {
        return Outcome::Skipped {
            reason: "it does not hold the old credential's id".into(),
        };
    }
    let Some(kind) = detect(text) else {
        return failed("it holds the old id, but is no openrc, cloud.conf, Kubernetes Secret, clouds.yaml or JSON export appcred can rewrite".into());
    };
    if kind == Kind::CloudsYaml {
        return update_clouds_yaml(path, old_id, new_id, secret);
    }
    let new = match rewrite_as(kind, text, old_id, new_id, secret) {
        Rewrite::Done(t) => t,
        Rewrite::NotUsing => {
            return Outcome::Skipped {
                reason: "the old id is in it, but not as the credential it uses (a comment?)"
                    .into(),
            };
        }
        Rewrite::Unsafe(why) => return failed(format!("left as it was: {why}")),
    };
    match export::rewrite_in_place(path, new.as_bytes()) {
        Ok(report) => Outcome::Updated {
            kind,
            backup: report.backup,
            read_back: std::fs::read_to_string(&report.path)
                .ok()
                .map(Zeroizing::new)
                .and_then(|t| read_as(kind, &t)),
        },
        Err(e) => failed(e.to_string()),
    }
}

/// A clouds.yaml or secure.yaml: the entries using the old id, by the same
/// in-place editor as rotation's clouds.yaml step.
fn update_clouds_yaml(path: &Path, old_id: &str, new_id: &str, secret: &Secret) -> Outcome {
    let entries = match export::find_entries_using(path, None, old_id) {
        Ok(e) if e.is_empty() => {
            return Outcome::Skipped {
                reason: "no cloud entry in it uses the old id".into(),
            };
        }
        Ok(e) => e,
        Err(e) => {
            return Outcome::Failed {
                reason: e.to_string(),
            };
        }
    };
    match export::update_entries_in_place(&entries, new_id, secret) {
        Ok(report) => {
            let read_back = std::fs::read_to_string(path)
                .ok()
                .map(Zeroizing::new)
                .and_then(|t| clouds_lines::read_id(&t, Some(new_id)));
            Outcome::Updated {
                kind: Kind::CloudsYaml,
                backup: report.files.first().and_then(|f| f.backup.clone()),
                read_back,
            }
        }
        Err(e) => Outcome::Failed {
            reason: format!("left as it was: {e}"),
        },
    }
}
