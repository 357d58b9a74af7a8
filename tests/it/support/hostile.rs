//! Shared by the `hostile_*` tests (and keystone_faults, keystone_tls): hostile HTTP servers on loopback (an
//! endless body, endless headers, a redirect, a silent listener) and a cloud
//! pointed at one. Every server stops after a bounded amount of work.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use appcred::config::{AuthOptions, AuthType, CloudConfig, TlsOptions};
use appcred::secret::Secret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub const PASSWORD: &str = "hostile-test-password-5f3a";

/// A password cloud at `url` (a `/v3` URL on loopback) for the hostile
/// servers: gives up after 20 s.
pub fn cloud(url: &str) -> CloudConfig {
    fake_cloud(url, 20.0)
}

/// A password cloud (user `u1` with [`PASSWORD`], project `p1`) at a fake
/// server's `url`, giving up after `api_timeout` seconds: for the faults a
/// real Keystone cannot give (here, keystone_faults, keystone_tls).
pub fn fake_cloud(url: &str, api_timeout: f64) -> CloudConfig {
    CloudConfig {
        name: "fake".into(),
        auth_type: AuthType::Password,
        auth: AuthOptions {
            auth_url: Some(url.to_string()),
            user_id: Some("u1".into()),
            password: Some(Secret::new(PASSWORD)),
            project_id: Some("p1".into()),
            ..Default::default()
        },
        region_name: None,
        interface: "public".into(),
        identity_api_version: None,
        tls: TlsOptions::default(),
        api_timeout: Some(api_timeout),
        source_file: None,
    }
}

/// Reads one request (head and a Content-Length body), at most 1 MiB.
pub async fn read_request(sock: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while buf.len() < 1 << 20 {
        let n = match tokio::time::timeout(Duration::from_secs(5), sock.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => n,
            _ => break,
        };
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let len = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0usize);
            if buf.len() >= end + 4 + len {
                break;
            }
        }
    }
    buf
}

/// A server that answers up to `count` connections with `answer`, and
/// records every byte it was sent.
pub struct Recorder {
    pub url: String,
    pub origin: String,
    pub received: Arc<Mutex<Vec<u8>>>,
}

impl Recorder {
    pub fn received(&self) -> String {
        String::from_utf8_lossy(&self.received.lock().map(|r| r.clone()).unwrap_or_default())
            .into_owned()
    }
}

pub async fn listener() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = l.local_addr().unwrap();
    (l, format!("http://{addr}"))
}

/// Answers each connection (up to `count`) with the bytes `answer` gives
/// for the request's path.
pub async fn recorder(count: usize, answer: impl Fn(&str) -> String + Send + 'static) -> Recorder {
    let (l, origin) = listener().await;
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    tokio::spawn(async move {
        for _ in 0..count {
            let Ok((mut sock, _)) = l.accept().await else {
                return;
            };
            let req = read_request(&mut sock).await;
            let head = String::from_utf8_lossy(&req).to_string();
            let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
            if let Ok(mut r) = log.lock() {
                r.extend_from_slice(&req);
            }
            let _ = sock.write_all(answer(&path).as_bytes()).await;
            let _ = sock.shutdown().await;
        }
    });
    Recorder {
        url: format!("{origin}/v3"),
        origin,
        received,
    }
}

/// Answers the first request with `head`, then streams `filler` repeatedly
/// (at most `max_bytes`), as a server with an endless body or endless
/// headers would.
pub async fn endless(head: &'static str, filler: Vec<u8>, max_bytes: usize) -> String {
    let (l, origin) = listener().await;
    tokio::spawn(async move {
        let Ok((mut sock, _)) = l.accept().await else {
            return;
        };
        let _ = read_request(&mut sock).await;
        if sock.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let mut sent = 0;
        while sent < max_bytes {
            if sock.write_all(&filler).await.is_err() {
                return;
            }
            sent += filler.len();
        }
    });
    format!("{origin}/v3")
}

pub const TOKEN_BODY: &str = r#"{"token":{"methods":["password"],"user":{"id":"u1","name":"alice","domain":{"id":"default","name":"Default"}},
 "expires_at":"2099-01-01T00:00:00.000000Z","issued_at":"2026-01-01T00:00:00.000000Z",
 "project":{"id":"p1","name":"demo","domain":{"id":"default","name":"Default"}},
 "roles":[{"id":"r1","name":"member"}],"catalog":[]}}"#;

/// A 201 login answer with a token.
pub fn token_answer() -> String {
    format!(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nX-Subject-Token: tok-hostile-secret\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{TOKEN_BODY}",
        TOKEN_BODY.len()
    )
}
