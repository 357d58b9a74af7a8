//! The Keystone client's HTTP layer lent to another service appcred sends a
//! secret to (a Vault or OpenBao server, `src/store/vault`): built the same
//! way (TLS from [`TlsOptions`], time-outs, retries of idempotent reads, a
//! bound on the body) and with the same rule that no redirect is followed,
//! because every request carries the service's token.

use std::time::Duration;

use reqwest::{Method, Url};
use zeroize::Zeroizing;

use super::error::KeystoneError;
use super::http::{Http, Request, join};
use crate::config::TlsOptions;

/// A client for one service's base URL.
#[derive(Clone)]
pub struct ServiceClient {
    http: Http,
}

/// A whole answer: the status and the body (zeroized on drop).
pub struct ServiceReply {
    pub status: u16,
    pub body: Zeroizing<Vec<u8>>,
}

impl ServiceClient {
    /// `base`: the service's address (`VAULT_ADDR`), `http` or `https`.
    pub fn new(base: Url, tls: &TlsOptions, timeout: Duration) -> Result<Self, KeystoneError> {
        Ok(ServiceClient {
            http: Http::with_base(base, tls, timeout)?,
        })
    }

    /// The base URL plus `segments`, each percent-encoded.
    pub fn url(&self, segments: &[&str]) -> Url {
        join(&self.http.base, segments)
    }

    /// Sends one request; `headers` go marked sensitive. Any status comes
    /// back: the caller says what a 4xx means.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        headers: &[(&'static str, &str)],
        body: Option<&serde_json::Value>,
    ) -> Result<ServiceReply, KeystoneError> {
        let mut req = Request::new(method, url);
        req.headers = headers;
        req.body = body;
        let answer = self.http.send(&req).await?;
        Ok(ServiceReply {
            status: answer.status.as_u16(),
            body: answer.body,
        })
    }
}
