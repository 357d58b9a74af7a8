//! What to authenticate with, worked out from the cloud, and the JSON for
//! `POST /v3/auth/tokens`. Pure: no I/O here, so every payload shape is a
//! unit test.

use serde_json::{Value, json};

use super::error::{KeystoneError, LoginKind};
use super::types::ScopeRequest;
use crate::config::{AuthType, CloudConfig};
use crate::secret::{Secret, SecretJson};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DomainSel {
    Id(String),
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum UserSel {
    Id(String),
    Name { name: String, domain: DomainSel },
}

impl UserSel {
    /// For prompts and messages: the name (or id) as the user wrote it.
    pub fn label(&self) -> String {
        match self {
            UserSel::Id(id) => id.clone(),
            UserSel::Name { name, .. } => name.clone(),
        }
    }

    fn json(&self) -> Value {
        match self {
            UserSel::Id(id) => json!({ "id": id }),
            UserSel::Name { name, domain } => {
                json!({ "name": name, "domain": domain_json(domain) })
            }
        }
    }
}

fn domain_json(d: &DomainSel) -> Value {
    match d {
        DomainSel::Id(id) => json!({ "id": id }),
        DomainSel::Name(name) => json!({ "name": name }),
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AppCredSel {
    Id(String),
    Name { name: String, user: UserSel },
}

/// One auth method with its secret. A secret that is None must be asked
/// for before the method can be sent.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Method {
    Password {
        user: UserSel,
        password: Option<Secret>,
    },
    Token {
        token: Secret,
    },
    ApplicationCredential {
        which: AppCredSel,
        secret: Secret,
    },
    Totp {
        user: UserSel,
        passcode: Option<Secret>,
    },
    /// OpenID Connect through Keystone federation: not sent in a body, the
    /// login goes through `oidc` (which keeps the unscoped token here).
    Federated(Box<super::oidc::Federated>),
}

impl Method {
    /// Keystone's name for it (`methods` in the request and in receipts).
    pub fn name(&self) -> &'static str {
        match self {
            Method::Password { .. } => "password",
            Method::Token { .. } => "token",
            Method::ApplicationCredential { .. } => "application_credential",
            Method::Totp { .. } => "totp",
            Method::Federated(_) => "openid",
        }
    }

    fn json(&self) -> Value {
        let expose = |s: &Option<Secret>| s.as_ref().map(|s| s.expose().to_string());
        match self {
            Method::Password { user, password } => {
                let mut u = user.json();
                u["password"] = json!(expose(password).unwrap_or_default());
                json!({ "user": u })
            }
            Method::Token { token } => json!({ "id": token.expose() }),
            Method::ApplicationCredential { which, secret } => match which {
                AppCredSel::Id(id) => json!({ "id": id, "secret": secret.expose() }),
                AppCredSel::Name { name, user } => {
                    json!({ "name": name, "user": user.json(), "secret": secret.expose() })
                }
            },
            Method::Totp { user, passcode } => {
                let mut u = user.json();
                u["passcode"] = json!(expose(passcode).unwrap_or_default());
                json!({ "user": u })
            }
            // Never in a body: login.rs sends federated logins through oidc.
            Method::Federated(_) => json!({}),
        }
    }
}

/// Everything a login (and every later renewal) needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub methods: Vec<Method>,
    /// None: send no scope and let Keystone pick the default project.
    pub scope: Option<ScopeRequest>,
    pub kind: LoginKind,
}

impl Plan {
    /// The OpenID Connect login, if this is one.
    pub fn federated_mut(&mut self) -> Option<&mut super::oidc::Federated> {
        self.methods.iter_mut().find_map(|m| match m {
            Method::Federated(f) => Some(f.as_mut()),
            _ => None,
        })
    }

    pub fn is_federated(&self) -> bool {
        self.methods
            .iter()
            .any(|m| matches!(m, Method::Federated(_)))
    }

    pub fn is_application_credential(&self) -> bool {
        self.methods
            .iter()
            .any(|m| matches!(m, Method::ApplicationCredential { .. }))
    }
}

/// The request body for `POST /v3/auth/tokens`. An application credential
/// never carries a scope: Keystone refuses it with 401.
/// The login body: it carries passwords and secrets, so it is a
/// [`SecretJson`] whose strings are zeroized when it is dropped.
pub(crate) fn body(methods: &[Method], scope: Option<&ScopeRequest>) -> SecretJson {
    let names: Vec<&str> = methods.iter().map(Method::name).collect();
    let mut identity = json!({ "methods": names });
    for m in methods {
        identity[m.name()] = m.json();
    }
    let mut auth = json!({ "identity": identity });
    let app_cred = methods
        .iter()
        .any(|m| matches!(m, Method::ApplicationCredential { .. }));
    if let (Some(scope), false) = (scope, app_cred) {
        auth["scope"] = scope_json(scope);
    }
    SecretJson::new(json!({ "auth": auth }))
}

