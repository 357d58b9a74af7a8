//! When to retry a request, and how to tell what went wrong with one.
//! Pure decisions, so the policy is a unit test.

use std::time::Duration;

use reqwest::Method;

/// Pauses before the first and second retry of an idempotent read.
const BACKOFF: [Duration; 2] = [Duration::from_millis(200), Duration::from_millis(600)];

/// What happened to one attempt, for the retry decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attempt {
    Status(u16),
    ConnectFailed,
    ConnectionReset,
    TimedOut,
    OtherError,
}

/// How long to wait before retrying, or None to stop. Only GETs are
/// retried: a POST that timed out or was reset may have created something.
/// Time-outs are not retried either: three 30 s waits is worse than an error.
pub(crate) fn retry_delay(
    method: &Method,
    retries_done: usize,
    attempt: Attempt,
) -> Option<Duration> {
    if *method != Method::GET && *method != Method::HEAD {
        return None;
    }
    let transient = match attempt {
        Attempt::Status(s) => matches!(s, 502..=504),
        Attempt::ConnectFailed | Attempt::ConnectionReset => true,
        Attempt::TimedOut | Attempt::OtherError => false,
    };
    if transient {
        BACKOFF.get(retries_done).copied()
    } else {
        None
    }
}

pub(crate) fn classify(e: &reqwest::Error) -> Attempt {
    if e.is_timeout() {
        return Attempt::TimedOut;
    }
    if looks_like_tls_failure(&error_chain(e)) {
        return Attempt::OtherError;
    }
    if e.is_connect() {
        return Attempt::ConnectFailed;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if let Some(io) = err.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            ) {
                return Attempt::ConnectionReset;
            }
        }
        let text = err.to_string().to_ascii_lowercase();
        if text.contains("connection closed before message completed")
            || text.contains("connection reset")
        {
            return Attempt::ConnectionReset;
        }
        source = err.source();
    }
    Attempt::OtherError
}

pub(crate) fn looks_like_tls_failure(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    d.contains("certificate") || d.contains("unknownissuer") || d.contains("tls handshake")
}

/// An error and all its sources on one line: reqwest's top-level message
/// alone ("error sending request") says nothing useful.
pub(crate) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = s.source();
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_only_idempotent_transient_failures() {
        let get = Method::GET;
        assert_eq!(
            retry_delay(&get, 0, Attempt::Status(503)),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            retry_delay(&get, 1, Attempt::Status(502)),
            Some(Duration::from_millis(600))
        );
        assert_eq!(
            retry_delay(&get, 2, Attempt::Status(504)),
            None,
            "at most two retries"
        );
        assert_eq!(
            retry_delay(&get, 0, Attempt::ConnectionReset),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            retry_delay(&get, 0, Attempt::ConnectFailed),
            Some(Duration::from_millis(200))
        );
        for status in [200, 201, 400, 401, 403, 404, 409, 500] {
            assert_eq!(
                retry_delay(&get, 0, Attempt::Status(status)),
                None,
                "{status}"
            );
        }
        assert_eq!(retry_delay(&get, 0, Attempt::TimedOut), None);
        assert_eq!(retry_delay(&get, 0, Attempt::OtherError), None);
        for m in [Method::POST, Method::DELETE, Method::PATCH, Method::PUT] {
            for a in [
                Attempt::Status(503),
                Attempt::ConnectionReset,
                Attempt::ConnectFailed,
            ] {
                assert_eq!(retry_delay(&m, 0, a), None, "{m} {a:?}");
            }
        }
    }
}
