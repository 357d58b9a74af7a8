//! Where a credential is kept, as the user names it on the command line
//! (`--store`, `--from`) and config.toml (`default_store`):
//!
//! - `secret-service` or `secret-service:PLACE`: an item of the desktop's
//!   Secret Service (GNOME Keyring, KeePassXC, KWallet). PLACE defaults to
//!   `CLOUD/NAME` of the credential written;
//! - `pass:PATH`: an entry of the `pass` password store;
//! - `vault:MOUNT/PATH`: a secret of a Vault or OpenBao KV version 2 engine.
//!
//! Config.toml's `[stores]` names addresses; [`resolve`] is the one rule
//! for reading a value that may be a name or an address.
//!
//! [`StoreAddress`]'s `Display` is the canonical form, the same text parsed
//! back: what the record of where a credential is held keeps.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use super::error::StoreError;

/// A parsed store address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreAddress {
    /// The Secret Service, at a place (the `appcred_place` attribute) or,
    /// without one, the place the credential itself names.
    SecretService { place: Option<String> },
    /// A `pass` entry (relative to the password store).
    Pass { path: String },
    /// A KV v2 secret: the full path, mount first (`secret/openstack/ci`).
    /// Which leading segments are the mount, the server says (the mount may
    /// be several segments deep).
    Vault { path: String },
}

const EXAMPLES: &str = "use secret-service, pass:PATH (e.g. pass:openstack/prod/ci) or vault:MOUNT/PATH \
     (e.g. vault:secret/openstack/prod/ci)";

impl FromStr for StoreAddress {
    type Err = StoreError;

    fn from_str(text: &str) -> Result<Self, StoreError> {
        let bad = |why: &str| {
            StoreError::new(
                format!("store address {text:?}: {why}"),
                EXAMPLES.to_string(),
            )
        };
        let (kind, rest) = match text.split_once(':') {
            Some((kind, rest)) => (kind, Some(rest)),
            None => (text, None),
        };
        match (kind, rest) {
            ("secret-service", None) => Ok(StoreAddress::SecretService { place: None }),
            ("secret-service", Some(place)) => {
                if place.is_empty() || place.chars().any(char::is_control) {
                    return Err(bad(
                        "the place after secret-service: is empty or has control characters",
                    ));
                }
                Ok(StoreAddress::SecretService {
                    place: Some(place.to_string()),
                })
            }
            ("pass", Some(path)) => {
                check_path(path, 1).map_err(|why| bad(&why))?;
                Ok(StoreAddress::Pass {
                    path: path.to_string(),
                })
            }
            ("vault" | "openbao" | "bao", Some(path)) => {
                check_path(path, 2)
                    .map_err(|why| bad(&format!("{why} (vault: needs MOUNT/PATH)")))?;
                Ok(StoreAddress::Vault {
                    path: path.to_string(),
                })
            }
            ("pass" | "vault" | "openbao" | "bao", None) => Err(bad("a path is missing")),
            _ => Err(bad("unknown kind of store")),
        }
    }
}

/// The kinds of store an address starts with (`KIND:` or the bare
/// `secret-service`): a name in `[stores]` may be none of them.
const KINDS: [&str; 5] = ["secret-service", "pass", "vault", "openbao", "bao"];

/// Whether `text` is written as an address (`KIND:...`, or the bare
/// `secret-service`) rather than as a name from config.toml's `[stores]`.
pub fn is_address_form(text: &str) -> bool {
    text.contains(':') || KINDS.contains(&text)
}

