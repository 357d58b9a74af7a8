//! Quoting for the three formats, written straight into a zeroizing buffer.
//!
//! Every rendered file that carries a secret is built in [`Out`], which never
//! lets `String` reallocate on its own (a reallocation frees the old block
//! without wiping it): when it must grow it copies into a new zeroizing
//! buffer and wipes the old one.

use std::fmt;

use zeroize::Zeroizing;

pub(crate) struct Out(Zeroizing<String>);

impl Out {
    pub(crate) fn with_capacity(bytes: usize) -> Out {
        Out(Zeroizing::new(String::with_capacity(bytes)))
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        let need = self.0.len() + s.len();
        if need > self.0.capacity() {
            let mut bigger = Zeroizing::new(String::with_capacity(need.max(self.0.capacity() * 2)));
            bigger.push_str(&self.0);
            self.0 = bigger;
        }
        self.0.push_str(s);
    }

    pub(crate) fn push(&mut self, c: char) {
        let mut b = [0u8; 4];
        self.push_str(c.encode_utf8(&mut b));
    }

    pub(crate) fn finish(self) -> Zeroizing<String> {
        self.0
    }
}

impl fmt::Write for Out {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// `'…'` for POSIX shells: nothing is special inside single quotes except
/// the quote itself, written as `'"'"'` (close, a quoted quote, reopen).
pub(crate) fn shell_quoted(out: &mut Out, s: &str) {
    out.push('\'');
    for part in s.split_inclusive('\'') {
        match part.strip_suffix('\'') {
            Some(head) => {
                out.push_str(head);
                out.push_str("'\"'\"'");
            }
            None => out.push_str(part),
        }
    }
    out.push('\'');
}

/// A double-quoted scalar that YAML and JSON both read: the one YAML style
/// in which any string fits on one line. `\` and `"` are escaped, and so is
/// every character YAML does not allow raw (C0/C1 controls, DEL, the BOM,
/// U+FFFE/U+FFFF) and the YAML 1.1 line breaks NEL, LS and PS, which some
/// parsers would fold; only escapes common to YAML and JSON are used, so the
/// same text can replace a value in a clouds.json.
pub(crate) fn yaml_double_quoted(out: &mut Out, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20
                || ('\u{7f}'..='\u{9f}').contains(&c)
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                push_hex(out, "\\u", c as u32, 4)
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A YAML scalar that must read back as this exact string: plain when that
/// is unambiguous (letters first, a small safe alphabet, not a YAML 1.1
/// boolean or null), double-quoted otherwise.
pub(crate) fn yaml_string(out: &mut Out, s: &str) {
    if is_safe_plain(s) {
        out.push_str(s);
    } else {
        yaml_double_quoted(out, s);
    }
}

fn is_safe_plain(s: &str) -> bool {
    const RESERVED: [&str; 11] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf",
    ];
    let Some(first) = s.chars().next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && !s.ends_with(':')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@+".contains(c))
        && !RESERVED.contains(&s.to_ascii_lowercase().as_str())
}

/// A JSON string (RFC 8259): `"`, `\` and controls escaped; everything else,
/// unicode included, as is.
pub(crate) fn json_string(out: &mut Out, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => push_hex(out, "\\u", c as u32, 4),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Text for a `#` comment line (shell or YAML): anything that could end the
/// line or confuse a terminal becomes `?`, so a name cannot inject a line.
pub(crate) fn comment_text(out: &mut Out, s: &str) {
    for c in s.chars() {
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
            out.push('?');
        } else {
            out.push(c);
        }
    }
}

fn push_hex(out: &mut Out, prefix: &str, v: u32, width: usize) {
    out.push_str(prefix);
    for i in (0..width).rev() {
        let nibble = (v >> (4 * i)) & 0xf;
        out.push(
            char::from_digit(nibble, 16)
                .unwrap_or('0')
                .to_ascii_uppercase(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&mut Out, &str), s: &str) -> String {
        let mut out = Out::with_capacity(1);
        f(&mut out, s);
        out.finish().to_string()
    }

    #[test]
    fn quoting() {
        assert_eq!(run(shell_quoted, "a'b"), "'a'\"'\"'b'");
        assert_eq!(run(shell_quoted, "''"), "''\"'\"''\"'\"''");
        assert_eq!(
            run(yaml_double_quoted, "a\"b\\c\u{1}\u{7f}\u{feff}"),
            "\"a\\\"b\\\\c\\u0001\\u007F\\uFEFF\""
        );
        assert_eq!(run(yaml_string, "RegionOne"), "RegionOne");
        assert_eq!(run(yaml_string, "http://k:5000/v3"), "http://k:5000/v3");
        for quoted in [
            "", "yes", "No", "null", "1e3", "-x", "a b", "a: b", "x:", "&a", "*a", "!t", "%p",
            "@x", "#c",
        ] {
            assert!(run(yaml_string, quoted).starts_with('"'), "{quoted:?}");
        }
        assert_eq!(
            run(json_string, "a\"\\\n\u{1}é"),
            "\"a\\\"\\\\\\n\\u0001é\""
        );
        assert_eq!(run(comment_text, "a\nb\u{2028}c"), "a?b?c");
    }

    #[test]
    fn buffer_grows_without_losing_text() {
        let mut out = Out::with_capacity(2);
        for _ in 0..100 {
            out.push_str("abc");
        }
        assert_eq!(out.finish().len(), 300);
    }
}
