//! The HTTP layer: one reqwest client per login (shared by rescoped
//! sessions, so the connection pool is reused), TLS from the cloud's
//! settings, time-outs, retries for idempotent reads, request counting, and
//! debug logs that never carry a token or a body.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::Url;
use zeroize::Zeroizing;

use super::error::KeystoneError;
pub(crate) use super::exchange::{Answer, Request};
use super::retry::{Attempt, classify, error_chain, looks_like_tls_failure, retry_delay};
use crate::config::CloudConfig;

pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub(crate) const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest response body read: room for a list of tens of thousands of
/// credentials (about 1 KiB each) or a catalog of a very large cloud, yet a
/// bound on memory when a server or a proxy sends an endless body.
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

pub(crate) const SUBJECT_TOKEN: &str = "X-Subject-Token";
pub(crate) const AUTH_TOKEN: &str = "X-Auth-Token";
pub(crate) const RECEIPT: &str = "Openstack-Auth-Receipt";

/// `<auth_url>` with trailing slashes removed and `/v3` appended unless it
/// already ends in `v3`, as keystoneauth's v3 plugins do.
pub(crate) fn identity_base(auth_url: &str) -> Result<Url, KeystoneError> {
    let trimmed = auth_url.trim().trim_end_matches('/');
    let with_version = if trimmed.ends_with("v3") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/v3")
    };
    let url = Url::parse(&with_version).map_err(|e| {
        KeystoneError::config(
            format!("auth_url {auth_url:?} is not a URL ({e})"),
            "set auth_url to Keystone's address, e.g. https://keystone.example.com:5000/v3",
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(KeystoneError::config(
            format!("auth_url {auth_url:?} is not an http(s) URL"),
            "set auth_url to Keystone's address, e.g. https://keystone.example.com:5000/v3",
        ));
    }
    Ok(url)
}

/// `base` + path segments, each percent-encoded (a credential name with `/`
/// or `?` stays one segment).
pub(crate) fn join(base: &Url, segments: &[&str]) -> Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// The client and what every session made from it shares.
#[derive(Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    pub base: Url,
    requests: Arc<AtomicU64>,
    timeout: Duration,
}

impl Http {
    pub fn new(cloud: &CloudConfig) -> Result<Http, KeystoneError> {
        let auth_url = cloud.auth.auth_url.as_deref().ok_or_else(|| {
            KeystoneError::config(
                format!("cloud {:?} has no auth_url", cloud.name),
                "set auth.auth_url in clouds.yaml, OS_AUTH_URL, or --os-auth-url",
            )
        })?;
        let base = identity_base(auth_url)?;
        Http::with_base(base, &cloud.tls, request_timeout(cloud.api_timeout))
    }

    /// The same client for another service that takes a secret (a Vault
    /// server, `src/store/vault`): the same TLS, time-outs, retries and body
    /// bound, and no redirect followed either.
    pub fn with_base(
        base: Url,
        tls: &crate::config::TlsOptions,
        timeout: Duration,
    ) -> Result<Http, KeystoneError> {
        let mut builder = reqwest::Client::builder()
            // A redirect would re-send the password (login body) or the
            // X-Auth-Token, possibly to another host or over plain http:
            // none is followed; `send` explains the refusal.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(timeout)
            .user_agent(concat!("appcred/", env!("CARGO_PKG_VERSION")));
        builder = super::tls::configure(builder, tls)?;
        let client = builder.build().map_err(|e| KeystoneError::Config {
            message: format!("cannot set up the HTTP client: {}", error_chain(&e)),
            hint: Some("check the cacert/cert/key files".to_string()),
        })?;
        Ok(Http {
            client,
            base,
            requests: Arc::new(AtomicU64::new(0)),
            timeout,
        })
    }

    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn url(&self, segments: &[&str]) -> Url {
        join(&self.base, segments)
    }

