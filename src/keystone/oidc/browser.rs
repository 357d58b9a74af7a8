//! Logins that need a browser on this machine: the authorization code flow
//! (`v3oidcauthcode`, with PKCE) and Keystone's web single sign-on
//! (`v3websso`). A one-shot listener on the loopback address receives the
//! redirect; over SSH the person is told the `ssh -L` line that carries the
//! redirect from their own browser to this machine.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::super::error::KeystoneError;
use super::super::http::Http;
use super::super::prompt::{LoginNotice, Prompter};
use super::OidcLogin;
use super::endpoints::Endpoints;
use super::pkce::{Pkce, random_token};
use super::token_endpoint::{self, IdpToken};
use crate::secret::Secret;

/// A request line plus headers plus a form body: a browser's redirect fits.
const MAX_REQUEST: usize = 64 * 1024;

/// What came to the listener: the path, the query, and a form body.
struct Received {
    path: String,
    params: Vec<(String, String)>,
}

fn param<'a>(r: &'a Received, name: &str) -> Option<&'a str> {
    r.params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn ssh_hint(port: u16) -> Option<String> {
    let conn = std::env::var("SSH_CONNECTION").ok()?;
    let host = conn.split_whitespace().nth(2)?.to_string();
    let user = std::env::var("USER").unwrap_or_default();
    let target = if user.is_empty() {
        host
    } else {
        format!("{user}@{host}")
    };
    Some(format!("ssh -N -L {port}:localhost:{port} {target}"))
}

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "[::1]" | "::1")
}

async fn bind(host: &str, port: u16) -> Result<TcpListener, KeystoneError> {
    let addr = if host == "localhost" {
        "127.0.0.1"
    } else {
        host.trim_matches(['[', ']'])
    };
    TcpListener::bind((addr, port))
        .await
        .map_err(|e| {
            KeystoneError::Refused {
        message: format!("cannot listen on {addr}:{port} for the login's redirect: {e}"),
        hint: Some(
            "another program uses the port: set redirect_port (v3websso) or a redirect_uri with \
             another port registered at the identity provider"
                .into(),
        ),
    }
        })
}

/// Waits for the one request on `path`, answering it with a short page.
/// Other requests (a favicon) get 404. Bounded by `timeout`.
async fn receive(
    listener: &TcpListener,
    path: &str,
    timeout: u64,
) -> Result<Received, KeystoneError> {
    let wait = async {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                continue;
            };
            match read_request(&mut stream).await {
                Some(r) if r.path == path => {
                    let _ = respond(
                        &mut stream,
                        200,
                        "Logged in: you can close this tab and go back to appcred.",
                    )
                    .await;
                    return r;
                }
                _ => {
                    let _ = respond(&mut stream, 404, "Not the login redirect.").await;
                }
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(timeout), wait)
        .await
        .map_err(|_| KeystoneError::IdentityProvider {
            action: "browser login".into(),
            detail: format!("no redirect came back within {timeout} s"),
            hint: Some(
                "finish the login in the browser sooner (login_timeout sets the wait), and over \
                 SSH forward the port with the ssh -L line shown"
                    .into(),
            ),
        })
}

async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > MAX_REQUEST {
            return None;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0)
        .min(MAX_REQUEST);
    while buf.len() < head_end + length {
        let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut chunk))
            .await
            .ok()?
            .ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let target = head.lines().next()?.split_whitespace().nth(1)?.to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let body =
        String::from_utf8_lossy(&buf[head_end..buf.len().min(head_end + length)]).to_string();
    let mut params: Vec<(String, String)> = url_params(query);
    params.extend(url_params(&body));
    Some(Received {
        path: path.to_string(),
        params,
    })
}

