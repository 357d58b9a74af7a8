//! Finding a user by name across domains (`--user NAME [--user-domain D]`).
//!
//! With domain-specific drivers on (every LDAP-backed deployment has them),
//! Keystone limits `GET /v3/users?name=X` without `domain_id` to the token's
//! own domain, so an admin looks in each domain it can see as well. The
//! same user may come back from two searches: matches are told apart by id.
//! [`pick`] is the pure part: one match, several (listed with their
//! domains), or none (said with the domains searched).

use futures::stream::{self, StreamExt};

use super::error::KeystoneError;
use super::session::Session;
use super::types::{Domain, User};

/// Domain searches in flight at once.
const CONCURRENCY: usize = 8;

/// One user a name matched, with its domain, for the "several users are
/// named X" error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMatch {
    pub id: String,
    pub domain_id: String,
    /// The domain's name, when the domains could be listed.
    pub domain_name: Option<String>,
}

impl std::fmt::Display for UserMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.domain_name {
            Some(name) => write!(f, "{} in domain {name} ({})", self.id, self.domain_id),
            None => write!(f, "{} in domain {}", self.id, self.domain_id),
        }
    }
}

/// Where a name was looked for, for the "no user matches" error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Searched {
    /// These domains (by name), each with `domain_id`.
    Domains(Vec<String>),
    /// Only the token's own domain: listing the domains was refused.
    TokenDomain,
}

impl std::fmt::Display for Searched {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Searched::Domains(names) if names.len() == 1 => write!(f, "domain {}", names[0]),
            Searched::Domains(names) => write!(f, "domains {}", names.join(", ")),
            Searched::TokenDomain => {
                f.write_str("your token's domain (Keystone refused to list the other domains)")
            }
        }
    }
}

/// The one user among `found` (duplicates by id dropped), else why not.
/// `domains`: what is known of the domains, to name them.
pub fn pick(
    name: &str,
    mut found: Vec<User>,
    domains: &[Domain],
    searched: Searched,
) -> Result<User, KeystoneError> {
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.dedup_by(|a, b| a.id == b.id);
    match found.len() {
        0 => Err(KeystoneError::UserNotFound {
            name: name.to_string(),
            searched,
        }),
        1 => Ok(found.remove(0)),
        _ => {
            let mut matches: Vec<UserMatch> = found
                .iter()
                .map(|u| {
                    let domain_id = u.domain_id.clone().unwrap_or_default();
                    let domain_name = domains
                        .iter()
                        .find(|d| d.id == domain_id)
                        .map(|d| d.name.clone());
                    UserMatch {
                        id: u.id.clone(),
                        domain_id,
                        domain_name,
                    }
                })
                .collect();
            matches.sort_by(|a, b| {
                (&a.domain_name, &a.domain_id, &a.id).cmp(&(&b.domain_name, &b.domain_id, &b.id))
            });
            Err(KeystoneError::UserAmbiguous {
                name: name.to_string(),
                matches,
            })
        }
    }
}