    /// Sends, retrying idempotent reads on transient failures. Returns any
    /// status; the caller decides what a 4xx means.
    pub async fn send(&self, req: &Request<'_>) -> Result<Answer, KeystoneError> {
        let mut retries = 0;
        loop {
            let started = Instant::now();
            self.requests.fetch_add(1, Ordering::Relaxed);
            let result = self.send_once(req).await;
            let elapsed_ms = started.elapsed().as_millis();
            let attempt = match &result {
                Ok(a) => {
                    tracing::debug!(method = %req.method, path = req.url.path(),
                        status = a.status.as_u16(), elapsed_ms, "keystone request");
                    Attempt::Status(a.status.as_u16())
                }
                Err(e) => {
                    tracing::debug!(method = %req.method, path = req.url.path(),
                        error = %e, elapsed_ms, "keystone request failed");
                    match e {
                        SendError::Http(e) => classify(e),
                        SendError::TooLarge { .. } => Attempt::OtherError,
                    }
                }
            };
            match retry_delay(&req.method, retries, attempt) {
                Some(pause) => {
                    tracing::debug!(?pause, retry = retries + 1, "retrying idempotent request");
                    retries += 1;
                    tokio::time::sleep(pause).await;
                }
                None => {
                    let answer = result.map_err(|e| match e {
                        SendError::Http(e) => self.transport_error(req, &e),
                        SendError::TooLarge { limit } => KeystoneError::TooLarge {
                            action: req.action(),
                            what: "body",
                            limit: format!("{} MiB", limit / (1024 * 1024)),
                        },
                    })?;
                    if answer.status.is_redirection() {
                        return Err(super::redirect::refused(req, &answer));
                    }
                    return Ok(answer);
                }
            }
        }
    }

    async fn send_once(&self, req: &Request<'_>) -> Result<Answer, SendError> {
        let mut builder = self
            .client
            .request(req.method.clone(), req.url.clone())
            .header("Accept", "application/json");
        if let Some(token) = req.token {
            builder = builder.header(AUTH_TOKEN, sensitive(token.expose()));
        }
        if let Some(subject) = req.subject_token {
            builder = builder.header(SUBJECT_TOKEN, sensitive(subject.expose()));
        }
        if let Some(receipt) = req.receipt {
            builder = builder.header(RECEIPT, sensitive(receipt));
        }
        if let Some(body) = req.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(secret_body(body));
        }
        if let Some(bearer) = req.bearer {
            let value = format!("Bearer {}", bearer.expose());
            builder = builder.header(reqwest::header::AUTHORIZATION, sensitive(&value));
        }
        if let Some((user, password)) = req.basic {
            builder = builder.basic_auth(user, Some(password.expose()));
        }
        if let Some(form) = req.form {
            builder = builder.form(form);
        }
        for (name, value) in req.headers {
            builder = builder.header(*name, sensitive(value));
        }
        let mut response = builder.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = read_bounded(&mut response, MAX_BODY_BYTES).await?;
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    fn transport_error(&self, req: &Request<'_>, e: &reqwest::Error) -> KeystoneError {
        let detail = error_chain(e);
        let origin = self.base.to_string();
        // hyper's words for a header block past its limit (~400 KiB, or more
        // than 100 headers): it stops reading there.
        if detail.contains("message head is too large") {
            return KeystoneError::TooLarge {
                action: req.action(),
                what: "header block",
                limit: "about 400 KiB or 100 headers (the HTTP library's limit)".to_string(),
            };
        }
        if e.is_timeout() {
            return KeystoneError::Timeout {
                action: req.action(),
                timeout: if e.is_connect() {
                    CONNECT_TIMEOUT
                } else {
                    self.timeout
                },
            };
        }
        if looks_like_tls_failure(&detail) {
            return KeystoneError::Tls {
                hint: Some(tls_hint(&detail)),
                url: origin,
                detail,
            };
        }
        if e.is_connect() {
            let refused = detail.to_ascii_lowercase().contains("refused");
            return KeystoneError::Connect {
                url: origin.clone(),
                detail,
                hint: Some(if refused {
                    format!(
                        "nothing accepts connections at {origin}: check auth_url (host and port) and that Keystone is running"
                    )
                } else {
                    format!("check auth_url ({origin}), DNS and the network path to it")
                }),
            };
        }
        KeystoneError::Transport {
            action: req.action(),
            detail,
        }
    }
}

/// Why one attempt got no answer: the transport failed, or the body was
/// larger than we are willing to hold.
#[derive(Debug)]
enum SendError {
    Http(reqwest::Error),
    TooLarge { limit: usize },
}

impl From<reqwest::Error> for SendError {
    fn from(e: reqwest::Error) -> Self {
        SendError::Http(e)
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Http(e) => f.write_str(&error_chain(e)),
            SendError::TooLarge { limit } => write!(f, "body larger than {limit} bytes"),
        }
    }
}

/// A request body (a password, a secret) serialised into a buffer of the
/// exact size, handed to reqwest as an owner that zeroizes it when the
/// request is done with it. What hyper and TLS copy on the way out is
/// beyond appcred's reach.
fn secret_body(body: &serde_json::Value) -> reqwest::Body {
    /// Counts the bytes a serialisation writes, so the buffer is allocated
    /// once and never left behind by a reallocation.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // A serde_json::Value always serialises.
    let _ = serde_json::to_writer(&mut count, body);
    let mut bytes = Zeroizing::new(Vec::with_capacity(count.0));
    let _ = serde_json::to_writer(&mut *bytes, body);
    reqwest::Body::from(bytes::Bytes::from_owner(bytes))
}

