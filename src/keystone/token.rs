//! Reading Keystone's `{"token":{…}}` into [`TokenInfo`].

use serde::Deserialize;

use super::error::KeystoneError;
use super::types::{
    CatalogService, DomainRef, RoleRef, Scope, TokenAppCred, TokenInfo, UserRef, keystone_time,
};

#[derive(Deserialize)]
struct TokenDoc {
    token: RawToken,
}

#[derive(Deserialize)]
struct RawToken {
    #[serde(default)]
    methods: Vec<String>,
    user: UserRef,
    expires_at: String,
    issued_at: String,
    #[serde(default)]
    project: Option<RawProject>,
    #[serde(default)]
    domain: Option<DomainRef>,
    #[serde(default)]
    system: Option<serde_json::Value>,
    #[serde(default)]
    roles: Vec<RoleRef>,
    #[serde(default)]
    catalog: Vec<CatalogService>,
    #[serde(default)]
    application_credential: Option<TokenAppCred>,
}

#[derive(Deserialize)]
struct RawProject {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    domain: Option<DomainRef>,
}

/// Parses a token body; `action` names the request for errors.
pub(crate) fn parse(body: &[u8], action: &str) -> Result<TokenInfo, KeystoneError> {
    let bad = |detail: String| KeystoneError::BadResponse {
        action: action.to_string(),
        detail,
    };
    let doc: TokenDoc =
        serde_json::from_slice(body).map_err(|e| bad(format!("token body: {e}")))?;
    let t = doc.token;
    let time = |s: &str| keystone_time::parse(s).ok_or_else(|| bad(format!("token time {s:?}")));
    let scope = if let Some(p) = t.project {
        Scope::Project {
            id: p.id,
            name: p.name,
            domain: p.domain.unwrap_or(DomainRef {
                id: String::new(),
                name: String::new(),
            }),
        }
    } else if let Some(d) = t.domain {
        Scope::Domain {
            id: d.id,
            name: d.name,
        }
    } else if t.system.is_some() {
        Scope::System
    } else {
        Scope::Unscoped
    };
    Ok(TokenInfo {
        user: t.user,
        scope,
        roles: t.roles,
        methods: t.methods,
        issued_at: time(&t.issued_at)?,
        expires_at: time(&t.expires_at)?,
        catalog: t.catalog,
        application_credential: t.application_credential,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_token() {
        let body = br#"{"token":{"methods":["password"],
 "user":{"domain":{"id":"default","name":"Default"},"id":"d6b8","name":"admin","password_expires_at":null},
 "audit_ids":["JPtS"], "expires_at":"2026-11-23T01:25:11.000000Z","issued_at":"2026-11-23T00:25:11.000000Z",
 "project":{"domain":{"id":"default","name":"Default"},"id":"36a6","name":"admin"},"is_domain":false,
 "roles":[{"id":"r1","name":"reader"},{"id":"r2","name":"admin"}],
 "catalog":[{"endpoints":[{"id":"e","interface":"public","region_id":"RegionOne","url":"http://127.0.0.1:5000/v3","region":"RegionOne"}],
             "id":"s","type":"identity","name":"keystone"}]}}"#;
        let t = parse(body, "log in").unwrap();
        assert_eq!(t.user.id, "d6b8");
        assert!(
            matches!(&t.scope, Scope::Project { id, domain, .. } if id == "36a6" && domain.name == "Default")
        );
        assert_eq!(t.roles.len(), 2);
        assert_eq!(t.catalog[0].service_type, "identity");
        assert!(t.expires_at > t.issued_at);
        assert!(t.application_credential.is_none());
    }

    #[test]
    fn system_domain_unscoped_and_app_cred() {
        let base = |extra: &str| {
            format!(
                r#"{{"token":{{"methods":["application_credential"],"user":{{"id":"u","name":"n"}},
                "expires_at":"2026-11-23T01:25:11.000000Z","issued_at":"2026-11-23T00:25:11.000000Z"{extra}}}}}"#
            )
        };
        let sys = parse(base(r#","system":{"all":true},"roles":[]"#).as_bytes(), "x");
        assert!(matches!(sys.map(|t| t.scope), Ok(Scope::System)));
        let dom = parse(base(r#","domain":{"id":"d","name":"D"}"#).as_bytes(), "x");
        assert!(matches!(dom.map(|t| t.scope), Ok(Scope::Domain { .. })));
        let un = parse(base("").as_bytes(), "x").unwrap();
        assert_eq!(un.scope, Scope::Unscoped);
        assert!(un.roles.is_empty() && un.catalog.is_empty());
        let ac = parse(
            base(r#","application_credential":{"id":"a","name":"ci","restricted":true}"#)
                .as_bytes(),
            "x",
        )
        .unwrap();
        assert!(ac.application_credential.is_some_and(|a| a.restricted));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse(b"", "x").is_err());
        assert!(parse(br#"{"token":{"user":{"id":"u"}}}"#, "x").is_err());
        assert!(
            parse(
                br#"{"token":{"user":{"id":"u"},"expires_at":"soon","issued_at":"now"}}"#,
                "x"
            )
            .is_err()
        );
    }
}
