//! Names, descriptions and a secret on standard input.

use std::io::{ErrorKind, Read};

use zeroize::Zeroizing;

use super::InputError;
use crate::secret::Secret;

/// Keystone's `name` schema: 1 to 255 characters.
pub const MAX_NAME_CHARS: usize = 255;
/// Keystone stores descriptions as `TEXT`, which MySQL caps at 65,535 bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 65_535;
/// A secret is a short string (Keystone generates 86 characters); more than
/// this on stdin means the wrong thing was piped in.
pub const MAX_SECRET_BYTES: usize = 64 * 1024;

/// Control characters, and those that make a name display as something it
/// is not (bidirectional overrides, invisible ones: `terminal_text`), are
/// refused so a credential list in a terminal cannot be spoofed and two
/// names that look the same are the same.
fn first_bad_char(text: &str) -> Option<char> {
    text.chars()
        .find(|c| crate::terminal_text::needs_escape(*c))
}

/// A credential name: 1 to 255 characters (not bytes: "名前" is two), any
/// script, no control characters.
pub fn validate_name(name: &str) -> Result<(), InputError> {
    let bad = |why: String| InputError::Text {
        field: "name",
        value: name.to_string(),
        why,
    };
    if name.trim().is_empty() {
        return Err(bad("it is empty; give the credential a name".to_string()));
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(InputError::TextTooLong {
            field: "name",
            why: format!("it is {chars} characters long; Keystone allows at most {MAX_NAME_CHARS}"),
        });
    }
    if let Some(c) = first_bad_char(name) {
        return Err(bad(format!(
            "it contains the control or invisible character {c:?}; use printable characters only"
        )));
    }
    Ok(())
}

/// The name of an exported cloud entry (`--cloud-name`): what people type
/// after `--os-cloud`, so not empty, no surrounding spaces, no control or
/// invisible characters.
pub fn validate_cloud_name(name: &str) -> Result<(), InputError> {
    let bad = |why: &str| InputError::Text {
        field: "cloud name",
        value: name.to_string(),
        why: why.to_string(),
    };
    if name.trim().is_empty() {
        return Err(bad("it is empty; give the cloud entry a name (e.g. ci)"));
    }
    if name.trim() != name {
        return Err(bad("it starts or ends with a space; remove it"));
    }
    if let Some(c) = first_bad_char(name) {
        return Err(InputError::Text {
            field: "cloud name",
            value: name.to_string(),
            why: format!(
                "it contains the control or invisible character {c:?}; use printable characters only"
            ),
        });
    }
    Ok(())
}

/// A description: may be empty, at most 65,535 bytes, one line, no control
/// or invisible direction characters (they would garble the list and detail
/// views).
pub fn validate_description(description: &str) -> Result<(), InputError> {
    if description.len() > MAX_DESCRIPTION_BYTES {
        return Err(InputError::TextTooLong {
            field: "description",
            why: format!(
                "it is {} bytes long; Keystone stores at most {MAX_DESCRIPTION_BYTES}",
                description.len()
            ),
        });
    }
    if let Some(c) = first_bad_char(description) {
        let shown: String = description.chars().take(60).collect();
        return Err(InputError::Text {
            field: "description",
            value: shown,
            why: format!(
                "it contains the control or invisible character {c:?} (descriptions are one line of printable text)"
            ),
        });
    }
    Ok(())
}

