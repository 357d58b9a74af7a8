//! `vault:MOUNT/PATH`: a secret of a Vault or OpenBao KV version 2 engine,
//! over the Keystone client's HTTP layer (`keystone::ServiceClient`: the
//! same TLS, time-outs and refusal of redirects). The server, token,
//! namespace and CA come from the environment as the `vault` and `bao`
//! command lines read them (`VAULT_ADDR`, `VAULT_TOKEN` or `~/.vault-token`,
//! `VAULT_NAMESPACE`, `VAULT_CACERT`, ...; `BAO_*` too). Writes use check-and-set on the version read
//! just before, so two writers cannot silently overwrite each other; the
//! older versions stay in the secret's history.

use std::path::PathBuf;

use reqwest::{Method, Url};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::encode::{from_vault, to_vault};
use super::entry::StoredCredential;
use super::error::StoreError;
use crate::config::{Environment, TlsOptions};
use crate::keystone::{KeystoneError, ServiceClient, ServiceReply, request_timeout};
use crate::secret::SecretJson;

/// The `vault` CLI's default address.
const DEFAULT_ADDR: &str = "https://127.0.0.1:8200";

/// A connection to the server and where the secret is in it.
pub struct Vault {
    client: ServiceClient,
    addr: String,
    token: Zeroizing<String>,
    namespace: Option<String>,
    /// The address as written (`secret/openstack/ci`).
    path: String,
}

/// The secret's place once the server has said which part is the mount.
pub struct Located {
    /// `secret/` (with the trailing slash, as Vault writes mounts).
    mount: String,
    /// The path inside the mount (`openstack/ci`).
    inner: String,
}

/// What is at the place now: the version to check-and-set against, and the
/// id the secret there holds.
pub struct Existing {
    pub version: u64,
    pub id: Option<String>,
}

