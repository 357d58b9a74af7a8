//! Opening: an armoured (or binary) age file decrypted in memory with the
//! recipient's identity: an age identity file (`age-keygen`'s) or an SSH
//! private key, asking for its passphrase through the front end's
//! [`Passphrase`]. A file sealed for someone else is an error naming who
//! it was for, as far as the file tells (an X25519 stanza names nobody; an
//! SSH stanza carries its key's tag), and who the identity is.
#![allow(deprecated)]

use std::io::Read;
use std::path::Path;

use age::armor::ArmoredReader;
use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::HandoffError;
use crate::secret::Secret;

/// Asks for an SSH key's passphrase (the prompt names the key); None when
/// there is no one to ask.
pub type Passphrase<'a> = &'a dyn Fn(&str) -> Option<Secret>;

/// The recipient's side: keys that may open a hand-off, and what to call
/// them in a message.
pub struct Identity {
    keys: Vec<Box<dyn age::Identity>>,
    /// "the age key age1..." or "the ssh-ed25519 key with tag AbCd (PATH)".
    pub described: String,
}

impl Identity {
    /// Reads the identity file at `path`.
    pub fn load(path: &Path, ask: Passphrase<'_>) -> Result<Identity, HandoffError> {
        let shown = path.display().to_string();
        let text =
            Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
                HandoffError::new(format!("cannot read the identity {shown}: {e}"))
            })?);
        if text.contains("-----BEGIN") && text.contains("PRIVATE KEY-----") {
            return load_ssh(&shown, &text, ask);
        }
        let mut keys: Vec<Box<dyn age::Identity>> = Vec::new();
        let mut publics = Vec::new();
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let key = line.parse::<age::x25519::Identity>().map_err(|_| {
                HandoffError::new(format!(
                    "{shown} is neither an age identity file (AGE-SECRET-KEY-1...) nor an SSH private key"
                ))
            })?;
            publics.push(key.to_public().to_string());
            keys.push(Box::new(key));
        }
        if keys.is_empty() {
            return Err(HandoffError::new(format!("{shown} holds no identity")));
        }
        Ok(Identity {
            keys,
            described: format!("the age key {} ({shown})", publics.join(", ")),
        })
    }
}

fn load_ssh(shown: &str, text: &str, ask: Passphrase<'_>) -> Result<Identity, HandoffError> {
    let key = age::ssh::Identity::from_buffer(text.as_bytes(), Some(shown.to_string()))
        .map_err(|e| HandoffError::new(format!("{shown} is not a usable SSH private key: {e}")))?;
    let key = match key {
        age::ssh::Identity::Encrypted(enc) => {
            let Some(pass) = ask(&format!("Passphrase for {shown}: ")) else {
                return Err(HandoffError::new(format!(
                    "{shown} is protected by a passphrase and there is no terminal to ask it on"
                ))
                .with_hint("run the command at a terminal, or use a key without a passphrase"));
            };
            let pass = age::secrecy::SecretString::from(pass.expose().to_string());
            let key = enc
                .decrypt(pass)
                .map_err(|_| HandoffError::new(format!("wrong passphrase for {shown}")))?;
            age::ssh::Identity::Unencrypted(key)
        }
        age::ssh::Identity::Unsupported(_) => {
            return Err(HandoffError::new(format!(
                "{shown}: this kind of SSH key cannot open age files; use an ssh-ed25519 or ssh-rsa key"
            )));
        }
        key => key,
    };
    let pub_path = format!("{shown}.pub");
    let described = match std::fs::read_to_string(&pub_path)
        .ok()
        .and_then(|l| ssh_tag(&l))
    {
        Some((kind, tag)) => format!("the {kind} key with tag {tag} ({shown})"),
        None => format!("the SSH key {shown}"),
    };
    Ok(Identity {
        keys: vec![Box::new(key)],
        described,
    })
}

/// An SSH public key line's type and age's tag for it: the first four
/// bytes of the SHA-256 of the key's wire form, base64 without padding.
pub(super) fn ssh_tag(line: &str) -> Option<(String, String)> {
    let mut words = line.split_whitespace();
    let kind = words.next()?.to_string();
    let wire = base64::engine::general_purpose::STANDARD
        .decode(words.next()?)
        .ok()?;
    let digest = Sha256::digest(&wire);
    Some((kind, STANDARD_NO_PAD.encode(&digest[..4])))
}

/// The plaintext of the hand-off `file` (its name for messages).
pub fn open(
    file: &str,
    contents: &[u8],
    identity: &Identity,
) -> Result<Zeroizing<Vec<u8>>, HandoffError> {
    let not_age = || {
        HandoffError::new(format!("{file} is not an age-encrypted file")).with_hint(
            "a hand-off starts with -----BEGIN AGE ENCRYPTED FILE----- (or is age's binary form)",
        )
    };
    let mut raw = Vec::with_capacity(contents.len());
    ArmoredReader::new(contents)
        .read_to_end(&mut raw)
        .map_err(|_| not_age())?;
    let decryptor = age::Decryptor::new(&raw[..]).map_err(|_| not_age())?;
    let keys = identity
        .keys
        .iter()
        .map(|k| k.as_ref() as &dyn age::Identity);
    let mut reader = decryptor.decrypt(keys).map_err(|e| match e {
        age::DecryptError::NoMatchingKeys => HandoffError::new(format!(
            "{file} was not encrypted for {}: it is for {}",
            identity.described,
            recipients_named(&raw)
        ))
        .with_hint("ask the sender to encrypt it to your public key (appcred ... --to KEY)"),
        age::DecryptError::KeyDecryptionFailed => {
            HandoffError::new(format!("{} could not be decrypted", identity.described))
        }
        other => HandoffError::new(format!("{file} cannot be decrypted: {other}")),
    })?;
    let mut plain = Zeroizing::new(Vec::with_capacity(raw.len()));
    reader
        .read_to_end(&mut plain)
        .map_err(|e| HandoffError::new(format!("{file} cannot be decrypted: {e}")))?;
    Ok(plain)
}

/// The recipients an age header names, said: SSH stanzas carry their
/// key's tag; X25519 ones name nobody (age keeps recipients anonymous).
pub(super) fn recipients_named(raw: &[u8]) -> String {
    let header_end = raw
        .windows(4)
        .position(|w| w == b"\n---")
        .unwrap_or(raw.len());
    let header = String::from_utf8_lossy(&raw[..header_end]);
    let mut anonymous = 0;
    let mut named = Vec::new();
    for line in header.lines() {
        let Some(stanza) = line.strip_prefix("-> ") else {
            continue;
        };
        let mut args = stanza.split_whitespace();
        match (args.next(), args.next()) {
            (Some("X25519"), _) => anonymous += 1,
            (Some(kind @ ("ssh-ed25519" | "ssh-rsa")), Some(tag)) => {
                named.push(format!("the {kind} key with tag {tag}"));
            }
            (Some(kind), _) if !kind.ends_with("-grease") && !kind.contains("grease") => {
                named.push(format!("a {kind} recipient"));
            }
            _ => {}
        }
    }
    if anonymous > 0 {
        named.push(format!(
            "{anonymous} age key{} (age does not record which)",
            if anonymous == 1 { "" } else { "s" }
        ));
    }
    let named = crate::terminal_text::visible(&named.join(", ")).into_owned();
    if named.is_empty() {
        "recipients the file does not name".to_string()
    } else {
        named
    }
}
