//! One request to Keystone (or an identity provider) and its whole answer:
//! the plain data the HTTP layer sends and reads, and that the redirect
//! refusal and every caller look at. Kept apart from `http` so `redirect`
//! can read them without importing the client that calls it.

use reqwest::header::{CONTENT_TYPE, HeaderMap};
use reqwest::{Method, StatusCode, Url};
use zeroize::Zeroizing;

use super::error::{KeystoneError, snippet};
use crate::secret::Secret;

/// One request to send. The token is a [`Secret`] and only meets the wire.
pub(crate) struct Request<'a> {
    pub method: Method,
    pub url: Url,
    pub token: Option<&'a Secret>,
    pub subject_token: Option<&'a Secret>,
    pub receipt: Option<&'a str>,
    pub body: Option<&'a serde_json::Value>,
    /// `Authorization: Bearer` (an identity provider's token, federation).
    pub bearer: Option<&'a Secret>,
    /// HTTP Basic client authentication at an identity provider.
    pub basic: Option<(&'a str, &'a Secret)>,
    /// A form body (`application/x-www-form-urlencoded`), for OAuth 2.0.
    pub form: Option<&'a [(&'a str, &'a str)]>,
    /// More headers, sent marked sensitive (another service's token, e.g.
    /// `X-Vault-Token`).
    pub headers: &'a [(&'static str, &'a str)],
}

impl<'a> Request<'a> {
    pub fn new(method: Method, url: Url) -> Self {
        Request {
            method,
            url,
            token: None,
            subject_token: None,
            receipt: None,
            body: None,
            bearer: None,
            basic: None,
            form: None,
            headers: &[],
        }
    }

    /// `GET /v3/auth/projects` – for messages and logs; no query string (it
    /// never holds secrets, but keeps lines short).
    pub fn action(&self) -> String {
        format!("{} {}", self.method, self.url.path())
    }
}

/// A whole answer, body read (zeroized on drop: it may hold a token or a
/// secret).
pub(crate) struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Zeroizing<Vec<u8>>,
}

impl Answer {
    pub fn content_type(&self) -> String {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as JSON of type T, or an error that shows what came back.
    pub fn json<T: serde::de::DeserializeOwned>(&self, action: &str) -> Result<T, KeystoneError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                super::error::unexpected_body(
                    action,
                    self.status.as_u16(),
                    &self.content_type(),
                    &self.body,
                )
            } else {
                KeystoneError::BadResponse {
                    action: action.to_string(),
                    detail: format!("{e} (body starts {:?})", snippet(&self.body)),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_json_reports_truncation() {
        let a = Answer {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: br#"{"projects":[{"id":"#.to_vec().into(),
        };
        let r: Result<serde_json::Value, _> = a.json("GET /v3/auth/projects");
        let e = r.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            e.contains("GET /v3/auth/projects") && e.contains("200"),
            "{e}"
        );
    }
}
