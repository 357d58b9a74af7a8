//! Error parsing (JSON, HTML, truncated) and the hints users see.
use super::*;
use crate::keystone::types::{DomainRef, Scope};

fn api_hint(status: u16, message: &str, context: Context) -> String {
    let body = serde_json::json!({"error":{"code":status,"message":message,"title":"T"}});
    let e = from_response(
        "x",
        status,
        "application/json",
        body.to_string().as_bytes(),
        context,
    );
    assert_eq!(e.status(), Some(status));
    e.hint().unwrap_or_default()
}

#[test]
fn parses_keystone_json() {
    let body = br#"{"error":{"code":404,"message":"Could not find Application Credential: abc.","title":"Not Found"}}"#;
    let e = from_response(
        "GET /v3/users/u/application_credentials/abc",
        404,
        "application/json",
        body,
        Context::Api,
    );
    assert!(matches!(&e, KeystoneError::Api { title, .. } if title == "Not Found"));
    assert_eq!(
        e.message(),
        Some("Could not find Application Credential: abc.")
    );
    assert!(e.to_string().contains("404 Not Found"));
    assert!(e.hint().unwrap_or_default().contains("appcred list"));
    assert!(e.is_not_found());
}

#[test]
fn html_page_is_described_not_parsed() {
    let body = b"<!doctype html>\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on the server.</p></body></html>";
    let e = from_response(
        "GET /v3/x",
        404,
        "text/html; charset=utf-8",
        body,
        Context::Api,
    );
    let KeystoneError::UnexpectedBody {
        snippet,
        content_type,
        status,
        ..
    } = &e
    else {
        panic!("wrong variant: {e:?}");
    };
    assert_eq!(*status, 404);
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert!(
        snippet.starts_with("404 Not Found Not Found The requested URL"),
        "{snippet}"
    );
    assert!(!snippet.contains('<'));
    assert!(e.hint().unwrap_or_default().contains("auth_url"));
    let shown = e.to_string();
    assert!(
        shown.contains("404") && shown.contains("text/html"),
        "{shown}"
    );
}

