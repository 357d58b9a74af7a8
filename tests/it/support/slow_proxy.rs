//! A slow proxy on loopback in front of the real test Keystone: one
//! request per connection, the answers to some requests held back. Issue
//! 17, defect 4: a create (`POST .../application_credentials`) for
//! [`HOLD`], so a test can send a signal while appcred waits for it;
//! issue 11, defect 1: the roles (`GET .../role_assignments`) until the
//! test opens a [`Gate`], so the wizard opens before they arrive.

// Not every test module uses every part of it.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::Duration;

pub const HOLD: Duration = Duration::from_secs(3);

/// A proxy to the test Keystone, one request per connection. The answer to
/// a create (`POST .../application_credentials`) is held back for [`HOLD`];
/// `created` hears when such a request has been forwarded. Serves at most
/// `count` connections.
pub fn slow_proxy(count: usize) -> (String, mpsc::Receiver<()>) {
    slow_proxy_holding(count, is_create, Hold::For(HOLD))
}

/// A create: `POST .../application_credentials`.
fn is_create(method: &str, path: &str) -> bool {
    method == "POST" && path.ends_with("/application_credentials")
}

/// The roles the user holds: `GET .../role_assignments?...` (issue 11,
/// defect 1: the wizard opens before they arrive).
pub fn is_roles(method: &str, path: &str) -> bool {
    method == "GET" && path.contains("/role_assignments")
}

/// Where a gated proxy keeps the answers it holds back until the test
/// opens it: a test that needs a state "while the answer is out" waits for
/// that state, then opens the gate, instead of racing a fixed hold (a
/// loaded machine took longer than the hold to get there).
#[derive(Clone, Default)]
pub struct Gate(Arc<(Mutex<bool>, Condvar)>);

/// The longest a gate holds an answer if the test never opens it (a test
/// that failed before opening it): the proxy's threads end after this.
const GATE_CAP: Duration = Duration::from_secs(120);

impl Gate {
    /// Lets every held answer go, now and from now on.
    pub fn open(&self) {
        let (open, changed) = &*self.0;
        *open.lock().unwrap_or_else(|p| p.into_inner()) = true;
        changed.notify_all();
    }

    fn wait(&self) {
        let (open, changed) = &*self.0;
        let guard = open.lock().unwrap_or_else(|p| p.into_inner());
        let _ = changed.wait_timeout_while(guard, GATE_CAP, |open| !*open);
    }
}

/// How long a held-back answer waits.
#[derive(Clone)]
enum Hold {
    For(Duration),
    UntilOpen(Gate),
}

/// [`slow_proxy`] holding back the answers to the requests `hold_if`
/// picks (by method and path) until the [`Gate`] is opened; the receiver
/// hears of each one forwarded (its answer then held).
pub fn slow_proxy_gated(
    count: usize,
    hold_if: fn(&str, &str) -> bool,
) -> (String, mpsc::Receiver<()>, Gate) {
    let gate = Gate::default();
    let (url, rx) = slow_proxy_holding(count, hold_if, Hold::UntilOpen(gate.clone()));
    (url, rx, gate)
}

/// The proxy holding back what `hold_if` picks as `hold` says; the
/// receiver hears of each one forwarded.
fn slow_proxy_holding(
    count: usize,
    hold_if: fn(&str, &str) -> bool,
    hold: Hold,
) -> (String, mpsc::Receiver<()>) {
    let (url, forwarded) = proxy(count, hold_if, hold);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for request in forwarded {
            if request.held && tx.send(()).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

/// A proxy that holds nothing back and tells of every request it forwards
/// (`METHOD /path?query`), before the answer goes back: what Keystone saw
/// from the processes pointed at it, and from no one else (all test modules
/// share one Keystone, so its access log holds everyone's requests).
pub fn recording_proxy(count: usize) -> (String, mpsc::Receiver<String>) {
    let (url, forwarded) = proxy(count, |_, _| false, Hold::For(Duration::ZERO));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for request in forwarded {
            if tx.send(request.line).is_err() {
                return;
            }
        }
    });
    (url, rx)
}

/// A request the proxy forwarded.
struct Forwarded {
    /// `METHOD /path?query`
    line: String,
    /// Its answer is held back.
    held: bool,
}

fn proxy(
    count: usize,
    hold_if: fn(&str, &str) -> bool,
    hold: Hold,
) -> (String, mpsc::Receiver<Forwarded>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let upstream = crate::support::seed()
        .base_url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for conn in listener.incoming().take(count) {
            let Ok(client) = conn else { return };
            let upstream = upstream.clone();
            let (tx, hold) = (tx.clone(), hold.clone());
            std::thread::spawn(move || forward(client, &upstream, &tx, hold_if, &hold));
        }
    });
    (format!("http://{addr}/v3"), rx)
}

fn forward(
    mut client: TcpStream,
    upstream: &str,
    report: &mpsc::Sender<Forwarded>,
    hold_if: fn(&str, &str) -> bool,
    hold: &Hold,
) {
    let _ = client.set_read_timeout(Some(Duration::from_secs(10)));
    let request = read_one(&mut client);
    if request.is_empty() {
        return;
    }
    let text = String::from_utf8_lossy(&request).to_string();
    let mut words = text.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let held_back = hold_if(method, path);
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
    let _ = report.send(Forwarded {
        line: format!("{method} {path}"),
        held: held_back,
    });
    if held_back {
        match hold {
            Hold::For(time) => std::thread::sleep(*time),
            Hold::UntilOpen(gate) => gate.wait(),
        }
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
