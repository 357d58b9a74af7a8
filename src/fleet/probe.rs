//! A cloud whose Keystone refuses the connection is known at once: no login
//! can get further. The TUI's picker asks this of every cloud before the
//! cloud waits for one of the [`super::CONCURRENCY`] places, so a refused
//! cloud is marked failed at once even while clouds that never answer hold
//! every place for their deadline.

use std::time::Duration;

use super::survey::CloudFiles;
use crate::config::{Environment, Overrides};

/// How long the probe waits for the connection: a refusal comes at once;
/// anything slower is left to the real check.
const PROBE_WAIT: Duration = Duration::from_secs(2);

/// Why `name` cannot be checked, when its `auth_url` refuses a TCP
/// connection outright; `None` when it accepts, is slow, cannot be probed
/// (a proxy is configured: the direct path says nothing) or does not
/// resolve (the real check says why).
pub async fn refused_at_once(
    env: &Environment,
    files: &CloudFiles,
    name: &str,
    overrides: &Overrides,
) -> Option<String> {
    const PROXIES: [&str; 6] = [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ];
    if PROXIES.iter().any(|p| env.vars.contains_key(*p)) {
        return None;
    }
    let overrides = Overrides {
        cloud: Some(name.to_string()),
        ..overrides.clone()
    };
    let cloud = files.as_ref().ok()?.resolve(&overrides).ok()?;
    let url = reqwest::Url::parse(cloud.auth.auth_url.as_deref()?).ok()?;
    let host = url
        .host_str()?
        .trim_start_matches('[')
        .trim_end_matches(']');
    let port = url.port_or_known_default()?;
    let connect = tokio::net::TcpStream::connect((host, port));
    match tokio::time::timeout(PROBE_WAIT, connect).await {
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Some(format!(
            "cannot connect to Keystone at {url}: connection refused (nothing listens on \
             {host}:{port})"
        )),
        _ => None,
    }
}
