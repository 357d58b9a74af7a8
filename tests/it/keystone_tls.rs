//! TLS settings against a loopback HTTPS server with a private CA: no
//! `cacert` fails with a hint naming it, `cacert` works, `verify: false`
//! works. Certificates come from the `openssl` command and the server is a
//! few lines of Python (both already needed by the Keystone harness).

use std::path::Path;
use std::process::{Child, Command, Stdio};

use appcred::config::{CloudConfig, TlsOptions};
use appcred::keystone::{KeystoneError, NoPrompt, Session};

use crate::support::hostile::fake_cloud;

const SERVER: &str = r#"
import http.server, json, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"token": {"methods": ["password"], "user": {"id": "u1", "name": "a"},
            "expires_at": "2099-01-01T00:00:00.000000Z", "issued_at": "2026-01-01T00:00:00.000000Z"}}).encode()
        self.send_response(201)
        self.send_header("X-Subject-Token", "t")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
s = http.server.HTTPServer(("127.0.0.1", 0), H)
s.socket = ctx.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
"#;

fn openssl(dir: &Path, args: &[&str]) -> bool {
    Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A CA and a server certificate for 127.0.0.1 signed by it.
fn make_certs(dir: &Path) -> bool {
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .is_ok()
        && openssl(
            dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=appcred-test-ca",
            ],
        )
        && openssl(
            dir,
            &[
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "key.pem",
                "-out",
                "leaf.csr",
                "-subj",
                "/CN=localhost",
            ],
        )
        && openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                "leaf.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "cert.pem",
                "-days",
                "2",
                "-extfile",
                "ext.cnf",
            ],
        )
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The fake server's cloud over https, unscoped, with `tls`.
fn cloud(port: u16, tls: TlsOptions) -> CloudConfig {
    let mut cloud = fake_cloud(&format!("https://127.0.0.1:{port}/v3"), 10.0);
    cloud.auth.project_id = None;
    cloud.tls = tls;
    cloud
}

#[tokio::test]
async fn private_ca_via_cacert() {
    let dir = tempfile::tempdir().unwrap();
    if Command::new("openssl").arg("version").output().is_err() {
        crate::support::skip("no `openssl` command to make test certificates");
        return;
    }
    assert!(
        make_certs(dir.path()),
        "openssl failed to make certificates"
    );
    let mut child = Command::new("python3")
        .args(["-c", SERVER])
        .arg(dir.path().join("cert.pem"))
        .arg(dir.path().join("key.pem"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3");
    let stdout = child.stdout.take();
    let server = Server(child);
    let mut line = String::new();
    if let Some(out) = stdout {
        use std::io::BufRead;
        let _ = std::io::BufReader::new(out).read_line(&mut line);
    }
    let port: u16 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("no port from the server: {line:?}"));

    let e = Session::login(&cloud(port, TlsOptions::default()), &NoPrompt)
        .await
        .err();
    let Some(KeystoneError::Tls { hint, .. }) = &e else {
        panic!("expected a TLS error, got {e:?}");
    };
    assert!(hint.as_deref().unwrap_or_default().contains("cacert"));

    let trusted = TlsOptions {
        cacert: Some(dir.path().join("ca.pem")),
        ..TlsOptions::default()
    };
    let session = Session::login(&cloud(port, trusted), &NoPrompt).await;
    assert_eq!(session.map(|s| s.user_id()).ok().as_deref(), Some("u1"));

    let insecure = TlsOptions {
        verify: false,
        ..TlsOptions::default()
    };
    let session = Session::login(&cloud(port, insecure), &NoPrompt).await;
    assert!(session.is_ok(), "{session:?}");

    // A CA that did not sign it: still refused.
    let other = tempfile::tempdir().unwrap();
    assert!(make_certs(other.path()));
    let wrong = TlsOptions {
        cacert: Some(other.path().join("ca.pem")),
        ..TlsOptions::default()
    };
    let e = Session::login(&cloud(port, wrong), &NoPrompt).await.err();
    assert!(matches!(e, Some(KeystoneError::Tls { .. })), "{e:?}");
    drop(server);
}