#[test]
fn truncated_json_and_empty_body() {
    let e = from_response(
        "GET /v3/x",
        500,
        "application/json",
        br#"{"error":{"code":50"#,
        Context::Api,
    );
    assert!(
        matches!(&e, KeystoneError::UnexpectedBody { snippet, .. } if snippet == r#"{"error":{"code":50"#)
    );
    let e = from_response("GET /v3/x", 502, "", b"", Context::Api);
    assert!(
        matches!(&e, KeystoneError::UnexpectedBody { content_type, .. } if content_type == "(no content type)")
    );
    assert_eq!(e.status(), Some(502));
}

#[test]
fn snippet_is_short_and_flat() {
    let long = format!("<p>{}</p>", "word ".repeat(100));
    let s = snippet(long.as_bytes());
    assert!(s.chars().count() <= 101, "{}", s.len());
    assert!(s.ends_with('…'));
    assert_eq!(snippet(b"  a\n\n b\t<br/>c "), "a b c");
    assert_eq!(snippet(&[0xff, 0xfe, b'o', b'k']), "\u{fffd}\u{fffd}ok");
}

#[test]
fn hints_for_errors_users_meet() {
    let restricted = "You are not authorized to perform the requested action: Using method \
        'application_credential' is not allowed for managing additional application credentials..";
    assert!(api_hint(403, restricted, Context::Api).contains("--unrestricted"));
    assert!(api_hint(403, restricted, Context::Api).contains("password"));
    let sso = "Invalid application credential: Could not find role assignment with role: r, \
        user or group: u, project, domain, or system: p.";
    assert!(api_hint(400, sso, Context::Api).contains("default_authorization_ttl"));
    assert!(
        api_hint(400, "Invalid application credential: Cannot create an application credential with unassigned role", Context::Api)
            .contains("appcred roles")
    );
    assert!(
        api_hint(
            401,
            "The request you have made requires authentication.",
            Context::Login(LoginKind::Password)
        )
        .contains("password")
    );
    assert!(
        api_hint(
            401,
            "The request you have made requires authentication.",
            Context::Login(LoginKind::Totp)
        )
        .contains("passcode expired or is wrong")
    );
    assert!(
        api_hint(403, "You are not authorized to perform the requested action: identity:list_role_assignments.", Context::Api)
            .contains("identity:list_role_assignments")
    );
    assert!(
        api_hint(
            403,
            "Cannot manage application credentials with a token issued via delegation.",
            Context::Api
        )
        .contains("password")
    );
    assert!(
        api_hint(404, "Could not find Access Rule: x.", Context::Api).contains("access-rules list")
    );
    assert!(
        api_hint(409, "Conflict occurred attempting to store application_credential - Duplicate entry found with name a.", Context::Api)
            .contains("already exists")
    );
    assert!(api_hint(400, "Timestamp not in expected format.", Context::Api).contains("UTC"));
}

#[test]
fn unsupported_method_lists_enabled_ones() {
    let body = br#"{"error":{"code":401,"identity":{"methods":["password","token"]},"message":"Attempted to authenticate with an unsupported method.","title":"Unauthorized"}}"#;
    let e = from_response(
        "log in",
        401,
        "application/json",
        body,
        Context::Login(LoginKind::Totp),
    );
    let hint = e.hint().unwrap_or_default();
    assert!(
        hint.contains("not enabled") && hint.contains("password, token"),
        "{hint}"
    );
}

#[test]
fn with_hint_replaces() {
    let e = KeystoneError::Api {
        action: "a".into(),
        status: 409,
        title: "Conflict".into(),
        message: "m".into(),
        hint: None,
    }
    .with_hint("id 123".into());
    assert_eq!(e.hint().as_deref(), Some("id 123"));
}

fn refused(rule: &str) -> KeystoneError {
    let message = format!("You are not authorized to perform the requested action: {rule}.");
    let body = serde_json::json!({"error":{"code":403,"message":message,"title":"Forbidden"}});
    from_response(
        "POST /v3/users/me/application_credentials",
        403,
        "application/json",
        body.to_string().as_bytes(),
        Context::Api,
    )
}

fn project() -> Scope {
    Scope::Project {
        id: "p1".into(),
        name: "demo".into(),
        domain: DomainRef {
            id: "default".into(),
            name: "Default".into(),
        },
    }
}

/// The hint a 403 on `rule` gets for user `me` (alice) on `scope`, the
/// request's path naming user `path_user`.
fn policy_for(rule: &str, scope: &Scope, path_user: &str) -> String {
    let who = Requester {
        user_id: "me",
        user_name: "alice",
        scope,
        path_user: Some(path_user),
    };
    refused(rule)
        .explain_policy(&who)
        .hint()
        .unwrap_or_default()
}

const CREATE: &str = "identity:create_application_credential";
const OWNER_HINT: &str = "only the owner can create a credential";

#[test]
fn the_owner_on_a_project_refused_by_the_clouds_policy() {
    let hint = policy_for(CREATE, &project(), "me");
    assert_eq!(
        hint,
        "this cloud's policy does not let your roles on project demo (Default) do \
         identity:create_application_credential: ask its operators for the role it needs"
    );
    let list = policy_for("identity:list_application_credentials", &project(), "me");
    assert!(
        list.contains(
            "does not let your roles on project demo (Default) do \
             identity:list_application_credentials"
        ),
        "{list}"
    );
    let rules = policy_for("identity:get_access_rule", &project(), "me");
    assert!(rules.contains("this cloud's policy"), "{rules}");
}

#[test]
fn another_users_id_in_the_path_is_the_owner_case() {
    let hint = policy_for(CREATE, &project(), "someone");
    assert!(hint.starts_with(CREATE), "{hint}");
    assert!(hint.contains(OWNER_HINT), "{hint}");
    assert!(
        hint.contains("user someone") && hint.contains("alice (me)"),
        "{hint}"
    );
    let delete = policy_for(
        "identity:delete_application_credential",
        &project(),
        "someone",
    );
    assert!(
        delete.contains("user someone's credentials") && delete.contains("(or an admin)"),
        "{delete}"
    );
    assert!(!delete.contains("policy does not let"), "{delete}");
}

#[test]
fn a_token_not_on_a_project_is_the_scope_case_to_create() {
    let domain = Scope::Domain {
        id: "d1".into(),
        name: "corp".into(),
    };
    for (scope, says) in [
        (domain, "a token scoped to the domain corp"),
        (Scope::System, "a token scoped to the system"),
        (Scope::Unscoped, "an unscoped token"),
    ] {
        let hint = policy_for(CREATE, &scope, "me");
        assert!(
            hint.contains(OWNER_HINT) && hint.contains(says),
            "{scope:?}: {hint}"
        );
        assert!(hint.contains("log in with a project scope"), "{hint}");
    }
    // Listing needs no project: a refusal there is the cloud's policy.
    let list = policy_for(
        "identity:list_application_credentials",
        &Scope::System,
        "me",
    );
    assert!(
        list.contains("does not let your roles on system do"),
        "{list}"
    );
}

#[test]
fn rules_beyond_ones_own_credentials_keep_the_admin_hint() {
    let hint = policy_for("identity:list_role_assignments", &project(), "me");
    assert!(
        hint.contains("identity:list_role_assignments") && hint.contains("needs an admin"),
        "{hint}"
    );
}

#[test]
fn without_the_session_a_create_refusal_names_both_causes() {
    let hint = refused(CREATE).hint().unwrap_or_default();
    assert!(hint.contains(CREATE), "{hint}");
    assert!(
        hint.contains(OWNER_HINT) && hint.contains("this cloud's policy restricts it"),
        "{hint}"
    );
}

#[test]
fn explain_policy_leaves_other_errors_alone() {
    let who = Requester {
        user_id: "me",
        user_name: "alice",
        scope: &Scope::System,
        path_user: None,
    };
    let restricted = "You are not authorized to perform the requested action: Using method \
        'application_credential' is not allowed for managing additional application credentials..";
    let e = from_response(
        "x",
        403,
        "application/json",
        serde_json::json!({"error":{"code":403,"message":restricted,"title":"Forbidden"}})
            .to_string()
            .as_bytes(),
        Context::Api,
    )
    .explain_policy(&who);
    assert!(e.hint().unwrap_or_default().contains("--unrestricted"));
    let not_found = api_hint(
        404,
        "Could not find Application Credential: a.",
        Context::Api,
    );
    assert!(not_found.contains("appcred list"));
}