fn url_params(s: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://x/?{s}"))
        .map(|u| {
            u.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

async fn respond(stream: &mut TcpStream, status: u16, text: &str) -> std::io::Result<()> {
    let body = format!("<!doctype html><title>appcred</title><p>{text}</p>");
    let reason = if status == 200 { "OK" } else { "Not Found" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

/// Shows the URL (and opens a browser where there is a desktop session).
fn show(url: &str, port: u16, prompter: Option<&dyn Prompter>) -> Result<(), KeystoneError> {
    let ssh = ssh_hint(port);
    let shown = prompter.is_some_and(|p| {
        p.notify(LoginNotice::Browser {
            url: url.to_string(),
            ssh_hint: ssh.clone(),
        })
    });
    if !shown {
        return Err(KeystoneError::MissingSecret {
            what: "browser login",
            user: url.to_string(),
            hint: "a browser login needs a person: run appcred on a terminal, or use \
                   v3oidcdeviceauthz / v3oidcclientcredentials"
                .into(),
        });
    }
    let desktop =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if desktop && ssh.is_none() {
        // Best effort: the URL is shown anyway.
        let _ = std::process::Command::new("xdg-open")
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }
    Ok(())
}

/// `v3oidcauthcode`: a `code` from the config is exchanged as it is;
/// otherwise the browser logs in and the redirect brings the code here.
pub(crate) async fn authorization_code(
    http: &Http,
    login: &OidcLogin,
    endpoints: &Endpoints,
    prompter: Option<&dyn Prompter>,
) -> Result<IdpToken, KeystoneError> {
    let redirect_uri = login.redirect_uri.clone().ok_or_else(|| {
        KeystoneError::config(
            "v3oidcauthcode needs redirect_uri",
            "set redirect_uri to a loopback URL registered for the client, e.g. \
             http://localhost:8080/callback (OS_REDIRECT_URI, --os-redirect-uri)",
        )
    })?;
    let exchange = |code: Secret, verifier: Option<Secret>| {
        let redirect_uri = redirect_uri.clone();
        async move {
            let mut fields: Vec<(&str, &str)> = vec![
                ("grant_type", "authorization_code"),
                ("code", code.expose()),
                ("redirect_uri", &redirect_uri),
            ];
            if let Some(v) = &verifier {
                fields.push(("code_verifier", v.expose()));
            }
            token_endpoint::request(http, login, &endpoints.token, &fields)
                .await
                .map_err(|f| f.into_error(login, "authorization_code"))
        }
    };
    if let Some(code) = &login.code {
        return exchange(code.clone(), None).await;
    }
    let parsed = reqwest::Url::parse(&redirect_uri).map_err(|e| {
        KeystoneError::config(
            format!("redirect_uri {redirect_uri:?}: {e}"),
            "give a full http URL",
        )
    })?;
    let host = parsed.host_str().unwrap_or_default().to_string();
    let port = parsed.port_or_known_default().unwrap_or(80);
    if parsed.scheme() != "http" || !is_loopback(&host) {
        return Err(KeystoneError::config(
            format!("redirect_uri {redirect_uri} is not on this machine's loopback"),
            "the listener can only receive http://localhost:PORT/... or http://127.0.0.1:PORT/...; \
             or get a code elsewhere and pass it as `code`",
        ));
    }
    let authorize =
        endpoints
            .authorization
            .clone()
            .ok_or_else(|| KeystoneError::IdentityProvider {
                action: "find the authorization endpoint".into(),
                detail: "the discovery document names no authorization_endpoint".into(),
                hint: Some(
                    "set discovery_endpoint to the identity provider's discovery URL".into(),
                ),
            })?;
    let pkce = Pkce::new()?;
    let state = random_token()?;
    let mut url = reqwest::Url::parse(&authorize).map_err(|e| KeystoneError::IdentityProvider {
        action: "build the login URL".into(),
        detail: format!("authorization_endpoint {authorize:?}: {e}"),
        hint: None,
    })?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", login.client_id.as_deref().unwrap_or_default())
        .append_pair("redirect_uri", &redirect_uri)
        .append_pair("scope", &login.scope)
        .append_pair("state", &state)
        .append_pair("code_challenge", &pkce.challenge)
        .append_pair("code_challenge_method", "S256");
    let listener = bind(&host, port).await?;
    show(url.as_str(), port, prompter)?;
    let got = receive(&listener, parsed.path(), login.login_timeout).await;
    if let Some(p) = prompter {
        p.notify(LoginNotice::IdentityProviderDone);
    }
    let got = got?;
    if param(&got, "state") != Some(state.as_str()) {
        return Err(KeystoneError::IdentityProvider {
            action: "browser login".into(),
            detail: "the redirect's state does not match the login's (a stale or forged redirect)"
                .into(),
            hint: Some("log in again, from the URL appcred shows".into()),
        });
    }
    if let Some(error) = param(&got, "error") {
        let desc = param(&got, "error_description").unwrap_or_default();
        return Err(KeystoneError::IdentityProvider {
            action: "browser login".into(),
            detail: format!("the identity provider answered {error} {desc}"),
            hint: Some(
                "access_denied: the consent was declined or the user may not use this client"
                    .into(),
            ),
        });
    }
    let code =
        param(&got, "code")
            .map(Secret::from)
            .ok_or_else(|| KeystoneError::IdentityProvider {
                action: "browser login".into(),
                detail: "the redirect carried no code".into(),
                hint: None,
            })?;
    exchange(code, Some(pkce.verifier)).await
}

/// `v3websso`: Keystone's websso page logs the browser in at the identity
/// provider and posts a Keystone token back to the listener.
pub(crate) async fn websso(
    http: &Http,
    login: &OidcLogin,
    prompter: Option<&dyn Prompter>,
) -> Result<Secret, KeystoneError> {
    let port = login.redirect_port;
    let origin = format!("http://{}:{port}/auth/websso/", login.redirect_host);
    let mut url = http.url(&[
        "auth",
        "OS-FEDERATION",
        "identity_providers",
        &login.identity_provider,
        "protocols",
        &login.protocol,
        "websso",
    ]);
    url.query_pairs_mut().append_pair("origin", &origin);
    let listener = bind(&login.redirect_host, port).await?;
    show(url.as_str(), port, prompter)?;
    let got = receive(&listener, "/auth/websso/", login.login_timeout).await;
    if let Some(p) = prompter {
        p.notify(LoginNotice::IdentityProviderDone);
    }
    let got = got?;
    param(&got, "token")
        .map(Secret::from)
        .ok_or_else(|| KeystoneError::Federation {
            action: "web single sign-on".into(),
            status: 0,
            detail: "Keystone's websso page posted no token".into(),
            hint: Some(format!(
                "ask the operators to list {origin} in Keystone's [federation] trusted_dashboard"
            )),
        })
}