impl Vault {
    pub fn connect(path: &str, env: &Environment) -> Result<Vault, StoreError> {
        let addr = var(env, "ADDR").unwrap_or(DEFAULT_ADDR).to_string();
        let url = Url::parse(&addr)
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| {
                StoreError::new(
                    format!("vault:{path}: VAULT_ADDR {addr:?} is not an http(s) URL"),
                    "set VAULT_ADDR to the server's address, e.g. https://vault.example:8200",
                )
            })?;
        let token = token(env).ok_or_else(|| {
            StoreError::new(
                format!("vault:{path}: no Vault token (VAULT_TOKEN is unset and there is no ~/.vault-token)"),
                "log in first (`vault login` or `bao login`), or set VAULT_TOKEN",
            )
        })?;
        let tls = TlsOptions {
            verify: !var(env, "SKIP_VERIFY").is_some_and(truthy),
            cacert: var(env, "CACERT").map(PathBuf::from),
            cert: var(env, "CLIENT_CERT").map(PathBuf::from),
            key: var(env, "CLIENT_KEY").map(PathBuf::from),
        };
        let client = ServiceClient::new(url, &tls, request_timeout(None)).map_err(|e| {
            StoreError::new(format!("vault:{path}: {e}"), e.hint().unwrap_or_default())
        })?;
        Ok(Vault {
            client,
            addr,
            token,
            namespace: var(env, "NAMESPACE").map(str::to_string),
            path: path.to_string(),
        })
    }

    fn fail(&self, what: impl std::fmt::Display, hint: impl Into<String>) -> StoreError {
        StoreError::new(
            format!("vault:{} at {}: {what}", self.path, self.addr),
            hint,
        )
    }

    async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
    ) -> Result<ServiceReply, StoreError> {
        let mut headers: Vec<(&'static str, &str)> = vec![("X-Vault-Token", self.token.as_str())];
        if let Some(ns) = &self.namespace {
            headers.push(("X-Vault-Namespace", ns));
        }
        let reply = self
            .client
            .send(method, url, &headers, body)
            .await
            .map_err(|e| self.transport(e))?;
        if reply.status == 503 {
            return Err(self.fail(
                format!("the server is sealed or unavailable ({})", errors(&reply)),
                "unseal it (`vault operator unseal` / `bao operator unseal`) or ask its operators",
            ));
        }
        Ok(reply)
    }

    fn transport(&self, e: KeystoneError) -> StoreError {
        let hint = match &e {
            KeystoneError::Connect { .. } | KeystoneError::Timeout { .. } => {
                "check VAULT_ADDR and that the server is running and reachable".to_string()
            }
            KeystoneError::Tls { .. } => {
                "set VAULT_CACERT to the CA that signed the server's certificate".to_string()
            }
            KeystoneError::Redirect { .. } => {
                "the server redirected (a standby node or a proxy): set VAULT_ADDR to the address it points to; appcred sends no token after a redirect".to_string()
            }
            _ => e.hint().unwrap_or_default(),
        };
        self.fail(e, hint)
    }

    fn refused(&self, reply: &ServiceReply, doing: &str, needs: &str) -> StoreError {
        if reply.status == 403 {
            return self.fail(
                format!("permission denied {doing} ({})", errors(reply)),
                format!(
                    "the token's policy must allow {needs} (ask for a policy with those \
                     capabilities, or log in with another token)"
                ),
            );
        }
        self.fail(
            format!("HTTP {} {doing} ({})", reply.status, errors(reply)),
            "check the path and the server's log",
        )
    }

    /// Asks the server which mount holds the path, and that it is KV v2
    /// (the same question the `vault kv` commands ask first).
    pub async fn locate(&self) -> Result<Located, StoreError> {
        let mut segments = vec!["v1", "sys", "internal", "ui", "mounts"];
        segments.extend(self.path.split('/'));
        let reply = self
            .send(Method::GET, self.client.url(&segments), None)
            .await?;
        if reply.status != 200 {
            let why = match reply.status {
                404 | 400 => "no secrets engine is mounted there",
                // The server answers so for a mount that does not exist as
                // for one the token may not see.
                403 => {
                    "permission denied: no secrets engine is mounted there, or the token's \
                     policy grants nothing under it"
                }
                _ => return Err(self.refused(&reply, "looking up the mount", "read on the path")),
            };
            return Err(self.fail(
                format!("{why} ({})", errors(&reply)),
                "check the mount (`bao secrets list`; a KV v2 one: `bao secrets enable \
                 -path=MOUNT kv-v2`) and the token's policy (`bao token capabilities PATH`)",
            ));
        }
        let body: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        let data = &body["data"];
        let mount = data["path"].as_str().unwrap_or_default().to_string();
        let kind = data["type"].as_str().unwrap_or_default();
        let version = data["options"]["version"].as_str().unwrap_or("1");
        if kind != "kv" && kind != "generic" {
            return Err(self.fail(
                format!("the mount {mount} is a {kind:?} engine, not KV"),
                "store in a KV version 2 mount (`bao secrets enable -path=MOUNT kv-v2`)",
            ));
        }
        if version != "2" {
            return Err(self.fail(
                format!("the mount {mount} is KV version 1, which keeps no versions and has no check-and-set"),
                format!(
                    "use a KV version 2 mount, or upgrade this one: `bao kv enable-versioning {}`",
                    mount.trim_end_matches('/')
                ),
            ));
        }
        let inner = self
            .path
            .strip_prefix(&mount)
            .filter(|p| !p.is_empty())
            .ok_or_else(|| {
                self.fail(
                    format!("the path names the mount {mount} itself"),
                    format!("name a secret inside it, e.g. vault:{mount}openstack/ci"),
                )
            })?
            .to_string();
        Ok(Located { mount, inner })
    }

    /// Whether the token's policy lets it write the secret (create, or
    /// update over an `existing` one), asked of the server without writing.
    pub async fn may_write(&self, at: &Located, existing: bool) -> Result<(), StoreError> {
        let path = format!("{}data/{}", at.mount, at.inner);
        let body = json!({ "paths": [path] });
        let url = self.client.url(&["v1", "sys", "capabilities-self"]);
        let reply = self.send(Method::POST, url, Some(&body)).await?;
        if reply.status != 200 {
            return Err(self.refused(
                &reply,
                "asking for the token's capabilities",
                "create and update on MOUNT/data/PATH",
            ));
        }
        let answer: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        let has = |c: &str| {
            answer["data"]["capabilities"]
                .as_array()
                .is_some_and(|l| l.iter().any(|v| v == c))
        };
        let needed = if existing { "update" } else { "create" };
        if has("root") || has(needed) {
            return Ok(());
        }
        Err(self.fail(
            format!("permission denied: the token's policy does not grant {needed} on {path}"),
            format!("ask for a policy with {needed} on {path}, or log in with another token"),
        ))
    }

    fn url(&self, at: &Located, kind: &str) -> Url {
        let mut segments = vec!["v1"];
        segments.extend(at.mount.trim_end_matches('/').split('/'));
        segments.push(kind);
        segments.extend(at.inner.split('/'));
        self.client.url(&segments)
    }

    /// What is at the place now; a folder (a path with secrets below it and
    /// none at it) is refused.
    pub async fn existing(&self, at: &Located) -> Result<Option<Existing>, StoreError> {
        let reply = self.send(Method::GET, self.url(at, "data"), None).await?;
        let body: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
        // A deleted latest version answers 404 but still has a version number.
        let version = body["data"]["metadata"]["version"].as_u64();
        match reply.status {
            200 => Ok(Some(Existing {
                version: version.unwrap_or(0),
                id: body["data"]["data"]["application_credential_id"]
                    .as_str()
                    .map(str::to_string),
            })),
            404 => {
                if self.is_folder(at).await? {
                    return Err(self.fail(
                        "the path is a folder (secrets are listed under it)",
                        format!("name a secret inside it, e.g. vault:{}/ci", self.path),
                    ));
                }
                Ok(version.map(|version| Existing { version, id: None }))
            }
            _ => Err(self.refused(&reply, "reading the secret", "read on MOUNT/data/PATH")),
        }
    }

    async fn is_folder(&self, at: &Located) -> Result<bool, StoreError> {
        let mut url = self.url(at, "metadata");
        url.set_query(Some("list=true"));
        let reply = self.send(Method::GET, url, None).await?;
        Ok(reply.status == 200)
    }

    /// Writes the entry as the next version after `expected` (0: none yet).
    pub async fn write(
        &self,
        at: &Located,
        c: &StoredCredential,
        expected: u64,
    ) -> Result<(), StoreError> {
        let body = SecretJson::new(json!({ "options": { "cas": expected }, "data": to_vault(c) }));
        let reply = self
            .send(Method::POST, self.url(at, "data"), Some(&body))
            .await?;
        drop(body);
        match reply.status {
            200 | 204 => Ok(()),
            400 if errors(&reply).contains("check-and-set") => Err(self.fail(
                "the secret changed while appcred was writing it (check-and-set refused)",
                "run the command again; see `bao kv metadata get` for who wrote it",
            )),
            _ => Err(self.refused(
                &reply,
                "writing the secret",
                "create and update on MOUNT/data/PATH",
            )),
        }
    }

    /// Reads the latest version.
    pub async fn read(&self, at: &Located) -> Result<StoredCredential, StoreError> {
        let reply = self.send(Method::GET, self.url(at, "data"), None).await?;
        match reply.status {
            200 => {}
            404 => {
                return Err(self.fail(
                    "no secret there",
                    "check the path with `bao kv list`, or store one with appcred create --store",
                ));
            }
            _ => return Err(self.refused(&reply, "reading the secret", "read on MOUNT/data/PATH")),
        }
        let body = SecretJson::new(serde_json::from_slice(&reply.body).unwrap_or_default());
        from_vault(&body["data"]["data"]).map_err(|why| {
            self.fail(
                format!("the secret is not an application credential: {why}"),
                "appcred stores the clouds.yaml keys (auth_url, application_credential_id, ...)",
            )
        })
    }
}

