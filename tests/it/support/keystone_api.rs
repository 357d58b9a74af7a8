//! Raw Keystone HTTP calls for tests: log in as a seed user or the admin,
//! arrange state before a command and check it after.

use std::time::Duration;

use serde_json::{Value, json};

use super::{NOT_RUNNING, block_on, seed};

/// One HTTP answer from Keystone. `body` is Null when empty or not JSON.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Raw Keystone v3 calls with a token, to arrange or check state around a
/// command under test. Paths are relative to auth_url (`/users/{id}/...`).
pub struct Api {
    pub http: reqwest::Client,
    pub auth_url: String,
    pub token: String,
}

/// A client for loopback only: no proxy from the environment.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("reqwest client")
}

/// POST /v3/auth/tokens with any body; the raw reply (201 on success, the
/// token in `X-Subject-Token`).
pub async fn auth(body: Value) -> Reply {
    send(
        &http(),
        reqwest::Method::POST,
        &format!("{}/auth/tokens?nocatalog", seed().auth_url),
        None,
        Some(body),
    )
    .await
}

/// A password identity for a seed user, scoped as given (`json!({"project":
/// {"id": ..}})`, `json!({"system": {"all": true}})`, or Null for unscoped).
pub fn password_auth(user: &str, scope: Value) -> Value {
    let seed = seed();
    let u = seed.user(user);
    let mut body = json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": u.name, "domain": {"id": u.domain_id}, "password": u.password}}}}});
    if !scope.is_null() {
        body["auth"]["scope"] = scope;
    }
    body
}

pub fn project_scope(project: &str) -> Value {
    json!({"project": {"id": seed().project(project).id}})
}

async fn send(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut req = http
        .request(method.clone(), url)
        .header("Accept", "application/json");
    if let Some(t) = token {
        req = req.header("X-Auth-Token", t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req
        .send()
        .await
        .unwrap_or_else(|e| panic!("{method} {url}: {e} ({NOT_RUNNING}?)"));
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = resp.bytes().await.unwrap_or_default();
    Reply {
        status,
        headers,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

impl Api {
    /// The bootstrap admin on the system scope: may do anything.
    pub async fn admin() -> Api {
        Api::login(password_auth("admin", json!({"system": {"all": true}}))).await
    }

    /// A seed user with their password, on one of their projects.
    pub async fn user(user: &str, project: &str) -> Api {
        Api::login(password_auth(user, project_scope(project))).await
    }

    /// Logs in with any auth body; panics unless Keystone issues a token.
    pub async fn login(body: Value) -> Api {
        let reply = auth(body).await;
        let token = match (reply.status, reply.header("X-Subject-Token")) {
            (201, Some(t)) => t.to_string(),
            _ => panic!("login failed: {} {}", reply.status, reply.body),
        };
        Api {
            http: http(),
            auth_url: seed().auth_url,
            token,
        }
    }

    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Reply {
        let url = format!("{}{path}", self.auth_url);
        send(&self.http, method, &url, Some(&self.token), body).await
    }

    /// GET, panicking unless 200; the JSON body.
    pub async fn get(&self, path: &str) -> Value {
        let r = self.call(reqwest::Method::GET, path, None).await;
        assert_eq!(r.status, 200, "GET {path}: {}", r.body);
        r.body
    }

    /// A user's application credentials, as Keystone lists them.
    pub async fn app_creds(&self, user_id: &str) -> Vec<Value> {
        let body = self
            .get(&format!("/users/{user_id}/application_credentials"))
            .await;
        body["application_credentials"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Deletes a credential; true if it existed (for test clean-up).
    pub async fn delete_app_cred(&self, user_id: &str, id: &str) -> bool {
        let path = format!("/users/{user_id}/application_credentials/{id}");
        let r = self.call(reqwest::Method::DELETE, &path, None).await;
        assert!(
            matches!(r.status, 204 | 404),
            "DELETE {path}: {} {}",
            r.status,
            r.body
        );
        r.status == 204
    }
}

/// A system-scoped admin token (sync; see [`Api::admin`] for async use).
pub fn admin_token() -> String {
    block_on(Api::admin()).token
}