/// The body, chunk by chunk, refusing at once when it announces or grows
/// past `limit` bytes (so an endless body costs at most `limit` of memory).
/// Kept in a zeroizing buffer (an answer may hold a secret or a token) that
/// grows by moving into a new one, so no reallocation leaves a copy.
async fn read_bounded(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Zeroizing<Vec<u8>>, SendError> {
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Err(SendError::TooLarge { limit });
    }
    let mut body = Zeroizing::new(Vec::with_capacity(usize::try_from(announced).unwrap_or(0)));
    while let Some(chunk) = response.chunk().await? {
        let needed = body.len() + chunk.len();
        if needed > limit {
            return Err(SendError::TooLarge { limit });
        }
        if needed > body.capacity() {
            let mut bigger = Zeroizing::new(Vec::with_capacity(needed.max(body.capacity() * 2)));
            bigger.extend_from_slice(&body);
            body = bigger;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What to do about a certificate Keystone's server presented.
pub(crate) fn tls_hint(detail: &str) -> String {
    if detail.contains("CaUsedAsEndEntity") {
        // openssl's `req -x509` makes CA:TRUE certificates; rustls won't
        // accept one as a server certificate even when it is in `cacert`.
        return "the server presents a CA certificate as its own (a self-signed certificate \
                with CA:TRUE), which is refused even when listed in `cacert`: have the server \
                use a certificate signed by that CA; only as a last resort, `insecure: true` \
                turns verification off"
            .to_string();
    }
    "the server's certificate is not trusted: set `cacert` in clouds.yaml (or OS_CACERT / \
     --os-cacert) to the CA that signed it; only as a last resort, `insecure: true` turns \
     verification off"
        .to_string()
}

fn sensitive(value: &str) -> reqwest::header::HeaderValue {
    // A token with bytes a header can't hold would be refused by Keystone
    // anyway; send an empty value rather than panic.
    let mut v = reqwest::header::HeaderValue::from_str(value)
        .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static(""));
    // Marked sensitive so hyper/reqwest never print it in their own logs.
    v.set_sensitive(true);
    v
}

/// The request time-out: `api_timeout` when it is a sane positive number.
pub(crate) fn request_timeout(api_timeout: Option<f64>) -> Duration {
    match api_timeout {
        Some(s) if s.is_finite() && s > 0.0 && s < 86_400.0 => Duration::from_secs_f64(s),
        _ => REQUEST_TIMEOUT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(s: &str) -> String {
        identity_base(s)
            .map(|u| u.to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn auth_url_gets_v3_once() {
        assert_eq!(base("http://127.0.0.1:5000"), "http://127.0.0.1:5000/v3");
        assert_eq!(base("http://127.0.0.1:5000/"), "http://127.0.0.1:5000/v3");
        assert_eq!(base("http://127.0.0.1:5000/v3"), "http://127.0.0.1:5000/v3");
        assert_eq!(
            base("http://127.0.0.1:5000/v3//"),
            "http://127.0.0.1:5000/v3"
        );
        assert_eq!(
            base("https://h.example/identity"),
            "https://h.example/identity/v3"
        );
        assert_eq!(
            base("https://h.example/identity/v3/"),
            "https://h.example/identity/v3"
        );
        assert!(base("keystone.example:5000").starts_with("ERR"));
        assert!(base("").starts_with("ERR"));
        assert!(base("ftp://h/v3").starts_with("ERR"));
    }

    #[test]
    fn join_encodes_segments() {
        let b = identity_base("http://h:5000/v3/").unwrap();
        assert_eq!(
            join(&b, &["auth", "tokens"]).as_str(),
            "http://h:5000/v3/auth/tokens"
        );
        assert_eq!(
            join(&b, &["users", "u1", "application_credentials", "a/b?c d"]).as_str(),
            "http://h:5000/v3/users/u1/application_credentials/a%2Fb%3Fc%20d"
        );
    }

    #[test]
    fn request_timeout_honours_api_timeout() {
        assert_eq!(request_timeout(None), REQUEST_TIMEOUT);
        assert_eq!(request_timeout(Some(5.5)), Duration::from_millis(5500));
        assert_eq!(request_timeout(Some(0.0)), REQUEST_TIMEOUT);
        assert_eq!(request_timeout(Some(-1.0)), REQUEST_TIMEOUT);
        assert_eq!(request_timeout(Some(f64::NAN)), REQUEST_TIMEOUT);
    }
}
