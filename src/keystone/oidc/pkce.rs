//! PKCE (RFC 7636) with S256, and random `state` values: 32 random bytes,
//! base64url without padding.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use super::super::error::KeystoneError;
use crate::secret::Secret;

/// 32 bytes from the operating system, base64url (43 characters).
pub(crate) fn random_token() -> Result<String, KeystoneError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| KeystoneError::Refused {
        message: format!("no random numbers from the operating system: {e}"),
        hint: Some("check /dev/urandom and the getrandom system call".into()),
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A verifier (kept secret until the token request) and its S256 challenge.
pub(crate) struct Pkce {
    pub verifier: Secret,
    pub challenge: String,
}

impl Pkce {
    pub fn new() -> Result<Pkce, KeystoneError> {
        let verifier = random_token()?;
        let challenge = challenge_of(&verifier);
        Ok(Pkce {
            verifier: Secret::from(verifier),
            challenge,
        })
    }
}

pub(crate) fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_rfc_7636_appendix_b() {
        assert_eq!(
            challenge_of("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_long_and_differ() {
        let (a, b) = (Pkce::new().ok(), Pkce::new().ok());
        let (Some(a), Some(b)) = (a, b) else {
            panic!("no randomness")
        };
        assert_eq!(a.verifier.expose().len(), 43);
        assert_ne!(a.verifier, b.verifier);
    }
}