pub(crate) fn scope_json(scope: &ScopeRequest) -> Value {
    match scope {
        ScopeRequest::ProjectId(id) => json!({ "project": { "id": id } }),
        ScopeRequest::ProjectName {
            name,
            domain_id,
            domain_name,
        } => {
            let domain = match (domain_id, domain_name) {
                (Some(id), _) => json!({ "id": id }),
                (None, Some(n)) => json!({ "name": n }),
                // Caught in plan_from_cloud; Keystone would say 400 anyway.
                (None, None) => json!({}),
            };
            json!({ "project": { "name": name, "domain": domain } })
        }
        ScopeRequest::DomainId(id) => json!({ "domain": { "id": id } }),
        ScopeRequest::DomainName(name) => json!({ "domain": { "name": name } }),
        ScopeRequest::System => json!({ "system": { "all": true } }),
        ScopeRequest::Unscoped => json!("unscoped"),
    }
}

fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

fn domain_sel(id: &Option<String>, name: &Option<String>) -> Option<DomainSel> {
    non_empty(id)
        .map(DomainSel::Id)
        .or_else(|| non_empty(name).map(DomainSel::Name))
}

/// The user, from user_id or username + a domain. `domain_*` (the shorthand)
/// and generic `password`'s `default_domain_*` fill a missing user domain,
/// as openstacksdk and keystoneauth do.
fn user_sel(cloud: &CloudConfig) -> Result<UserSel, KeystoneError> {
    let a = &cloud.auth;
    if let Some(id) = non_empty(&a.user_id) {
        return Ok(UserSel::Id(id));
    }
    let Some(name) = non_empty(&a.username) else {
        return Err(KeystoneError::config(
            format!("cloud {:?} names no user", cloud.name),
            "set auth.username (with user_domain_name) or auth.user_id in clouds.yaml, or \
             OS_USERNAME / --os-username",
        ));
    };
    let domain = domain_sel(&a.user_domain_id, &a.user_domain_name)
        .or_else(|| domain_sel(&a.domain_id, &a.domain_name))
        .or_else(|| domain_sel(&a.default_domain_id, &a.default_domain_name))
        .ok_or_else(|| {
            KeystoneError::config(
                format!("user {name:?} is given by name but without a domain"),
                "set auth.user_domain_name (often `Default`) or user_domain_id in clouds.yaml, \
                 or OS_USER_DOMAIN_NAME / --os-user-domain-name",
            )
        })?;
    Ok(UserSel::Name { name, domain })
}

/// The scope the cloud asks for: project, else domain, else system, else
/// none (Keystone's default project).
pub(crate) fn scope_from_cloud(cloud: &CloudConfig) -> Result<Option<ScopeRequest>, KeystoneError> {
    let a = &cloud.auth;
    if let Some(id) = non_empty(&a.project_id) {
        return Ok(Some(ScopeRequest::ProjectId(id)));
    }
    if let Some(name) = non_empty(&a.project_name) {
        let domain = domain_sel(&a.project_domain_id, &a.project_domain_name)
            .or_else(|| domain_sel(&a.domain_id, &a.domain_name))
            .or_else(|| domain_sel(&a.default_domain_id, &a.default_domain_name))
            .ok_or_else(|| {
                KeystoneError::config(
                    format!("project {name:?} is given by name but without a domain"),
                    "set auth.project_domain_name (often `Default`) or project_domain_id, or \
                     OS_PROJECT_DOMAIN_NAME / --os-project-domain-name",
                )
            })?;
        let (domain_id, domain_name) = match domain {
            DomainSel::Id(id) => (Some(id), None),
            DomainSel::Name(n) => (None, Some(n)),
        };
        return Ok(Some(ScopeRequest::ProjectName {
            name,
            domain_id,
            domain_name,
        }));
    }
    if let Some(id) = non_empty(&a.domain_id) {
        return Ok(Some(ScopeRequest::DomainId(id)));
    }
    if let Some(name) = non_empty(&a.domain_name) {
        return Ok(Some(ScopeRequest::DomainName(name)));
    }
    match non_empty(&a.system_scope) {
        Some(s) if s == "all" => Ok(Some(ScopeRequest::System)),
        Some(other) => Err(KeystoneError::config(
            format!("system_scope {other:?} is not supported"),
            "Keystone only knows system_scope: all",
        )),
        None => Ok(None),
    }
}

