//! Keystone's side of an OpenID Connect login: the identity provider's
//! token for an unscoped federated token (kept for the session), then the
//! token method for the scope.

use reqwest::Method;

use super::super::auth::{self, Method as AuthMethod};
use super::super::error::{self, Context, KeystoneError, LoginKind};
use super::super::http::{Answer, Http, Request};
use super::super::login::{self, Issued};
use super::super::prompt::{PromptKind, Prompter};
use super::super::types::{Project, ScopeRequest};
use super::token_endpoint::{self, IdpToken};
use super::{Federated, OidcLogin, Unscoped, browser, device, endpoints};
use crate::config::OidcFlow;
use crate::secret::Secret;

/// Logs in: the kept unscoped token if it is still good, else the identity
/// provider again; then the scope (none: the first project the federated
/// user may use, by name, else the unscoped token itself).
pub(crate) async fn login(
    http: &Http,
    fed: &mut Federated,
    scope: Option<&ScopeRequest>,
    prompter: Option<&dyn Prompter>,
) -> Result<Issued, KeystoneError> {
    let now = chrono::Utc::now();
    let reused = fed.unscoped.as_ref().is_some_and(|u| u.usable(now));
    if !reused {
        let issued = unscoped_login(http, &fed.login, prompter).await?;
        fed.unscoped = Some(Unscoped {
            token: issued.token.clone(),
            expires_at: issued.info.expires_at,
        });
    } else {
        tracing::debug!("federated login: reusing the unscoped token, no identity provider");
    }
    let Some(unscoped) = fed.unscoped.clone() else {
        return Err(KeystoneError::Refused {
            message: "the federated login kept no token".into(),
            hint: None,
        });
    };
    match scoped(http, &unscoped.token, scope).await {
        // Revoked meanwhile (or Keystone restarted with new keys): once more
        // through the identity provider. But a scope the user may not have
        // (a project name misspelt) is refused with 401 too, and must cost
        // neither a login at the identity provider nor the kept token.
        Err(e) if reused && matches!(e.status(), Some(401 | 404)) => {
            if read_token(http, &unscoped.token).await.is_ok() {
                tracing::debug!(error = %e, "the kept unscoped token is valid: the scope was refused");
                return Err(e);
            }
            tracing::debug!(error = %e, "the kept unscoped token was refused: new federated login");
            fed.unscoped = None;
            Box::pin(login(http, fed, scope, prompter)).await
        }
        other => other,
    }
}

/// The token for `scope`, by the token method from the unscoped one.
async fn scoped(
    http: &Http,
    unscoped: &Secret,
    scope: Option<&ScopeRequest>,
) -> Result<Issued, KeystoneError> {
    let scope = match scope {
        Some(s) => s.clone(),
        None => match first_project(http, unscoped).await? {
            Some(id) => ScopeRequest::ProjectId(id),
            None => return read_token(http, unscoped).await,
        },
    };
    let methods = [AuthMethod::Token {
        token: unscoped.clone(),
    }];
    let body = auth::body(&methods, Some(&scope));
    let mut req = Request::new(Method::POST, http.url(&["auth", "tokens"]));
    req.body = Some(&body);
    let answer = http.send(&req).await?;
    issued_from(
        &answer,
        "log in (POST /v3/auth/tokens)",
        Context::Login(LoginKind::OpenId),
    )
}

fn issued_from(answer: &Answer, action: &str, context: Context) -> Result<Issued, KeystoneError> {
    if !answer.status.is_success() {
        return Err(keystone_error(answer, action, context));
    }
    login::issued(answer, action)
}

fn keystone_error(answer: &Answer, action: &str, context: Context) -> KeystoneError {
    error::from_response(
        action,
        answer.status.as_u16(),
        &answer.content_type(),
        &answer.body,
        context,
    )
}

/// The unscoped token's own description (GET /v3/auth/tokens).
async fn read_token(http: &Http, token: &Secret) -> Result<Issued, KeystoneError> {
    let mut req = Request::new(Method::GET, http.url(&["auth", "tokens"]));
    req.token = Some(token);
    req.subject_token = Some(token);
    let answer = http.send(&req).await?;
    let mut issued = issued_from(&answer, "read the federated token", Context::Api)?;
    issued.token = token.clone();
    Ok(issued)
}

async fn first_project(http: &Http, unscoped: &Secret) -> Result<Option<String>, KeystoneError> {
    #[derive(serde::Deserialize)]
    struct Projects {
        #[serde(default)]
        projects: Vec<Project>,
    }
    let mut req = Request::new(Method::GET, http.url(&["auth", "projects"]));
    req.token = Some(unscoped);
    let action = "list the federated user's projects (GET /v3/auth/projects)";
    let answer = http.send(&req).await?;
    if !answer.status.is_success() {
        return Err(keystone_error(&answer, action, Context::Api));
    }
    let mut list: Projects = answer.json(action)?;
    list.projects.retain(|p| p.enabled);
    list.projects.sort_by(|a, b| a.name.cmp(&b.name));
    let first = list.projects.into_iter().next();
    if let Some(p) = &first {
        tracing::info!(project = %p.name, "no project configured: using the federated user's first");
    }
    Ok(first.map(|p| p.id))
}

