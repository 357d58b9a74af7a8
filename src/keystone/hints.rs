//! Hints for the errors users meet: what to do, keyed on Keystone's status
//! and message text (stable across releases for these cases; see
//! keystone-facts.md).

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
        403 if m.contains("identity:create_application_credential") => "only the owner can \
            create a credential, with a token scoped to a project: log in as that user with \
            a project scope"
            .to_string(),
        403 if m.contains("identity:") => {
            let rule = m
                .split_whitespace()
                .find(|w| w.starts_with("identity:"))
                .map(|w| w.trim_end_matches('.'))
                .unwrap_or("identity:*");
            format!(
                "Keystone's policy ({rule}) does not allow this with your roles on the current \
                 scope: it needs an admin (or a system reader); ask an administrator or log in \
                 with such a role"
            )
        }
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
