//! Why a redirect from Keystone's address is refused, in words.
//!
//! Every request appcred makes to Keystone carries a secret: the login's body
//! holds the password (or the application credential's secret) and every
//! other request an `X-Auth-Token`. Following a redirect would re-send it to
//! wherever the `Location` points, possibly another server or plain http. So
//! none is followed (the client's policy is `none`) and the answer becomes
//! this error. It is nearly always a misconfigured `auth_url` (http where the
//! server wants https, a path the proxy rewrites), which the hint says.

use reqwest::Url;
use reqwest::header::LOCATION;

use super::error::KeystoneError;
use super::exchange::{Answer, Request};

/// The error for a 3xx `answer` to `req`.
pub(crate) fn refused(req: &Request<'_>, answer: &Answer) -> KeystoneError {
    let target = answer
        .headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|l| req.url.join(l).ok());
    let status = answer.status;
    let code = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("redirect")
    );
    let carried = match (req.token.is_some(), req.body.is_some()) {
        (true, _) => "the X-Auth-Token",
        (false, true) => "the request body (for a login, the password or secret)",
        (false, false) => "the request",
    };
    let Some(target) = target else {
        return KeystoneError::Redirect {
            action: req.action(),
            message: format!(
                "{} answered {code} without a usable Location; appcred follows no redirects",
                origin(&req.url)
            ),
            hint: "check auth_url: it should be Keystone's own address, not something that \
                   redirects"
                .to_string(),
        };
    };
    let why = if target.scheme() == "http" && req.url.scheme() == "https" {
        format!("re-send {carried} over plain http")
    } else if origin(&target) != origin(&req.url) {
        format!("re-send {carried} to another server ({})", origin(&target))
    } else {
        format!("re-send {carried}")
    };
    KeystoneError::Redirect {
        action: req.action(),
        message: format!(
            "{} answered {code} to {}; appcred refused to follow it, since that would {why}",
            origin(&req.url),
            shown(&target)
        ),
        hint: format!(
            "auth_url is probably misconfigured: if {} is really your Keystone, set auth_url to \
             it (clouds.yaml, OS_AUTH_URL or --os-auth-url); otherwise ask who runs {} why it \
             redirects",
            origin(&target),
            origin(&req.url)
        ),
    }
}

/// `scheme://host:port`, the part a secret must never leave.
fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The target without its query (it may be long or hold someone's data),
/// cut to a readable length.
fn shown(url: &Url) -> String {
    let mut u = url.clone();
    u.set_query(None);
    u.set_fragment(None);
    let text = u.to_string();
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};
    use reqwest::{Method, StatusCode};

    fn answer(location: &str) -> Answer {
        let mut headers = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(location) {
            headers.insert(LOCATION, v);
        }
        Answer {
            status: StatusCode::TEMPORARY_REDIRECT,
            headers,
            body: Vec::new().into(),
        }
    }

    fn message(from: &str, location: &str, with_token: bool) -> String {
        let token = crate::secret::Secret::new("tok");
        let body = serde_json::json!({"auth": {}});
        let url = Url::parse(from).unwrap();
        let mut req = Request::new(Method::POST, url);
        if with_token {
            req.token = Some(&token);
        } else {
            req.body = Some(&body);
        }
        let e = refused(&req, &answer(location));
        format!("{e} | {}", e.hint().unwrap_or_default())
    }

    #[test]
    fn https_to_http_is_named() {
        let m = message(
            "https://ks.example/v3/auth/tokens",
            "http://ks.example/v3/auth/tokens",
            false,
        );
        assert!(m.contains("over plain http"), "{m}");
        assert!(m.contains("password"), "{m}");
        assert!(m.contains("auth_url is probably misconfigured"), "{m}");
    }

    #[test]
    fn another_origin_is_named_and_the_query_dropped() {
        let m = message(
            "http://127.0.0.1:5000/v3/users",
            "http://evil.example:8080/v3/users?secret=1",
            true,
        );
        assert!(
            m.contains("another server (http://evil.example:8080)"),
            "{m}"
        );
        assert!(m.contains("X-Auth-Token"), "{m}");
        assert!(!m.contains("secret=1"), "{m}");
    }

    #[test]
    fn a_relative_location_on_the_same_origin_is_still_refused() {
        let m = message(
            "http://127.0.0.1:5000/v3/auth/tokens",
            "/identity/v3",
            false,
        );
        assert!(
            m.contains("to http://127.0.0.1:5000/identity/v3; appcred refused"),
            "{m}"
        );
    }
}
