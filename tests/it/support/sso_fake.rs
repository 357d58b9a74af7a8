//! A loopback fake of an identity provider's token (and device
//! authorization) endpoint, for what the real OP of the SSO bed cannot be
//! made to do: offer the password grant, ask to slow down, or keep a
//! skewed clock. It answers each request with `answer(request, n)` (n: how
//! many requests came to that path before) and records every request, so
//! a test can check what appcred sent and when. Only ever on 127.0.0.1.
// Test helpers: a failed expect is the test failing, with its reason.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub method: String,
    pub path: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The form field `name` of the body, decoded.
    pub fn field(&self, name: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (decode(k) == name).then(|| decode(v))
        })
    }
}

fn decode(s: &str) -> String {
    let s = s.replace('+', " ");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// status, extra headers, JSON body.
pub type Answer = (u16, Vec<(String, String)>, String);

pub struct Fake {
    pub url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Fake {
    pub fn start(answer: impl Fn(&Seen, usize) -> Answer + Send + 'static) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let log = seen.clone();
        // Lives as long as the test binary; each request is bounded by timeouts.
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let Some(req) = read(&stream) else { continue };
                let n = log
                    .lock()
                    .map(|l| l.iter().filter(|s| s.path == req.path).count())
                    .unwrap_or(0);
                let reply = answer(&req, n);
                if let Ok(mut l) = log.lock() {
                    l.push(req);
                }
                write(stream, reply);
            }
        });
        Fake { url, seen }
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn read(mut stream: &TcpStream) -> Option<Seen> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.lines();
    let mut first = lines.next()?.split_whitespace();
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_string()))
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0)
        .min(64 * 1024);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
    Some(Seen {
        at,
        method,
        path,
        headers,
        body,
    })
}

fn write(mut stream: TcpStream, (status, headers, body): Answer) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

pub fn ok(body: &str) -> Answer {
    (200, Vec::new(), body.to_string())
}

pub fn oauth_error(error: &str) -> Answer {
    (400, Vec::new(), format!(r#"{{"error":"{error}"}}"#))
}

/// Writes `clouds.yaml` (cloud `name`, auth `auth` as YAML lines under
/// `auth:`) and `secure.yaml` (`secrets` lines) into `dir`.
pub fn write_clouds(dir: &Path, name: &str, auth_type: &str, auth: &[String], secrets: &[String]) {
    let mut clouds = format!("clouds:\n  {name}:\n    auth_type: {auth_type}\n    auth:\n");
    for l in auth {
        clouds.push_str(&format!("      {l}\n"));
    }
    clouds.push_str("    identity_api_version: 3\n");
    std::fs::write(dir.join("clouds.yaml"), clouds).expect("clouds.yaml written");
    let mut secure = if secrets.is_empty() {
        "clouds: {}\n".to_string()
    } else {
        format!("clouds:\n  {name}:\n    auth:\n")
    };
    for l in secrets {
        secure.push_str(&format!("      {l}\n"));
    }
    let path = dir.join("secure.yaml");
    std::fs::write(&path, secure).expect("secure.yaml written");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod 600");
}

/// The bed's Keystone (through Apache) for a cloud whose identity provider
/// is a fake: auth lines for [`write_clouds`], client `fake-client`.
pub fn bed_auth(bed: &crate::support::sso::Bed) -> Vec<String> {
    let auth_url = bed.about["auth_url"].as_str().unwrap_or_default();
    vec![
        format!("auth_url: {auth_url:?}"),
        "identity_provider: appcred-op".into(),
        "protocol: openid".into(),
        "project_name: sso-project".into(),
        "project_domain_name: sso".into(),
        "openid_scope: openid profile groups".into(),
        "client_id: fake-client".into(),
    ]
}

/// `appcred --os-cloud CLOUD list` with the clouds [`write_clouds`] wrote in `dir`.
pub fn list_with(
    bed: &crate::support::sso::Bed,
    dir: &Path,
    cloud: &str,
) -> crate::support::sso::Out {
    let h = crate::support::sso::home();
    let out = bed
        .appcred(h.path())
        .env("OS_CLIENT_CONFIG_FILE", dir.join("clouds.yaml"))
        .env("OS_CLIENT_SECURE_FILE", dir.join("secure.yaml"))
        .args(["--os-cloud", cloud, "list"])
        .output()
        .expect("appcred runs");
    crate::support::sso::Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}