/// `VAULT_<NAME>`, else OpenBao's `BAO_<NAME>` (the `bao` command line
/// reads both).
fn var<'a>(env: &'a Environment, name: &str) -> Option<&'a str> {
    env.var(&format!("VAULT_{name}"))
        .or_else(|| env.var(&format!("BAO_{name}")))
}

/// `VAULT_TOKEN` (or `BAO_TOKEN`), else `~/.vault-token` (as the CLIs read
/// them).
fn token(env: &Environment) -> Option<Zeroizing<String>> {
    if let Some(t) = var(env, "TOKEN") {
        return Some(Zeroizing::new(t.to_string()));
    }
    let file = env.home.as_ref()?.join(".vault-token");
    let text = Zeroizing::new(std::fs::read_to_string(file).ok()?);
    let t = text.trim();
    (!t.is_empty()).then(|| Zeroizing::new(t.to_string()))
}

fn truthy(v: &str) -> bool {
    matches!(v.to_ascii_lowercase().as_str(), "1" | "t" | "true" | "yes")
}

/// The server's `errors` list, one line, safe for a terminal.
fn errors(reply: &ServiceReply) -> String {
    let body: Value = serde_json::from_slice(&reply.body).unwrap_or_default();
    let text = match body["errors"].as_array() {
        Some(list) if !list.is_empty() => list
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        _ => format!("HTTP {}", reply.status),
    };
    let line: String = text.replace(['\n', '\r'], " ").chars().take(300).collect();
    crate::terminal_text::visible(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)], home: Option<&std::path::Path>) -> Environment {
        Environment::with(vars, home)
    }

    #[test]
    fn the_token_is_found_where_the_clis_look() {
        let home = tempfile::tempdir().unwrap();
        let t = |e: &Environment| token(e).map(|t| t.to_string());
        assert_eq!(t(&env(&[], Some(home.path()))), None);
        std::fs::write(home.path().join(".vault-token"), "from-file\n").unwrap();
        assert_eq!(
            t(&env(&[], Some(home.path()))).as_deref(),
            Some("from-file")
        );
        let e = env(&[("BAO_TOKEN", "bao")], Some(home.path()));
        assert_eq!(t(&e).as_deref(), Some("bao"));
        let e = env(&[("VAULT_TOKEN", "vault"), ("BAO_TOKEN", "bao")], None);
        assert_eq!(t(&e).as_deref(), Some("vault"));
        // Set but empty counts as unset.
        let e = env(&[("VAULT_TOKEN", "")], Some(home.path()));
        assert_eq!(t(&e).as_deref(), Some("from-file"));
    }
}