/// Whether a `--user` value looks like a Keystone user id (32 hex digits
/// for SQL users, 64 for users mapped from LDAP), so that a user who
/// cannot be found may still be worked on by id.
pub fn looks_like_id(value: &str) -> bool {
    (value.len() == 32 || value.len() == 64) && value.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Session {
    /// A user by id only; `None` when Keystone answers 404.
    pub async fn get_user(&self, id: &str) -> Result<Option<User>, KeystoneError> {
        match self
            .get_json::<serde_json::Value>(self.url(&["users", id]))
            .await
        {
            Ok(mut doc) => {
                let item = doc
                    .get_mut("user")
                    .map(serde_json::Value::take)
                    .unwrap_or_default();
                serde_json::from_value(item)
                    .map(Some)
                    .map_err(|e| KeystoneError::BadResponse {
                        action: format!("GET /v3/users/{id}"),
                        detail: e.to_string(),
                    })
            }
            Err(e) if e.status() == Some(404) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A user by id, else by name: in `domain` (name or id) when given,
    /// else in the token's domain and in every domain the token may list.
    pub async fn find_user_in(
        &self,
        name_or_id: &str,
        domain: Option<&str>,
    ) -> Result<User, KeystoneError> {
        if let Some(user) = self.get_user(name_or_id).await? {
            return Ok(user);
        }
        if let Some(d) = domain {
            let domain = self.find_domain(d).await?;
            let found = self.users_named(name_or_id, Some(&domain.id)).await?;
            let searched = Searched::Domains(vec![domain.name.clone()]);
            return pick(name_or_id, found, &[domain], searched);
        }
        // Unfiltered: the token's domain with domain-specific drivers on,
        // every SQL domain without them.
        let mut found = self.users_named(name_or_id, None).await?;
        let domains: Vec<Domain> = match self.list_all(self.url(&["domains"]), "domains").await {
            Ok(d) => d,
            Err(e) if e.is_forbidden() => {
                tracing::debug!("listing domains refused; searched the token's domain only");
                return pick(name_or_id, found, &[], Searched::TokenDomain);
            }
            Err(e) => return Err(e),
        };
        let per_domain: Vec<Result<Vec<User>, KeystoneError>> =
            stream::iter(domains.iter().map(|d| async move {
                match self.users_named(name_or_id, Some(&d.id)).await {
                    // A domain this token may not search holds no one for it.
                    Err(e) if e.is_forbidden() => Ok(Vec::new()),
                    // E.g. its directory is down: say which, and how to
                    // look elsewhere without it.
                    Err(e) => Err(e.with_hint(format!(
                        "searching domain {} for the user failed; name the user's domain \
                         with --user-domain NAME|ID, or give the user's id",
                        d.name
                    ))),
                    ok => ok,
                }
            }))
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        for users in per_domain {
            found.extend(users?);
        }
        let mut names: Vec<String> = domains.iter().map(|d| d.name.clone()).collect();
        names.sort();
        pick(name_or_id, found, &domains, Searched::Domains(names))
    }

    /// `GET /v3/users?name=X[&domain_id=D]`.
    async fn users_named(
        &self,
        name: &str,
        domain_id: Option<&str>,
    ) -> Result<Vec<User>, KeystoneError> {
        let mut url = self.url(&["users"]);
        url.query_pairs_mut().append_pair("name", name);
        if let Some(d) = domain_id {
            url.query_pairs_mut().append_pair("domain_id", d);
        }
        self.list_all(url, "users").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, domain: &str) -> User {
        User {
            id: id.into(),
            name: "alice".into(),
            domain_id: Some(domain.into()),
            enabled: true,
        }
    }

    fn domain(id: &str, name: &str) -> Domain {
        Domain {
            id: id.into(),
            name: name.into(),
            description: None,
            enabled: true,
        }
    }

    fn everywhere() -> Searched {
        Searched::Domains(vec!["Default".into(), "corp".into()])
    }

    #[test]
    fn one_match_is_used_even_when_two_searches_returned_it() {
        let found = vec![user("u1", "default"), user("u1", "default")];
        let got = pick("alice", found, &[], everywhere()).unwrap();
        assert_eq!(got.id, "u1");
    }

    #[test]
    fn several_matches_are_listed_with_their_domains() {
        let found = vec![user("u2", "c0"), user("u1", "default"), user("u2", "c0")];
        let domains = [domain("default", "Default"), domain("c0", "corp")];
        let err = pick("alice", found, &domains, everywhere()).unwrap_err();
        let KeystoneError::UserAmbiguous { matches, .. } = &err else {
            panic!("{err:?}");
        };
        assert_eq!(matches.len(), 2);
        let text = err.to_string();
        assert!(text.starts_with("2 users are named \"alice\""), "{text}");
        assert!(text.contains("u1 in domain Default (default)"), "{text}");
        assert!(text.contains("u2 in domain corp (c0)"), "{text}");
        assert!(err.hint().unwrap().contains("--user-domain"));
    }

    #[test]
    fn a_match_in_a_domain_not_listed_is_named_by_id() {
        let found = vec![user("u1", "default"), user("u2", "hidden")];
        let err = pick("alice", found, &[], Searched::TokenDomain).unwrap_err();
        assert!(err.to_string().contains("u2 in domain hidden"), "{err}");
    }

    #[test]
    fn none_says_which_domains_were_searched() {
        let err = pick("zed", Vec::new(), &[], everywhere()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no user matches \"zed\" in domains Default, corp"
        );
        assert!(err.is_not_found());
        let hint = err.hint().unwrap();
        assert!(hint.contains("--user-domain"), "{hint}");
        assert!(hint.contains("as the directory does"), "{hint}");
        let err = pick("zed", Vec::new(), &[], Searched::TokenDomain).unwrap_err();
        assert!(err.to_string().contains("your token's domain"), "{err}");
    }

    #[test]
    fn ids_look_like_ids() {
        assert!(looks_like_id("0123456789abcdef0123456789ABCDEF"));
        assert!(looks_like_id(&"a".repeat(64)));
        assert!(!looks_like_id("alice"));
        assert!(!looks_like_id(&"g".repeat(32)));
        assert!(!looks_like_id(&"a".repeat(40)));
    }
}