/// Whether `name` can be a name in config.toml's `[stores]`: a non-empty
/// word without `:`, spaces or control characters that is not a kind of
/// store (so a value is never both a name and an address).
pub fn is_store_name(name: &str) -> bool {
    !name.is_empty()
        && !is_address_form(name)
        && !name.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A `--store`/`--from` value or `default_store`: an address (known by its
/// kind: `secret-service`, `pass:`, `vault:`), else a name from config.toml's
/// `[stores]` (`named`). A bare word that is neither is an error listing
/// the configured names and the address forms.
pub fn resolve(
    text: &str,
    named: &BTreeMap<String, StoreAddress>,
) -> Result<StoreAddress, StoreError> {
    let text = text.trim();
    if is_address_form(text) {
        return text.parse();
    }
    if let Some(address) = named.get(text) {
        return Ok(address.clone());
    }
    let names = if named.is_empty() {
        "config.toml has no [stores]".to_string()
    } else {
        let list: Vec<&str> = named.keys().map(String::as_str).collect();
        format!("the stores named in config.toml are {}", list.join(", "))
    };
    Err(StoreError::new(
        format!(
            "store {text:?} is neither a name from config.toml's [stores] nor an address ({names})"
        ),
        format!(
            "{EXAMPLES}; or name one under [stores] in config.toml (ci = \"vault:secret/openstack/ci\")"
        ),
    ))
}

/// The Secret Service place of credential `name` made on `cloud`.
pub(super) fn default_place(cloud: &str, name: &str) -> String {
    format!("{cloud}/{name}")
}

impl StoreAddress {
    /// The address with the Secret Service's place filled in (`CLOUD/NAME`
    /// when none was given); other addresses as they are. Rotation names
    /// the old credential here, so its successor replaces its item.
    pub fn with_default_place(self, cloud: &str, name: &str) -> StoreAddress {
        match self {
            StoreAddress::SecretService { place: None } => StoreAddress::SecretService {
                place: Some(default_place(cloud, name)),
            },
            other => other,
        }
    }
}

/// A path of at least `segments` non-empty segments, no `.`/`..`, no leading
/// or trailing `/` (a trailing one names a folder, not an entry).
fn check_path(path: &str, segments: usize) -> Result<(), String> {
    if path.is_empty() {
        return Err("the path is empty".to_string());
    }
    if path.ends_with('/') {
        return Err("the path ends in / (a folder): name the entry".to_string());
    }
    if path.starts_with('/') {
        return Err("the path starts with / (it is relative to the store)".to_string());
    }
    if path.chars().any(char::is_control) {
        return Err("the path has control characters".to_string());
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || *p == "." || *p == "..")
    {
        return Err("the path has an empty, . or .. segment".to_string());
    }
    if parts.len() < segments {
        return Err("the path is too short".to_string());
    }
    Ok(())
}

impl fmt::Display for StoreAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreAddress::SecretService { place: None } => f.write_str("secret-service"),
            StoreAddress::SecretService { place: Some(p) } => write!(f, "secret-service:{p}"),
            StoreAddress::Pass { path } => write!(f, "pass:{path}"),
            StoreAddress::Vault { path } => write!(f, "vault:{path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<StoreAddress, String> {
        s.parse::<StoreAddress>().map_err(|e| e.to_string())
    }

    #[test]
    fn canonical_forms_round_trip() {
        for s in [
            "secret-service",
            "secret-service:prod/ci",
            "pass:openstack/prod/ci",
            "pass:ci",
            "vault:secret/openstack/prod/ci",
            "vault:kv/team/a/b",
        ] {
            let a = parse(s).unwrap();
            assert_eq!(a.to_string(), s);
            assert_eq!(parse(&a.to_string()).unwrap(), a);
        }
        assert_eq!(parse("bao:secret/x").unwrap().to_string(), "vault:secret/x");
        let placed = |s: &str| {
            parse(s)
                .unwrap()
                .with_default_place("prod", "ci")
                .to_string()
        };
        assert_eq!(placed("secret-service"), "secret-service:prod/ci");
        assert_eq!(placed("secret-service:mine"), "secret-service:mine");
        assert_eq!(placed("pass:a/b"), "pass:a/b");
    }

    #[test]
    fn a_name_from_stores_or_an_address_resolves() {
        let named: BTreeMap<String, StoreAddress> = [
            (
                "ci".to_string(),
                parse("vault:secret/openstack/ci").unwrap(),
            ),
            ("prod".to_string(), parse("pass:openstack/prod").unwrap()),
        ]
        .into();
        let r = |s: &str| resolve(s, &named).map(|a| a.to_string());
        assert_eq!(r("ci").unwrap(), "vault:secret/openstack/ci");
        assert_eq!(r(" prod ").unwrap(), "pass:openstack/prod");
        assert_eq!(r("pass:x/y").unwrap(), "pass:x/y");
        assert_eq!(r("secret-service").unwrap(), "secret-service");
        let e = resolve("staging", &named).unwrap_err();
        assert!(
            e.message.contains("\"staging\"") && e.message.contains("ci, prod"),
            "{e}"
        );
        assert!(
            e.hint.contains("vault:MOUNT/PATH") && e.hint.contains("[stores]"),
            "{e}"
        );
        let e = resolve("ci", &BTreeMap::new()).unwrap_err();
        assert!(e.message.contains("no [stores]"), "{e}");
        // An address is never taken for a name, a bad one says why.
        assert!(
            resolve("vault:secret", &named)
                .unwrap_err()
                .message
                .contains("too short")
        );
        assert!(is_store_name("ci-prod") && is_store_name("team.a"));
        for bad in ["", "pass", "secret-service", "a:b", "a b", "bao"] {
            assert!(!is_store_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn bad_addresses_say_why() {
        for (s, why) in [
            ("vault:secret", "too short"),
            ("vault:secret/", "folder"),
            ("pass:a/", "folder"),
            ("pass:/etc/x", "relative"),
            ("pass:a/../b", ".."),
            ("pass:a//b", "empty"),
            ("pass", "missing"),
            ("vault", "missing"),
            ("s3:bucket/x", "unknown kind"),
            ("secret-service:", "empty"),
            ("pass:a\nb", "control"),
        ] {
            let Err(e) = s.parse::<StoreAddress>() else {
                panic!("{s} parsed");
            };
            assert!(e.message.contains(why), "{s}: {e}");
            assert!(e.hint.contains("vault:MOUNT/PATH"), "{s}: {}", e.hint);
        }
    }
}