/// The identity provider's token, by the cloud's flow.
async fn idp_token(
    http: &Http,
    login: &OidcLogin,
    prompter: Option<&dyn Prompter>,
) -> Result<IdpToken, KeystoneError> {
    if login.flow == OidcFlow::AccessToken {
        let token = login.access_token.clone().ok_or_else(|| {
            KeystoneError::config("no access_token", "set access_token in secure.yaml")
        })?;
        return Ok(IdpToken {
            token,
            clock_skew: None,
        });
    }
    let endpoints = endpoints::resolve(http, login).await?;
    let scope = login.scope.as_str();
    match login.flow {
        OidcFlow::DeviceAuthorization => device::token(http, login, &endpoints, prompter).await,
        OidcFlow::ClientCredentials => {
            let fields = [("grant_type", "client_credentials"), ("scope", scope)];
            token_endpoint::request(http, login, &endpoints.token, &fields)
                .await
                .map_err(|f| f.into_error(login, "client_credentials"))
        }
        OidcFlow::Password => {
            let username = login.username.clone().unwrap_or_default();
            let password = match &login.password {
                Some(p) => p.clone(),
                None => ask_password(&username, prompter).await?,
            };
            let fields = [
                ("grant_type", "password"),
                ("username", username.as_str()),
                ("password", password.expose()),
                ("scope", scope),
            ];
            token_endpoint::request(http, login, &endpoints.token, &fields)
                .await
                .map_err(|f| f.into_error(login, "password"))
        }
        OidcFlow::AuthorizationCode => {
            browser::authorization_code(http, login, &endpoints, prompter).await
        }
        OidcFlow::AccessToken | OidcFlow::WebSso => Err(KeystoneError::Refused {
            message: format!(
                "{} gets no token from the identity provider",
                login.flow.name()
            ),
            hint: None,
        }),
    }
}

async fn ask_password(
    user: &str,
    prompter: Option<&dyn Prompter>,
) -> Result<Secret, KeystoneError> {
    let answer = match prompter {
        Some(p) => {
            p.ask(PromptKind::Password {
                user: user.to_string(),
            })
            .await
        }
        None => None,
    };
    answer
        .filter(|s| !s.is_empty())
        .ok_or_else(|| KeystoneError::MissingSecret {
            what: "password (for the identity provider)",
            user: user.to_string(),
            hint: "put `password` under this cloud's auth in secure.yaml, set OS_PASSWORD, or run \
               appcred on a terminal to be asked"
                .into(),
        })
}

/// Identity provider token -> unscoped Keystone token.
async fn unscoped_login(
    http: &Http,
    login: &OidcLogin,
    prompter: Option<&dyn Prompter>,
) -> Result<Issued, KeystoneError> {
    if login.flow == OidcFlow::WebSso {
        let token = browser::websso(http, login, prompter).await?;
        return read_token(http, &token).await;
    }
    let idp = idp_token(http, login, prompter).await?;
    let url = http.url(&[
        "OS-FEDERATION",
        "identity_providers",
        &login.identity_provider,
        "protocols",
        &login.protocol,
        "auth",
    ]);
    let action = format!(
        "exchange the identity provider's token at Keystone (identity provider {:?}, protocol {:?})",
        login.identity_provider, login.protocol
    );
    let answer = exchange(http, url, &idp.token).await?;
    if answer.status.is_success() {
        return issued_from(&answer, &action, Context::Api);
    }
    Err(federation_error(login, &action, &answer, idp.clock_skew))
}

/// Keystone makes the federated user's shadow user at its first login; two
/// first logins at once (two CI jobs of one service account) race for it,
/// and the loser gets 409 "Conflict occurred attempting to store
/// federated_user". The user exists by then: the same token once more.
const SHADOW_USER_RACE_PAUSE: std::time::Duration = std::time::Duration::from_millis(500);

/// `POST .../auth` with the identity provider's token, once more after a 409.
async fn exchange(
    http: &Http,
    url: reqwest::Url,
    idp_token: &Secret,
) -> Result<Answer, KeystoneError> {
    let send = || {
        let mut req = Request::new(Method::POST, url.clone());
        req.bearer = Some(idp_token);
        async move { http.send(&req).await }
    };
    let answer = send().await?;
    if answer.status != reqwest::StatusCode::CONFLICT {
        return Ok(answer);
    }
    tracing::debug!("409 from the federated login (a first login beside another): once more");
    tokio::time::sleep(SHADOW_USER_RACE_PAUSE).await;
    send().await
}

