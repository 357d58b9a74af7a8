//! `--to RECIPIENT`: an age public key (`age1...`), an SSH public key line
//! (`ssh-ed25519 ...`, `ssh-rsa ...`), or a file of them, one a line, `#`
//! comments and blank lines skipped (as `age -R` reads). Each is checked
//! when the command starts, so a bad one stops it before Keystone is asked
//! for anything.
//!
//! The classic X25519 and SSH recipients are the ones Debian's `age` 1.1
//! reads; the crate marks them deprecated in favour of post-quantum keys
//! that tool cannot open yet, hence the `allow(deprecated)`.
#![allow(deprecated)]

use std::fmt;
use std::path::Path;

use age::ssh::ParseRecipientKeyError;

use super::HandoffError;

/// One recipient, parsed, with the text it came from (for messages).
#[derive(Clone)]
enum Key {
    X25519(age::x25519::Recipient),
    Ssh(age::ssh::Recipient),
}

/// Every recipient a hand-off is sealed to.
#[derive(Clone, Default)]
pub struct Recipients {
    keys: Vec<(String, Key)>,
}

impl fmt::Debug for Recipients {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.keys.iter().map(|(label, _)| label))
            .finish()
    }
}

impl Recipients {
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// The age recipients, for the encryptor.
    pub(super) fn each(&self) -> Vec<&dyn age::Recipient> {
        self.keys
            .iter()
            .map(|(_, k)| match k {
                Key::X25519(r) => r as &dyn age::Recipient,
                Key::Ssh(r) => r as &dyn age::Recipient,
            })
            .collect()
    }
}

/// The `--to` values, parsed; the first bad one is the error, named.
pub fn parse_recipients(specs: &[String]) -> Result<Recipients, HandoffError> {
    let mut keys = Vec::new();
    for spec in specs {
        let spec = spec.trim();
        if looks_like_key(spec) {
            keys.push((short(spec), parse_key(spec, spec)?));
            continue;
        }
        let path = Path::new(spec);
        if !path.is_file() {
            return Err(HandoffError::new(format!(
                "--to {spec}: not an age public key (age1...), an SSH public key (ssh-ed25519 ..., ssh-rsa ...) or a file of them"
            ))
            .with_hint("give the recipient's public key, the path of a file holding it (e.g. ~/.ssh/id_ed25519.pub), or a name from [recipients] in config.toml"));
        }
        let text = std::fs::read_to_string(path).map_err(|e| {
            HandoffError::new(format!("--to {spec}: cannot read the recipients file: {e}"))
        })?;
        let before = keys.len();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = format!("{spec} line {}", n + 1);
            keys.push((format!("{at} ({})", short(line)), parse_key(line, &at)?));
        }
        if keys.len() == before {
            return Err(HandoffError::new(format!(
                "--to {spec}: the file holds no recipient"
            )));
        }
    }
    Ok(Recipients { keys })
}

/// Whether `s` is meant as a key rather than a file's path.
pub fn looks_like_key(s: &str) -> bool {
    s.starts_with("age1") || s.starts_with("ssh-") || s.starts_with("ecdsa-")
}

/// A recipient spec (a key, or the path of a file of them) said shortly
/// for a list a person picks from, without reading any file: `age key
/// age1qyqszqgp…x8k2`, `ssh-ed25519 key, tag AbCdEf (bob@laptop)`, `file
/// /home/me/keys/team.pub`. Made terminal-safe: the text comes from
/// config.toml.
pub fn describe(spec: &str) -> String {
    let spec = spec.trim();
    let cut = |s: &str, head: usize, tail: usize| {
        let chars: Vec<char> = s.chars().collect();
        if chars.len() <= head + tail + 1 {
            return s.to_string();
        }
        let end: String = chars[chars.len() - tail..].iter().collect();
        format!("{}…{end}", chars[..head].iter().collect::<String>())
    };
    let text = if spec.starts_with("age1") {
        format!("age key {}", cut(spec, 12, 4))
    } else if looks_like_key(spec) {
        let mut words = spec.split_whitespace();
        let kind = words.next().unwrap_or_default();
        let comment = words.skip(1).collect::<Vec<_>>().join(" ");
        let comment = if comment.is_empty() {
            String::new()
        } else {
            format!(" ({})", cut(&comment, 24, 0))
        };
        match super::open::ssh_tag(spec) {
            Some((_, tag)) => format!("{kind} key, tag {tag}{comment}"),
            None => format!("{kind} key{comment}"),
        }
    } else {
        format!("file {spec}")
    };
    crate::terminal_text::visible(&text).into_owned()
}

/// A key's first characters: enough to tell which it is in a message.
fn short(key: &str) -> String {
    let mut words = key.split_whitespace();
    let first = words.next().unwrap_or_default();
    let text = match words.next() {
        Some(body) if first.starts_with("ssh-") || first.starts_with("ecdsa-") => {
            format!("{first} {}...", body.chars().take(16).collect::<String>())
        }
        _ if first.len() > 20 => format!("{}...", first.chars().take(20).collect::<String>()),
        _ => first.to_string(),
    };
    crate::terminal_text::visible(&text).into_owned()
}

fn parse_key(text: &str, at: &str) -> Result<Key, HandoffError> {
    let bad = |why: String| HandoffError::new(format!("--to {at}: {why}"));
    if text.starts_with("age1") {
        if text.starts_with("age1pq") {
            return Err(bad(
                "post-quantum age keys are not supported yet (the age tool most systems ship cannot open them); give an X25519 key (age-keygen) or an SSH key".into(),
            ));
        }
        return text
            .parse::<age::x25519::Recipient>()
            .map(Key::X25519)
            .map_err(|why| bad(format!("not a valid age public key ({why})")));
    }
    text.parse::<age::ssh::Recipient>()
        .map(Key::Ssh)
        .map_err(|e| {
            bad(match e {
                ParseRecipientKeyError::Ignore | ParseRecipientKeyError::Unsupported(_) => {
                    "this kind of SSH key cannot receive an age file; use an ssh-ed25519 or ssh-rsa key".into()
                }
                ParseRecipientKeyError::Invalid(why) => format!("not a valid SSH public key ({why})"),
                ParseRecipientKeyError::RsaModulusTooLarge => {
                    "the ssh-rsa key is larger than age supports".into()
                }
                ParseRecipientKeyError::RsaModulusTooSmall => {
                    "the ssh-rsa key is under 2048 bits (too weak)".into()
                }
                _ => "not a usable SSH public key".into(),
            })
        })
}
