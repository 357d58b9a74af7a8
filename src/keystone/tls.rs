//! TLS settings from clouds.yaml applied to the HTTP client: `cacert` adds
//! trusted roots to the system's, `verify: false`/`insecure` turns checking
//! off (loudly), `cert` + `key` is a client certificate.

use std::path::Path;

use reqwest::ClientBuilder;

use super::error::KeystoneError;
use crate::config::TlsOptions;

pub(crate) fn configure(
    mut builder: ClientBuilder,
    tls: &TlsOptions,
) -> Result<ClientBuilder, KeystoneError> {
    if let Some(path) = &tls.cacert {
        let pem = read(path, "cacert")?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .ok()
            .filter(|c| !c.is_empty())
            .ok_or_else(|| {
                KeystoneError::config(
                    format!("cacert {} holds no PEM certificate", path.display()),
                    "point cacert at the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)",
                )
            })?;
        // Merged with the system's roots, so a cacert for a private CA does
        // not break a public one.
        builder = builder.tls_certs_merge(certs);
    }
    if !tls.verify {
        tracing::warn!(
            "TLS certificate verification is OFF for this cloud (verify: false / insecure): \
             anyone on the network path can read your password and tokens"
        );
        builder = builder.tls_danger_accept_invalid_certs(true);
    }
    match (&tls.cert, &tls.key) {
        (Some(cert), key) => {
            let mut pem = read(cert, "cert")?;
            if let Some(key) = key {
                pem.push(b'\n');
                pem.extend(read(key, "key")?);
            }
            let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                KeystoneError::config(
                    format!(
                        "client certificate {} could not be used: {e}",
                        cert.display()
                    ),
                    "cert must be a PEM certificate and key a PEM private key (PKCS#8, RSA or EC), \
                     or cert one PEM file holding both",
                )
            })?;
            builder = builder.identity(identity);
        }
        (None, Some(key)) => {
            return Err(KeystoneError::config(
                format!("key {} is set without cert", key.display()),
                "set cert to the client certificate that goes with the key, or remove key",
            ));
        }
        (None, None) => {}
    }
    Ok(builder)
}

fn read(path: &Path, what: &str) -> Result<Vec<u8>, KeystoneError> {
    std::fs::read(path).map_err(|e| {
        KeystoneError::config(
            format!("cannot read {what} file {}: {e}", path.display()),
            format!("fix the `{what}` path in clouds.yaml (or the matching OS_* variable / flag)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn missing_cacert_names_the_file() {
        let tls = TlsOptions {
            cacert: Some(PathBuf::from("/nonexistent/ca.pem")),
            ..TlsOptions::default()
        };
        let e = configure(reqwest::Client::builder(), &tls).err();
        let text = e.as_ref().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            text.contains("/nonexistent/ca.pem") && text.contains("cacert"),
            "{text}"
        );
    }

    #[test]
    fn garbage_cacert_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate").unwrap();
        let tls = TlsOptions {
            cacert: Some(path),
            ..TlsOptions::default()
        };
        let e = configure(reqwest::Client::builder(), &tls).err();
        assert!(
            e.map(|e| e.to_string())
                .unwrap_or_default()
                .contains("no PEM certificate")
        );
    }

    #[test]
    fn key_without_cert_is_refused() {
        let tls = TlsOptions {
            key: Some(PathBuf::from("/k.pem")),
            ..TlsOptions::default()
        };
        assert!(configure(reqwest::Client::builder(), &tls).is_err());
    }
}
