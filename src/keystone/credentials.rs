//! Application credentials: `/v3/users/{user_id}/application_credentials`.
//! URLs are always built from the path: Keystone's `links.self` points at a
//! route that does not exist.

use serde::Deserialize;
use serde_json::{Value, json};

use super::error::KeystoneError;
use super::session::Session;
use super::types::{
    AccessRule, ApplicationCredential, CreatedCredential, NewApplicationCredential, Scope,
};
use crate::secret::{Secret, SecretJson};

/// The create request. Roles go by id (a name with `_` or spaces never
/// meets the id pattern check); none means all of the token's roles. A
/// [`SecretJson`]: it carries the secret when the user chose one.
pub(crate) fn create_body(new: &NewApplicationCredential) -> SecretJson {
    let mut ac = json!({ "name": new.name, "unrestricted": new.unrestricted });
    if let Some(d) = &new.description {
        ac["description"] = json!(d);
    }
    if let Some(s) = new.secret.as_ref().filter(|s| !s.is_empty()) {
        ac["secret"] = json!(s.expose());
    }
    if let Some(t) = &new.expires_at {
        // Keystone takes a UTC time without an offset (an offset is a 400).
        ac["expires_at"] = json!(t.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    if !new.role_ids.is_empty() {
        let roles: Vec<Value> = new.role_ids.iter().map(|id| json!({ "id": id })).collect();
        ac["roles"] = json!(roles);
    }
    if !new.access_rules.is_empty() {
        // An item with only some fields makes Keystone fail with a 500:
        // send an existing rule by id alone, a new one with all three.
        let rules: Vec<Value> = new.access_rules.iter().map(rule_json).collect();
        ac["access_rules"] = json!(rules);
    }
    SecretJson::new(json!({ "application_credential": ac }))
}

fn rule_json(r: &AccessRule) -> Value {
    match &r.id {
        Some(id) => json!({ "id": id }),
        None => json!({ "service": r.service, "method": r.method, "path": r.path }),
    }
}

/// Keystone's ids are uuid4 hex: 32 hex digits.
pub(crate) fn looks_like_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The one credential of `list` whose id starts with `prefix`.
fn pick_by_prefix(
    list: Vec<ApplicationCredential>,
    prefix: &str,
) -> Result<ApplicationCredential, KeystoneError> {
    let lower = prefix.to_ascii_lowercase();
    let mut found: Vec<ApplicationCredential> = list
        .into_iter()
        .filter(|c| c.id.starts_with(&lower))
        .collect();
    match found.len() {
        0 => Err(KeystoneError::NotFound {
            what: "application credential",
            searched: prefix.to_string(),
        }),
        1 => Ok(found.remove(0)),
        _ => Err(KeystoneError::AmbiguousPrefix {
            what: "application credential",
            prefix: prefix.to_string(),
            matches: found
                .into_iter()
                .map(|c| format!("{} ({})", c.id, c.name))
                .collect(),
        }),
    }
}

/// At least 4 hex digits, fewer than a whole id: a short id as `list`
/// prints it (`4e20c976`), git-style.
pub(crate) fn looks_like_id_prefix(s: &str) -> bool {
    (4..32).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[derive(Deserialize)]
struct One {
    application_credential: ApplicationCredential,
}

#[derive(Deserialize)]
struct CreatedDoc {
    application_credential: CreatedRaw,
}

#[derive(Deserialize)]
struct CreatedRaw {
    #[serde(flatten)]
    credential: ApplicationCredential,
    #[serde(default)]
    secret: Option<String>,
}

/// Keystone answers `/users/{id}/application_credentials` with that user's
/// credentials only. An answer holding another user's (a proxy mixing up
/// sessions, a broken or hostile endpoint) must not be shown, deleted or
/// rotated as the user's own: it is an error naming the mismatch.
fn owned_by(list: &[ApplicationCredential], user_id: &str) -> Result<(), KeystoneError> {
    let Some(other) = list
        .iter()
        .find(|c| c.user_id.as_deref().is_some_and(|u| u != user_id))
    else {
        return Ok(());
    };
    Err(KeystoneError::Transport {
        action: format!("GET /v3/users/{user_id}/application_credentials"),
        detail: format!(
            "the answer holds credential {} ({}) of another user, {}: not shown as yours \
             (a proxy or load balancer mixing up answers, or not a Keystone; try again, and \
             report it to the cloud's operators if it stays)",
            crate::terminal_text::visible(&other.id),
            crate::terminal_text::visible(&other.name),
            crate::terminal_text::visible(other.user_id.as_deref().unwrap_or_default()),
        ),
    })
}

impl Session {
    fn credentials_url(&self, user_id: &str, id: Option<&str>) -> reqwest::Url {
        match id {
            Some(id) => self.url(&["users", user_id, "application_credentials", id]),
            None => self.url(&["users", user_id, "application_credentials"]),
        }
    }

    /// Every credential of `user_id`, sorted by name.
    pub async fn list_credentials(
        &self,
        user_id: &str,
    ) -> Result<Vec<ApplicationCredential>, KeystoneError> {
        let mut list: Vec<ApplicationCredential> = self
            .list_all(
                self.credentials_url(user_id, None),
                "application_credentials",
            )
            .await?;
        owned_by(&list, &self.as_current_user(user_id))?;
        list.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(list)
    }

    pub async fn get_credential(
        &self,
        user_id: &str,
        id: &str,
    ) -> Result<ApplicationCredential, KeystoneError> {
        let one: One = self
            .get_json(self.credentials_url(user_id, Some(id)))
            .await?;
        let owner = self.as_current_user(user_id);
        owned_by(std::slice::from_ref(&one.application_credential), &owner)?;
        Ok(one.application_credential)
    }

    /// Credentials with exactly this name (Keystone's `?name=` is exact).
    async fn credentials_named(
        &self,
        user_id: &str,
        name: &str,
    ) -> Result<Vec<ApplicationCredential>, KeystoneError> {
        let list = self.credentials_filtered(user_id, name).await?;
        // Filter again: an old Keystone that ignores the filter, or a MariaDB
        // one whose collation matches `CI` to `ci`, must not make us act on
        // the wrong credential.
        Ok(list.into_iter().filter(|c| c.name == name).collect())
    }

    /// The credentials Keystone's own `?name=` filter returns.
    async fn credentials_filtered(
        &self,
        user_id: &str,
        name: &str,
    ) -> Result<Vec<ApplicationCredential>, KeystoneError> {
        let mut url = self.credentials_url(user_id, None);
        url.query_pairs_mut().append_pair("name", name);
        let list = self.list_all(url, "application_credentials").await?;
        owned_by(&list, &self.as_current_user(user_id))?;
        Ok(list)
    }

    /// By id, else by exact name, else by a unique id prefix (`4e20c976`).
    /// Several with that name (or prefix) is an error naming
    /// their ids; none is a not-found naming what was searched.
    pub async fn find_credential(
        &self,
        user_id: &str,
        name_or_id: &str,
    ) -> Result<ApplicationCredential, KeystoneError> {
        if looks_like_id(name_or_id) {
            match self.get_credential(user_id, name_or_id).await {
                Ok(c) => return Ok(c),
                Err(e) if e.status() == Some(404) => {}
                Err(e) => return Err(e),
            }
        }
        let mut matches = self.credentials_named(user_id, name_or_id).await?;
        if matches.is_empty() && looks_like_id_prefix(name_or_id) {
            return self.credential_by_prefix(user_id, name_or_id).await;
        }
        match matches.len() {
            0 => Err(KeystoneError::NotFound {
                what: "application credential",
                searched: name_or_id.to_string(),
            }),
            1 => Ok(matches.remove(0)),
            _ => Err(KeystoneError::Ambiguous {
                what: "application credential",
                name: name_or_id.to_string(),
                ids: matches.into_iter().map(|c| c.id).collect(),
            }),
        }
    }

    /// The one credential whose id starts with `prefix` (case-insensitive,
    /// as ids are lower-case hex); several are an error listing them all.
    async fn credential_by_prefix(
        &self,
        user_id: &str,
        prefix: &str,
    ) -> Result<ApplicationCredential, KeystoneError> {
        pick_by_prefix(self.list_credentials(user_id).await?, prefix)
    }

    /// Creates a credential for the session's user on the token's project.
    /// Refused without a request unless the token is project-scoped: an
    /// unscoped token would make a credential with no project and no roles.
    pub async fn create_credential(
        &self,
        new: &NewApplicationCredential,
    ) -> Result<CreatedCredential, KeystoneError> {
        let info = self.token_info();
        if !matches!(info.scope, Scope::Project { .. }) {
            return Err(KeystoneError::Refused {
                message: format!(
                    "cannot create an application credential with a {} token",
                    info.scope.label()
                ),
                hint: Some(
                    "a credential takes the project of the token that creates it: log in with a \
                     project scope (--os-project-name / project_name in clouds.yaml)"
                        .to_string(),
                ),
            });
        }
        repeated_access_rule(&new.access_rules)?;
        let user_id = info.user.id;
        let url = self.credentials_url(&user_id, None);
        let created: Result<CreatedDoc, _> = self.post_json(url, &create_body(new)).await;
        match created {
            Ok(doc) => {
                let raw = doc.application_credential;
                let secret = raw.secret.filter(|s| !s.is_empty()).map(Secret::new).ok_or_else(|| {
                    KeystoneError::BadResponse {
                        action: "POST application_credentials".to_string(),
                        detail: format!(
                            "Keystone created credential {} but sent no secret; delete it and retry",
                            raw.credential.id
                        ),
                    }
                })?;
                Ok(CreatedCredential {
                    credential: raw.credential,
                    secret,
                })
            }
            Err(e) if e.status() == Some(409) => Err(self.duplicate_hint(e, &user_id, new).await),
            Err(e) => Err(e),
        }
    }

    /// Adds the existing credential's id to a 409's hint. On a Keystone
    /// whose database compares names case-insensitively (MariaDB/MySQL with
    /// Keystone's default collation), `CI` collides with an existing `ci`:
    /// the hint then says so and names that credential exactly. When no
    /// credential has the name, says what else Keystone can have refused.
    async fn duplicate_hint(
        &self,
        e: KeystoneError,
        user_id: &str,
        new: &NewApplicationCredential,
    ) -> KeystoneError {
        let name = &new.name;
        let Ok(listed) = self.credentials_filtered(user_id, name).await else {
            return e;
        };
        let exact: Vec<&str> = listed
            .iter()
            .filter(|c| &c.name == name)
            .map(|c| c.id.as_str())
            .collect();
        if let [first, ..] = exact.as_slice() {
            return e.with_hint(format!(
                "a credential named {name:?} already exists (id {}): pick another name, or \
                 delete it first (`appcred delete {first}`)",
                exact.join(", "),
            ));
        }
        let lower = name.to_lowercase();
        if let Some(other) = listed.iter().find(|c| c.name.to_lowercase() == lower) {
            return e.with_hint(format!(
                "this cloud compares credential names case-insensitively (its database \
                 collation), so {name:?} collides with your existing credential {:?} (id {}): \
                 pick a name that differs in more than letter case, or delete that one first \
                 (`appcred delete {}`)",
                other.name, other.id, other.id
            ));
        }
        if new.access_rules.is_empty() {
            return e;
        }
        e.with_hint(format!(
            "no credential is named {name:?}: Keystone's \"duplicate entry\" is about the \
             access rules (one it could not store twice, e.g. a rule another request was \
             storing at the same moment); retry, or create it without access rules to \
             check"
        ))
    }

    pub async fn delete_credential(&self, user_id: &str, id: &str) -> Result<(), KeystoneError> {
        self.delete(self.credentials_url(user_id, Some(id))).await
    }
}

/// Keystone answers two identical access rules in one request with a 409
/// that blames the credential's name: refuse them first, saying which.
fn repeated_access_rule(rules: &[AccessRule]) -> Result<(), KeystoneError> {
    for (i, a) in rules.iter().enumerate() {
        let same = |b: &&AccessRule| {
            (b.service.as_str(), b.method.as_str(), b.path.as_str())
                == (a.service.as_str(), a.method.as_str(), a.path.as_str())
        };
        if let Some(j) = rules[..i].iter().position(|b| same(&b)) {
            return Err(KeystoneError::Refused {
                message: format!(
                    "access rules {} and {} are the same ({} {} {}); nothing was created",
                    j + 1,
                    i + 1,
                    a.service,
                    a.method,
                    a.path
                ),
                hint: Some(
                    "give each access rule once (Keystone refuses a repeated rule, with a \
                     misleading \"duplicate entry found with name\")"
                        .to_string(),
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn minimal_body_lets_keystone_choose() {
        let new = NewApplicationCredential {
            name: "ci".into(),
            ..Default::default()
        };
        assert_eq!(
            *create_body(&new),
            json!({"application_credential":{"name":"ci","unrestricted":false}})
        );
    }

    #[test]
    fn full_body_sends_role_ids_and_utc_without_offset() {
        let new = NewApplicationCredential {
            name: "ci".into(),
            description: Some("deploys".into()),
            secret: Some("s3cret".into()),
            expires_at: chrono::Utc.with_ymd_and_hms(2031, 6, 1, 12, 30, 0).single(),
            role_ids: vec!["r1".into(), "r2".into()],
            unrestricted: true,
            access_rules: vec![
                AccessRule {
                    id: None,
                    service: "identity".into(),
                    method: "GET".into(),
                    path: "/v3/users/*".into(),
                },
                AccessRule {
                    id: Some("ar1".into()),
                    service: "x".into(),
                    method: "GET".into(),
                    path: "/".into(),
                },
            ],
        };
        assert_eq!(
            *create_body(&new),
            json!({"application_credential":{"name":"ci","description":"deploys","secret":"s3cret",
                "expires_at":"2031-06-01T12:30:00","unrestricted":true,
                "roles":[{"id":"r1"},{"id":"r2"}],
                "access_rules":[{"service":"identity","method":"GET","path":"/v3/users/*"},{"id":"ar1"}]}})
        );
    }

    #[test]
    fn ids_are_32_hex() {
        assert!(looks_like_id("38af0c5e8f4d4b7b9a1f2c3d4e5f6a7b"));
        assert!(!looks_like_id("my-credential"));
        assert!(!looks_like_id("38af0c5e8f4d4b7b9a1f2c3d4e5f6a7"));
    }

    #[test]
    fn created_answer_keeps_the_secret() {
        let doc: CreatedDoc = serde_json::from_str(
            r#"{"application_credential":{"id":"38af","name":"fs-ar","description":null,"user_id":"u","project_id":"p",
             "system":null,"expires_at":null,"unrestricted":false,
             "roles":[{"id":"r","name":"reader","domain_id":null,"description":null,"options":{"immutable":true}}],
             "access_rules":[{"id":"4768","service":"identity","path":"/v3/users/*","method":"GET"}],
             "secret":"my-own-secret","links":{"self":"http://x"}}}"#,
        )
        .unwrap();
        assert_eq!(
            doc.application_credential.secret.as_deref(),
            Some("my-own-secret")
        );
        assert_eq!(doc.application_credential.credential.access_rule_count(), 1);
    }
}

#[cfg(test)]
mod prefix_tests {
    use super::*;

    fn cred(id: &str, name: &str) -> ApplicationCredential {
        serde_json::from_value(serde_json::json!({"id": id, "name": name, "roles": []}))
            .expect("a credential")
    }

    #[test]
    fn a_prefix_picks_one_or_lists_every_match() {
        let list = || {
            vec![
                cred("4e20c976aaaa", "ci"),
                cred("4e20ffff0000", "tf"),
                cred("9abc00000000", "backup"),
            ]
        };
        assert_eq!(
            pick_by_prefix(list(), "9ABC").map(|c| c.name).ok(),
            Some("backup".into())
        );
        match pick_by_prefix(list(), "4e20") {
            Err(e @ KeystoneError::AmbiguousPrefix { .. }) => {
                let text = e.to_string();
                assert!(
                    text.contains("4e20c976aaaa (ci)") && text.contains("4e20ffff0000 (tf)"),
                    "{text}"
                );
            }
            other => panic!("expected ambiguous, got {:?}", other.map(|c| c.id)),
        }
        assert!(matches!(
            pick_by_prefix(list(), "0000"),
            Err(KeystoneError::NotFound { .. })
        ));
        assert!(
            looks_like_id_prefix("4e20")
                && !looks_like_id_prefix("4e2")
                && !looks_like_id_prefix("ci-x")
        );
    }
}
