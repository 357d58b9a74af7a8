//! A Kubernetes Secret manifest: each `data` value that decodes to a file
//! holding the old id (a cloud.conf, a clouds.yaml, an openrc) is decoded,
//! rewritten in its own format, re-encoded and put back in place of the
//! old base64 text; nothing else in the manifest changes.

use base64::Engine as _;
use zeroize::Zeroizing;

use super::{Credential, Kind, Rewrite, detect};
use crate::secret::Secret;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The (key, base64 text) of every `data` entry of every Secret in the
/// manifest, and whether a `stringData` holds `needle`.
fn entries(text: &str, needle: &str) -> Option<(Vec<(String, String)>, bool)> {
    let mut found = Vec::new();
    let mut in_string_data = false;
    for doc in serde_yaml::Deserializer::from_str(text) {
        // Not YAML (a cloud.conf being detected): no Secret. Stop at the
        // first error: the document iterator does not move past one.
        let Ok(v) = <serde_yaml::Value as serde::Deserialize>::deserialize(doc) else {
            break;
        };
        if v.get("kind").and_then(|k| k.as_str()) != Some("Secret") {
            continue;
        }
        if let Some(m) = v.get("data").and_then(|d| d.as_mapping()) {
            for (k, b) in m {
                found.push((k.as_str()?.to_string(), b.as_str()?.to_string()));
            }
        }
        in_string_data |=
            serde_yaml::to_string(&v.get("stringData")).is_ok_and(|s| s.contains(needle));
    }
    Some((found, in_string_data))
}

fn decode(b64: &str) -> Option<Zeroizing<String>> {
    let bytes = Zeroizing::new(
        B64.decode(b64.split_whitespace().collect::<String>())
            .ok()?,
    );
    std::str::from_utf8(&bytes)
        .ok()
        .map(|s| Zeroizing::new(s.to_string()))
}

pub fn is_secret_manifest(text: &str) -> bool {
    entries(text, "\u{0}").is_some_and(|(e, _)| !e.is_empty())
        || text.lines().any(|l| l.trim() == "kind: Secret")
}

pub fn read(text: &str) -> Option<Credential> {
    let (found, _) = entries(text, "\u{0}")?;
    found.iter().find_map(|(_, b)| {
        let inner = decode(b)?;
        super::read_as(detect(&inner)?, &inner)
    })
}

pub fn rewrite(text: &str, old_id: &str, new_id: &str, secret: &Secret) -> Rewrite {
    let Some((found, in_string_data)) = entries(text, old_id) else {
        return Rewrite::Unsafe("its data is not a mapping of names to base64 text".into());
    };
    if in_string_data {
        return Rewrite::Unsafe(
            "the old id is in stringData; appcred rewrites only base64 data".into(),
        );
    }
    let mut out = Zeroizing::new(text.to_string());
    let mut changed = 0;
    // A multi-document manifest (`---`) may hold the same file in several
    // Secrets (one per namespace): each copy is the same old file and gets
    // the same new one, so a value already rewritten is not looked at again.
    let mut rewritten: Vec<&str> = Vec::new();
    for (key, b64) in &found {
        if rewritten.contains(&b64.as_str()) {
            continue;
        }
        let Some(inner) = decode(b64) else { continue };
        if !inner.contains(old_id) {
            continue;
        }
        let Some(kind) = detect(&inner).filter(|k| *k != Kind::K8sSecret) else {
            return Rewrite::Unsafe(format!(
                "data.{key} holds the old id in a format appcred does not know"
            ));
        };
        let new_inner = match super::rewrite_as(kind, &inner, old_id, new_id, secret) {
            Rewrite::Done(t) => t,
            Rewrite::NotUsing => continue,
            Rewrite::Unsafe(why) => return Rewrite::Unsafe(format!("data.{key}: {why}")),
        };
        // The base64 text must stand on its line as YAML read it: a value
        // folded over several lines is not found as one piece.
        if !out.contains(b64.as_str()) {
            return Rewrite::Unsafe(format!(
                "data.{key}'s base64 is split over lines; appcred rewrites one-line values"
            ));
        }
        let encoded = Zeroizing::new(B64.encode(new_inner.as_bytes()));
        out = Zeroizing::new(out.replace(b64.as_str(), &encoded));
        rewritten.push(b64);
        changed += 1;
    }
    if changed == 0 {
        return Rewrite::NotUsing;
    }
    Rewrite::Done(out)
}
