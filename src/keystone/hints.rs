//! Hints for the errors users meet: what to do, keyed on Keystone's status
//! and message text (stable across releases for these cases; see
//! keystone-facts.md). A 403 naming a policy rule is explained further
//! when the session knows who asked (`policy_hint` with a [`Requester`]).

use super::types::Scope;

/// What the request was, so a hint can fit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// `POST /v3/auth/tokens`; the auth method decides the 401 hint.
    Login(LoginKind),
    Api,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoginKind {
    Password,
    Token,
    ApplicationCredential,
    Totp,
    MultiFactor,
    /// OpenID Connect through Keystone federation.
    OpenId,
}

pub(crate) fn hint_for(
    status: u16,
    message: &str,
    context: Context,
    enabled_methods: &[String],
) -> Option<String> {
    let m = message.to_ascii_lowercase();
    let rule = policy_rule(message);
    let hint = match status {
        400 if m.contains("could not find role assignment") => {
            "Keystone does not see this role in your stored assignments. For federated/SSO users \
             the roles come from group membership, which Keystone only remembers for \
             `[federation] default_authorization_ttl` (0 = not at all): log in again through SSO \
             and retry promptly, or ask the operators to enable that setting"
                .to_string()
        }
        400 if m.contains("unassigned role") => "a requested role is not one you hold on this \
            project: `appcred roles` lists the roles a credential may carry"
            .to_string(),
        400 if m.contains("timestamp not in expected format") || m.contains("expires_at") => {
            "give the expiry as a future UTC time, e.g. 2031-06-01T12:00:00 or 30d".to_string()
        }
        400 if m.contains("expecting to find domain") => "a name needs its domain: set \
            user_domain_name / project_domain_name (or *_domain_id) in clouds.yaml"
            .to_string(),
        401 if m.contains("unsupported method") => {
            let list = if enabled_methods.is_empty() {
                String::new()
            } else {
                format!(" (enabled: {})", enabled_methods.join(", "))
            };
            format!(
                "this authentication method is not enabled on this Keystone{list}; pick another \
                 auth_type or ask the operators to add it to `[auth] methods`"
            )
        }
        401 if m.contains("cannot request a scope") => "an application credential is bound to \
            its project: remove project_*/domain_*/system_scope (and OS_PROJECT_* variables) \
            from this cloud"
            .to_string(),
        401 => match context {
            Context::Login(LoginKind::Password) => "Keystone refused the login: check the user \
                name (or id), the password and the user's domain (user_domain_name); the account \
                may also be disabled or locked"
                .to_string(),
            Context::Login(LoginKind::Totp) => "the TOTP passcode expired or is wrong: wait for \
                the next code and try again (and check the clock of the device that makes it)"
                .to_string(),
            Context::Login(LoginKind::MultiFactor) => "one of the factors was refused: check the \
                password, and that the passcode is current (codes last 30 s)"
                .to_string(),
            Context::Login(LoginKind::ApplicationCredential) => "Keystone refused the application \
                credential: wrong secret, the credential expired, or its owner was disabled or \
                lost the roles on its project"
                .to_string(),
            Context::Login(LoginKind::Token) => "the token expired or was revoked: get a new one \
                (e.g. `openstack token issue`) or log in with a password"
                .to_string(),
            Context::Login(LoginKind::OpenId) => "Keystone refused the federated token for this \
                scope: the federated user may hold no role there (roles come from the identity \
                provider's groups through the mapping); `appcred scopes` lists where it may go"
                .to_string(),
            Context::Api => "the token expired or was revoked: log in again".to_string(),
        },
        403 if m.contains("using method 'application_credential' is not allowed") => {
            "this session was authenticated with a restricted application credential, which may \
             not manage application credentials: log in with a password, or use a credential \
             created with --unrestricted"
                .to_string()
        }
        403 if m.contains("issued via delegation") => "tokens from trusts, OAuth or EC2 \
            credentials cannot manage application credentials: log in with your own password"
            .to_string(),
        403 if m.contains("delegated token to create another token") => "a token from an \
            application credential cannot be re-scoped: the credential is bound to its project"
            .to_string(),
        403 if m.contains("maximum of") && m.contains("exceeded") => "you have as many \
            application credentials as Keystone allows ([application_credential] user_limit): \
            delete unused ones first (`appcred prune`)"
            .to_string(),
        403 if rule.is_some() => policy_hint(rule.as_deref().unwrap_or("identity:*"), None),
        403 if m.contains("may not delete access rule in use") => "a credential still uses this \
            access rule: delete that credential first"
            .to_string(),
        403 => "Keystone refused this with your roles on the current scope".to_string(),
        404 if m.contains("application credential") => "no such application credential (it may \
            have been deleted): `appcred list` shows the current ones"
            .to_string(),
        404 if m.contains("access rule") => "no such access rule (it may have been deleted): \
            `appcred access-rules list` shows yours"
            .to_string(),
        404 if m.contains("role") && m.contains("not defined") => {
            "no role has that name: `appcred roles` lists the roles you hold".to_string()
        }
        404 if m.contains("token") => "the token is no longer valid: log in again".to_string(),
        409 if m.contains("duplicate") => {
            "a credential with that name already exists: pick another name or delete the old one"
                .to_string()
        }
        502..=504 => {
            "Keystone or a proxy in front of it is unavailable: retry in a moment".to_string()
        }
        500..=599 => "Keystone failed internally: retry; if it persists, the operators can find \
            the cause in Keystone's log"
            .to_string(),
        _ => return None,
    };
    Some(hint)
}