/// Reads a secret piped on standard input (`printf '%s' "$S" | appcred ...`).
/// Exactly one trailing "\n" or "\r\n" is removed, as `echo` adds one; any
/// other whitespace is kept because it may be part of the secret. Refused:
/// nothing, a NUL (no shell or file format can carry it), a line break
/// inside (the exports could not hold it on one line), invalid UTF-8.
///
/// The bytes only ever sit in zeroizing buffers; the buffer grows by copying
/// into a new zeroizing buffer so no stale copy is left in freed memory.
pub fn read_secret_stdin(mut reader: impl Read) -> Result<Secret, InputError> {
    let mut buf = Zeroizing::new(Vec::<u8>::with_capacity(4096));
    let mut chunk = Zeroizing::new([0u8; 4096]);
    loop {
        let n = match reader.read(&mut chunk[..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(InputError::SecretRead(e.to_string())),
        };
        if buf.len() + n > MAX_SECRET_BYTES {
            return Err(InputError::SecretRefused(
                "more than 64 KiB arrived; pipe only the secret".to_string(),
            ));
        }
        if buf.len() + n > buf.capacity() {
            let mut bigger =
                Zeroizing::new(Vec::with_capacity((buf.capacity() * 2).max(buf.len() + n)));
            bigger.extend_from_slice(&buf);
            buf = bigger;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let mut end = buf.len();
    if buf[..end].ends_with(b"\r\n") {
        end -= 2;
    } else if buf[..end].ends_with(b"\n") {
        end -= 1;
    }
    let bytes = &buf[..end];
    if bytes.is_empty() {
        return Err(InputError::SecretRefused(
            "standard input was empty; pipe the secret in, e.g. printf '%s' \"$SECRET\" | appcred ..."
                .to_string(),
        ));
    }
    if bytes.contains(&0) {
        return Err(InputError::SecretRefused(
            "it contains a NUL byte, which no export format can carry".to_string(),
        ));
    }
    if bytes.iter().any(|b| *b == b'\n' || *b == b'\r') {
        return Err(InputError::SecretRefused(
            "it contains a line break (only one trailing newline is removed); pipe a single line"
                .to_string(),
        ));
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| InputError::SecretRefused("it is not valid UTF-8 text".to_string()))?;
    Ok(Secret::new(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_refused_in_names() {
        for c in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{00AD}', '\u{061C}',
            '\u{180E}', '\u{3164}',
        ] {
            let name = format!("ci{c}prod");
            let e = validate_name(&name).err().map(|e| e.to_string());
            assert!(
                e.as_deref().is_some_and(|e| e.contains("invisible")),
                "{c:?} accepted: {e:?}"
            );
        }
        assert!(validate_name("ci-prod").is_ok());
        assert!(validate_name("名前 é").is_ok());
    }

    #[test]
    fn cloud_names_are_checked() {
        for bad in ["", "  ", " ci", "ci\u{202E}gpj", "c\u{200B}i", "ci\n"] {
            assert!(validate_cloud_name(bad).is_err(), "{bad:?} accepted");
        }
        assert!(validate_cloud_name("prod-ci").is_ok());
        let e = validate_cloud_name("")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("cloud name") && e.contains("empty"), "{e}");
    }

    #[test]
    fn names() {
        assert!(validate_name("ci").is_ok());
        assert!(validate_name("名前-テスト ü").is_ok());
        assert!(
            validate_name(&"é".repeat(255)).is_ok(),
            "255 chars, 510 bytes"
        );
        let too_long = validate_name(&"a".repeat(256)).err().map(|e| e.to_string());
        assert!(too_long.is_some_and(|e| e.contains("256 characters") && e.contains("255")));
        for bad in [
            "",
            "   ",
            "a\nb",
            "tab\there",
            "esc\u{1b}[31m",
            "rtl\u{202E}gpj.exe",
        ] {
            assert!(validate_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn descriptions() {
        assert!(validate_description("").is_ok());
        assert!(validate_description("Magnum cluster (6b1c) – prod").is_ok());
        assert!(validate_description("two\nlines").is_err());
        assert!(validate_description(&"x".repeat(MAX_DESCRIPTION_BYTES)).is_ok());
        assert!(validate_description(&"x".repeat(MAX_DESCRIPTION_BYTES + 1)).is_err());
    }

    fn read(bytes: &[u8]) -> Result<String, InputError> {
        read_secret_stdin(bytes).map(|s| s.expose().to_string())
    }

    #[test]
    fn secret_from_stdin() {
        assert_eq!(read(b"s3cr3t\n"), Ok("s3cr3t".into()));
        assert_eq!(read(b"s3cr3t\r\n"), Ok("s3cr3t".into()));
        assert_eq!(read(b"s3cr3t"), Ok("s3cr3t".into()));
        assert_eq!(
            read(b" a\"b\\c$d'e #f \t\n"),
            Ok(" a\"b\\c$d'e #f \t".into())
        );
        assert_eq!(read("ünï €".as_bytes()), Ok("ünï €".into()));
        for bad in [
            &b""[..],
            b"\n",
            b"a\n\n",
            b"a\nb",
            b"a\0b",
            b"a\rb",
            b"\xff\xfe",
        ] {
            assert!(
                matches!(read(bad), Err(InputError::SecretRefused(_))),
                "{bad:?}"
            );
        }
        let big = vec![b'a'; MAX_SECRET_BYTES + 1];
        assert!(read(&big).is_err());
        let fits = vec![b'a'; 10_000];
        assert_eq!(read(&fits).map(|s| s.len()), Ok(10_000));
    }

    #[test]
    fn secret_errors_never_echo_the_secret() {
        let err = read(b"hunter2\nmore")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!err.contains("hunter2"), "{err}");
    }
}