fn app_cred_method(cloud: &CloudConfig) -> Result<Method, KeystoneError> {
    let a = &cloud.auth;
    let secret = a
        .application_credential_secret
        .clone()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| {
            KeystoneError::config(
                format!(
                    "cloud {:?} has no application_credential_secret",
                    cloud.name
                ),
                "put application_credential_secret in secure.yaml (or clouds.yaml) under this \
                 cloud's auth, or set OS_APPLICATION_CREDENTIAL_SECRET",
            )
        })?;
    let which = if let Some(id) = non_empty(&a.application_credential_id) {
        AppCredSel::Id(id)
    } else if let Some(name) = non_empty(&a.application_credential_name) {
        AppCredSel::Name {
            name,
            user: user_sel(cloud)?,
        }
    } else {
        return Err(KeystoneError::config(
            format!("cloud {:?} names no application credential", cloud.name),
            "set application_credential_id (or application_credential_name with username and \
             user_domain_name)",
        ));
    };
    Ok(Method::ApplicationCredential { which, secret })
}

fn token_method(cloud: &CloudConfig) -> Result<Method, KeystoneError> {
    let token = cloud
        .auth
        .token
        .clone()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            KeystoneError::config(
                format!(
                    "cloud {:?} uses auth_type token but has no token",
                    cloud.name
                ),
                "set auth.token in clouds.yaml or OS_TOKEN (e.g. from `openstack token issue`)",
            )
        })?;
    Ok(Method::Token { token })
}

fn method_for(cloud: &CloudConfig, plugin: &str) -> Result<Method, KeystoneError> {
    let a = &cloud.auth;
    match AuthType::parse(plugin) {
        Some(AuthType::Password) => Ok(Method::Password {
            user: user_sel(cloud)?,
            password: a.password.clone().filter(|p| !p.is_empty()),
        }),
        Some(AuthType::Totp) => Ok(Method::Totp {
            user: user_sel(cloud)?,
            passcode: a.passcode.clone().filter(|p| !p.is_empty()),
        }),
        Some(AuthType::Token) => token_method(cloud),
        Some(AuthType::ApplicationCredential) => app_cred_method(cloud),
        Some(AuthType::MultiFactor | AuthType::Oidc(_)) | None => Err(KeystoneError::config(
            format!("auth_methods entry {plugin:?} is not supported"),
            "use v3password, v3totp, v3token or v3applicationcredential in auth_methods",
        )),
    }
}

/// Works out the login from the cloud. Missing passwords/passcodes stay None
/// here and are asked for by the session.
pub(crate) fn plan_from_cloud(cloud: &CloudConfig) -> Result<Plan, KeystoneError> {
    let (methods, kind) = match cloud.auth_type {
        AuthType::Password => (vec![method_for(cloud, "v3password")?], LoginKind::Password),
        AuthType::Totp => (vec![method_for(cloud, "v3totp")?], LoginKind::Totp),
        AuthType::Token => (vec![token_method(cloud)?], LoginKind::Token),
        AuthType::ApplicationCredential => (
            vec![app_cred_method(cloud)?],
            LoginKind::ApplicationCredential,
        ),
        AuthType::Oidc(flow) => (
            vec![Method::Federated(Box::new(super::oidc::Federated {
                login: super::oidc::OidcLogin::from_cloud(cloud, flow)?,
                unscoped: None,
            }))],
            LoginKind::OpenId,
        ),
        AuthType::MultiFactor => {
            if cloud.auth.auth_methods.is_empty() {
                return Err(KeystoneError::config(
                    "auth_type v3multifactor needs auth_methods",
                    "set auth.auth_methods, e.g. [v3password, v3totp]",
                ));
            }
            let mut methods: Vec<Method> = Vec::new();
            for plugin in &cloud.auth.auth_methods {
                let m = method_for(cloud, plugin)?;
                if !methods.iter().any(|x| x.name() == m.name()) {
                    methods.push(m);
                }
            }
            (methods, LoginKind::MultiFactor)
        }
    };
    let app_cred = methods
        .iter()
        .any(|m| matches!(m, Method::ApplicationCredential { .. }));
    let scope = scope_from_cloud(cloud)?;
    let scope = if app_cred {
        if scope.is_some() {
            // Keystone answers 401 "cannot request a scope"; the credential's
            // project is the scope, so dropping it loses nothing.
            tracing::warn!(
                "ignoring project/domain/system scope for an application credential login"
            );
        }
        None
    } else {
        scope
    };
    Ok(Plan {
        methods,
        scope,
        kind,
    })
}

#[cfg(test)]
#[path = "auth_tests.rs"]
pub(crate) mod tests;
