//! Network faults a real Keystone can't be made to produce, against a tiny
//! scripted HTTP server on loopback: 503 then 200, 500, an HTML proxy page,
//! truncated JSON, a connection reset, a hang past the time-out, and a 401
//! mid-session. Each must give a clear error (or a retry), never a panic.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use appcred::config::CloudConfig;
use appcred::keystone::{KeystoneError, NoPrompt, Session};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::support::hostile::fake_cloud;

/// What the server does with one request.
#[derive(Clone)]
enum Reply {
    Http {
        status: u16,
        content_type: &'static str,
        headers: Vec<(&'static str, &'static str)>,
        body: String,
    },
    /// Claims more bytes than it sends, then closes: a cut-off body.
    Truncated(String),
    /// Closes the connection without answering.
    Reset,
    /// Never answers.
    Hang,
}

fn json(status: u16, body: &str) -> Reply {
    Reply::Http {
        status,
        content_type: "application/json",
        headers: vec![],
        body: body.to_string(),
    }
}

const TOKEN_BODY: &str = r#"{"token":{"methods":["password"],"user":{"id":"u1","name":"alice","domain":{"id":"default","name":"Default"}},
 "expires_at":"2099-01-01T00:00:00.000000Z","issued_at":"2026-01-01T00:00:00.000000Z",
 "project":{"id":"p1","name":"demo","domain":{"id":"default","name":"Default"}},
 "roles":[{"id":"r1","name":"member"}],"catalog":[]}}"#;

fn token_reply() -> Reply {
    Reply::Http {
        status: 201,
        content_type: "application/json",
        headers: vec![("X-Subject-Token", "tok-abc")],
        body: TOKEN_BODY.to_string(),
    }
}

/// A token that expires `secs` from now.
fn token_expiring_in(secs: i64) -> Reply {
    let at = (chrono::Utc::now() + chrono::Duration::seconds(secs))
        .format("%Y-%m-%dT%H:%M:%S.000000Z")
        .to_string();
    Reply::Http {
        status: 201,
        content_type: "application/json",
        headers: vec![("X-Subject-Token", "tok-short")],
        body: TOKEN_BODY.replace("2099-01-01T00:00:00.000000Z", &at),
    }
}

const EMPTY_LIST: &str = r#"{"application_credentials":[],"links":{"next":null}}"#;

struct Server {
    url: String,
    seen: Arc<Mutex<Vec<String>>>,
}

/// Serves `replies` in order, one per connection, and records "METHOD path".
async fn serve(replies: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        for reply in replies {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            // Read the head and a body of Content-Length bytes.
            loop {
                let n = sock.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let len = text[..end]
                        .lines()
                        .find_map(|l| {
                            let l = l.to_ascii_lowercase();
                            l.strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap_or(0))
                        })
                        .unwrap_or(0usize);
                    if buf.len() >= end + 4 + len {
                        break;
                    }
                }
            }
            let head = String::from_utf8_lossy(&buf).to_string();
            let line = head.lines().next().unwrap_or("").to_string();
            let mut parts = line.split_whitespace();
            let entry = format!(
                "{} {}",
                parts.next().unwrap_or(""),
                parts.next().unwrap_or("").split('?').next().unwrap_or("")
            );
            if let Ok(mut l) = log.lock() {
                l.push(entry);
            }
            match reply {
                Reply::Http {
                    status,
                    content_type,
                    headers,
                    body,
                } => {
                    let mut out = format!(
                        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n",
                        body.len()
                    );
                    for (k, v) in headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    out.push_str("\r\n");
                    out.push_str(&body);
                    let _ = sock.write_all(out.as_bytes()).await;
                }
                Reply::Truncated(body) => {
                    let out = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                        body.len() + 500,
                        body
                    );
                    let _ = sock.write_all(out.as_bytes()).await;
                }
                Reply::Reset => {
                    // Linger 0 makes the close an RST: a real reset, not a
                    // clean end of stream.
                    #[allow(deprecated)]
                    let _ = sock.set_linger(Some(Duration::ZERO));
                }
                Reply::Hang => {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                }
            }
            drop(sock);
        }
    });
    Server {
        url: format!("http://{addr}/v3"),
        seen,
    }
}

impl Server {
    fn seen(&self) -> Vec<String> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn cloud(&self) -> CloudConfig {
        fake_cloud(&self.url, 1.5)
    }

    async fn login(&self) -> Session {
        Session::login(&self.cloud(), &NoPrompt).await.unwrap()
    }
}

const LIST: &str = "GET /v3/users/u1/application_credentials";
const LOGIN: &str = "POST /v3/auth/tokens";

#[tokio::test]
async fn a_503_then_200_is_retried() {
    let server = serve(vec![
        token_reply(),
        json(503, "{}"),
        json(502, "{}"),
        json(200, EMPTY_LIST),
    ])
    .await;
    let session = server.login().await;
    let list = session.list_credentials("u1").await;
    assert!(list.is_ok_and(|l| l.is_empty()));
    assert_eq!(server.seen(), vec![LOGIN, LIST, LIST, LIST]);
    assert_eq!(session.request_count(), 4);
}