/// Who refused the token at Keystone's end, and what to check.
fn federation_error(
    login: &OidcLogin,
    action: &str,
    answer: &Answer,
    skew: Option<chrono::Duration>,
) -> KeystoneError {
    let status = answer.status.as_u16();
    let skew_note = skew
        .filter(|s| s.num_seconds().abs() > 60)
        .map(|s| {
            format!(
                "; this machine's clock is {} s off the identity provider's: tokens then look \
                 expired or not yet valid, so fix the time sync (chrony, systemd-timesyncd)",
                s.num_seconds()
            )
        })
        .unwrap_or_default();
    // mod_auth_openidc (and other resource servers) say why in WWW-Authenticate.
    if let Some(www) = answer
        .header("www-authenticate")
        .filter(|w| w.to_ascii_lowercase().starts_with("bearer"))
    {
        let reason = bearer_param(www, "error_description")
            .or_else(|| bearer_param(www, "error"))
            .unwrap_or_else(|| "no reason given".into());
        return KeystoneError::Federation {
            action: action.into(),
            status,
            detail: format!(
                "the web server in front of Keystone refused the identity provider's token \
                 ({status}: {reason})"
            ),
            hint: Some(format!(
                "the token is expired, not for Keystone (its audience), or from an issuer the \
                 server does not trust: check that {} is the client Keystone's operators set up \
                 for this cloud{skew_note}",
                login.client_label()
            )),
        };
    }
    let e = keystone_error(answer, action, Context::Api);
    let message = e.message().unwrap_or_default().to_string();
    let hint = match status {
        404 => format!(
            "Keystone knows no identity provider {:?} with protocol {:?}: check identity_provider \
             and protocol (`openstack identity provider list`, `openstack federation protocol \
             list --identity-provider ...`)",
            login.identity_provider, login.protocol
        ),
        401 | 403 => format!(
            "Keystone's mapping for {:?} did not accept the token's claims (user name, groups), \
             or its issuer is not the identity provider's remote id; ask the cloud's operators \
             to check the mapping{skew_note}",
            login.identity_provider
        ),
        _ => e.hint().unwrap_or_default(),
    };
    KeystoneError::Federation {
        action: action.into(),
        status,
        detail: format!("Keystone answered {status}: {message}"),
        hint: Some(hint),
    }
}

/// `error_description="..."` from a `WWW-Authenticate: Bearer ...` header.
fn bearer_param(header: &str, name: &str) -> Option<String> {
    let start = header.find(&format!("{name}=\""))? + name.len() + 2;
    let rest = &header[start..];
    let end = rest.find('"')?;
    Some(rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// A loopback server answering one connection per status in `statuses`
    /// (a Keystone cannot be made to lose the shadow user race on cue).
    fn keystone_answering(
        statuses: &'static [u16],
    ) -> (reqwest::Url, std::thread::JoinHandle<usize>) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/v3", listener.local_addr().unwrap());
        let served = std::thread::spawn(move || {
            let mut served = 0;
            for status in statuses {
                let Ok((mut conn, _)) = listener.accept() else {
                    break;
                };
                let mut buf = [0u8; 4096];
                let _ = conn.read(&mut buf);
                let body = r#"{"error":{"code":409,"message":"Conflict occurred attempting to store federated_user"}}"#;
                let _ = write!(
                    conn,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                served += 1;
            }
            served
        });
        (reqwest::Url::parse(&url).unwrap(), served)
    }

    async fn exchange_with(statuses: &'static [u16]) -> (u16, usize) {
        let (base, served) = keystone_answering(statuses);
        let tls = crate::config::TlsOptions::default();
        let http = Http::with_base(base, &tls, std::time::Duration::from_secs(5)).unwrap();
        let url = http.url(&[
            "OS-FEDERATION",
            "identity_providers",
            "op",
            "protocols",
            "openid",
            "auth",
        ]);
        let answer = exchange(&http, url, &Secret::new("idp-token"))
            .await
            .unwrap();
        drop(http);
        (answer.status.as_u16(), served.join().unwrap())
    }

    #[tokio::test]
    async fn a_409_from_the_shadow_user_race_is_tried_once_more() {
        assert_eq!(exchange_with(&[409, 201]).await, (201, 2));
        // Only once: a second 409 is the answer.
        assert_eq!(exchange_with(&[409, 409]).await, (409, 2));
        // Other refusals are not retried.
        assert_eq!(exchange_with(&[401]).await, (401, 1));
    }

    #[test]
    fn reads_the_reason_from_www_authenticate() {
        let h = r#"Bearer realm="x", error="invalid_token", error_description="token expired""#;
        assert_eq!(
            bearer_param(h, "error_description").as_deref(),
            Some("token expired")
        );
        assert_eq!(bearer_param(h, "error").as_deref(), Some("invalid_token"));
        assert_eq!(bearer_param("Bearer", "error"), None);
    }
}
