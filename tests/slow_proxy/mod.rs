//! A slow proxy on loopback in front of the real test Keystone (issue 17,
//! defect 4): one request per connection, the answer to a create
//! (`POST .../application_credentials`) held back for [`HOLD`], so a test
//! can send a signal while appcred waits for it.

// Test support: a proxy that cannot bind is a broken test set-up.
#![allow(clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

pub const HOLD: Duration = Duration::from_secs(3);

/// A proxy to the test Keystone, one request per connection. The answer to
/// a create (`POST .../application_credentials`) is held back for [`HOLD`];
/// `created` hears when such a request has been forwarded. Serves at most
/// `count` connections.
pub fn slow_proxy(count: usize) -> (String, mpsc::Receiver<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let upstream = crate::common::seed()
        .base_url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming().take(count) {
            let Ok(client) = conn else { return };
            let upstream = upstream.clone();
            let tx = tx.clone();
            std::thread::spawn(move || forward(client, &upstream, &tx));
        }
    });
    (format!("http://{addr}/v3"), rx)
}

fn forward(mut client: TcpStream, upstream: &str, created: &mpsc::Sender<()>) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
    let request = read_one(&mut client);
    if request.is_empty() {
        return;
    }
    let text = String::from_utf8_lossy(&request).to_string();
    let is_create = text.starts_with("POST ") && {
        let path = text.split_whitespace().nth(1).unwrap_or("");
        path.ends_with("/application_credentials")
    };
    // One request per upstream connection: ask Keystone to close after it.
    let head_end = text.find("\r\n").unwrap_or(0) + 2;
    let mut out = request[..head_end].to_vec();
    out.extend_from_slice(b"Connection: close\r\n");
    out.extend_from_slice(&request[head_end..]);
    let Ok(mut up) = TcpStream::connect(upstream) else {
        return;
    };
    let _ = up.set_read_timeout(Some(Duration::from_secs(20)));
    if up.write_all(&out).is_err() {
        return;
    }
    let mut answer = Vec::new();
    let _ = up.read_to_end(&mut answer);
    if is_create {
        let _ = created.send(());
        std::thread::sleep(HOLD);
    }
    let _ = client.write_all(&answer);
}

/// One request: the head and a Content-Length body.
fn read_one(sock: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = sock.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            return buf;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf).to_ascii_lowercase();
        if let Some(end) = text.find("\r\n\r\n") {
            let len = text[..end]
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0usize);
            if buf.len() >= end + 4 + len {
                return buf;
            }
        }
    }
}