#[tokio::test]
async fn three_503s_give_up_with_a_hint() {
    let server = serve(vec![
        token_reply(),
        json(503, "{}"),
        json(503, "{}"),
        json(
            503,
            "<html><body><h1>503 Service Unavailable</h1></body></html>",
        ),
    ])
    .await;
    let session = server.login().await;
    let e = session.list_credentials("u1").await.err();
    assert_eq!(e.as_ref().and_then(KeystoneError::status), Some(503));
    assert!(e.and_then(|e| e.hint()).is_some());
    assert_eq!(server.seen().len(), 4, "two retries, no more");
}

#[tokio::test]
async fn a_500_is_not_retried() {
    let server = serve(vec![
        token_reply(),
        json(
            500,
            r#"{"error":{"code":500,"message":"boom","title":"Internal Server Error"}}"#,
        ),
    ])
    .await;
    let session = server.login().await;
    let e = session.list_credentials("u1").await.err();
    assert!(
        matches!(&e, Some(KeystoneError::Api { status: 500, message, .. }) if message == "boom")
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn create_is_never_retried() {
    let server = serve(vec![token_reply(), json(503, "{}"), json(201, "{}")]).await;
    let session = server.login().await;
    let e = session
        .create_credential(&appcred::keystone::NewApplicationCredential {
            name: "x".into(),
            ..Default::default()
        })
        .await
        .err();
    assert_eq!(e.and_then(|e| e.status()), Some(503));
    assert_eq!(
        server.seen(),
        vec![LOGIN, "POST /v3/users/u1/application_credentials"]
    );
}

#[tokio::test]
async fn an_html_proxy_page_is_described() {
    let page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let html = Reply::Http {
        status: 502,
        content_type: "text/html",
        headers: vec![],
        body: page.into(),
    };
    let server = serve(vec![token_reply(), html.clone(), html.clone(), html]).await;
    let session = server.login().await;
    let e = session.list_credentials("u1").await.err();
    let Some(KeystoneError::UnexpectedBody {
        status,
        content_type,
        snippet,
        ..
    }) = &e
    else {
        panic!("expected UnexpectedBody, got {e:?}");
    };
    assert_eq!((*status, content_type.as_str()), (502, "text/html"));
    assert!(
        snippet.starts_with("502 Bad Gateway 502 Bad Gateway nginx"),
        "{snippet}"
    );
    let text = e.map(|e| e.to_string()).unwrap_or_default();
    assert!(text.contains("502") && text.contains("text/html"), "{text}");
}

#[tokio::test]
async fn truncated_json_is_an_error_not_a_panic() {
    let server = serve(vec![
        token_reply(),
        json(200, r#"{"application_credentials":[{"id":"a","#),
        Reply::Truncated(r#"{"application_credentials":["#.into()),
    ])
    .await;
    let session = server.login().await;
    let e = session.list_credentials("u1").await.err();
    assert!(
        matches!(e, Some(KeystoneError::UnexpectedBody { status: 200, .. })),
        "{e:?}"
    );
    let e = session.list_credentials("u1").await.err();
    assert!(e.is_some(), "a cut-off body must fail");
}

#[tokio::test]
async fn a_connection_reset_is_retried() {
    let server = serve(vec![token_reply(), Reply::Reset, json(200, EMPTY_LIST)]).await;
    let session = server.login().await;
    let list = session.list_credentials("u1").await;
    assert!(list.is_ok(), "{list:?}");
    assert_eq!(server.seen(), vec![LOGIN, LIST, LIST]);
}

#[tokio::test]
async fn a_hang_times_out_with_the_configured_timeout() {
    let server = serve(vec![token_reply(), Reply::Hang]).await;
    let session = server.login().await;
    let started = std::time::Instant::now();
    let e = session.list_credentials("u1").await.err();
    assert!(matches!(e, Some(KeystoneError::Timeout { .. })), "{e:?}");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(1400) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert!(
        e.and_then(|e| e.hint())
            .unwrap_or_default()
            .contains("api_timeout")
    );
}

#[tokio::test]
async fn a_401_mid_session_logs_in_again_once() {
    let unauthorized = json(
        401,
        r#"{"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}"#,
    );
    let server = serve(vec![
        token_reply(),
        unauthorized.clone(),
        token_reply(),
        json(200, EMPTY_LIST),
        // Second call: 401 again after re-login: give up, don't loop.
        unauthorized.clone(),
        token_reply(),
        unauthorized,
    ])
    .await;
    let session = server.login().await;
    assert!(session.list_credentials("u1").await.is_ok());
    assert_eq!(server.seen(), vec![LOGIN, LIST, LOGIN, LIST]);
    let e = session.list_credentials("u1").await.err();
    assert_eq!(e.and_then(|e| e.status()), Some(401));
    assert_eq!(server.seen().len(), 7);
}

#[tokio::test]
async fn a_token_about_to_expire_is_renewed_before_the_call() {
    let server = serve(vec![
        token_expiring_in(60),
        token_reply(),
        json(200, EMPTY_LIST),
        json(200, EMPTY_LIST),
    ])
    .await;
    let session = server.login().await;
    assert!(session.list_credentials("u1").await.is_ok());
    assert_eq!(server.seen(), vec![LOGIN, LOGIN, LIST]);
    // The renewed token lasts: no further login.
    assert!(session.list_credentials("u1").await.is_ok());
    assert_eq!(server.seen(), vec![LOGIN, LOGIN, LIST, LIST]);
}