/// Who made a request, as far as a policy refusal depends on it: the
/// token's user and scope, and the user the request's path is about.
pub(crate) struct Requester<'a> {
    pub user_id: &'a str,
    pub user_name: &'a str,
    pub scope: &'a Scope,
    /// `{id}` of `/v3/users/{id}/...`, if the path names a user.
    pub path_user: Option<&'a str>,
}

/// The policy rule a 403 names ("... requested action:
/// identity:create_application_credential."), if it names one.
pub(crate) fn policy_rule(message: &str) -> Option<String> {
    message
        .split_whitespace()
        .find(|w| w.starts_with("identity:"))
        .map(|w| w.trim_end_matches(['.', ',', ';']).to_string())
        .filter(|r| r.len() > "identity:".len())
}

/// Rules Keystone's defaults grant a user on their own credentials and
/// access rules, whatever their roles: refused there, either the request
/// was not the owner's (or not on a project, to create), or the cloud's own
/// policy narrowed the rule.
fn owner_rule(rule: &str) -> bool {
    rule.contains("application_credential") || rule.contains("access_rule")
}

const CREATE_RULE: &str = "identity:create_application_credential";

/// The hint for a 403 on `rule`; `who` (when known) tells the owner's and
/// scope's cases from a cloud policy that does not grant the rule.
pub(crate) fn policy_hint(rule: &str, who: Option<&Requester>) -> String {
    let Some(who) = who.filter(|_| owner_rule(rule)) else {
        return if rule == CREATE_RULE {
            format!(
                "Keystone's policy ({rule}) refused it: only the owner can create a credential, \
                 with a token scoped to a project; if that is you, this cloud's policy restricts \
                 it: ask its operators for the role it needs"
            )
        } else {
            format!(
                "Keystone's policy ({rule}) does not allow this with your roles on the current \
                 scope: it needs an admin (or a system reader); ask an administrator or log in \
                 with such a role"
            )
        };
    };
    let creating = rule == CREATE_RULE;
    if let Some(other) = who.path_user.filter(|u| *u != who.user_id) {
        let token_user = if who.user_name.is_empty() {
            who.user_id.to_string()
        } else {
            format!("{} ({})", who.user_name, who.user_id)
        };
        return if creating {
            format!(
                "{rule}: only the owner can create a credential, with a token scoped to a \
                 project, and this request was for user {other} while the token is \
                 {token_user}'s: log in as that user with a project scope"
            )
        } else {
            format!(
                "{rule}: the request was about user {other}'s credentials while the token is \
                 {token_user}'s: only their owner (or an admin) may do this; log in as that user \
                 or as an admin"
            )
        };
    }
    let on_project = matches!(who.scope, Scope::Project { .. });
    if creating && !on_project {
        let scope = match who.scope {
            Scope::Unscoped => "an unscoped token".to_string(),
            s => format!("a token scoped to the {}", s.label()),
        };
        return format!(
            "{rule}: only the owner can create a credential, with a token scoped to a project, \
             and this is {scope}: log in with a project scope (project_name or project_id in \
             clouds.yaml, or --os-project-name)"
        );
    }
    let roles = match who.scope {
        Scope::Unscoped => "an unscoped token".to_string(),
        s => format!("your roles on {}", s.label()),
    };
    format!(
        "this cloud's policy does not let {roles} do {rule}: ask its operators for the role it needs"
    )
}
