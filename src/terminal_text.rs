//! Text from outside (Keystone's names, descriptions, ids; config values) on
//! its way to a terminal: one rule for the TUI and the command line alike.
//!
//! A terminal obeys what it is sent. A credential named
//! `ESC ] 52 ; c ; ZXZpbA== BEL` writes "evil" into the clipboard of whoever
//! lists it; `ESC [ 2 J` clears their screen; a right-to-left override makes
//! `exe.txt` read as `txt.exe`. So every control character (C0, DEL, C1) and
//! every bidirectional or invisible formatting character is shown as a
//! visible escape (`\x1b`, `\u{202e}`) wherever such text meets a terminal:
//! every table, the TUI, and `-f value`/`-f shell` when stdout is a terminal.
//! Machine formats (JSON, YAML, CSV, and value/shell into a pipe or a file)
//! keep the data exact: they escape by their own rules or not at all.
//!
//! Names that mix Latin letters with Cyrillic or Greek ones
//! (`ops-automаtion` with a Cyrillic а) look like a name they are not:
//! [`mixed_scripts`] tells, and [`name`] marks them.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Characters that are not control characters yet make text display as
/// something it is not: bidirectional embeddings, overrides and isolates,
/// line and paragraph separators, and the invisible ones (zero-width spaces
/// and joiners, the word joiner, the byte-order mark, the soft hyphen, the
/// Arabic letter mark, the Mongolian vowel separator, Hangul fillers).
pub fn is_deceptive(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
    )
}

/// Whether a terminal would act on `c` or hide it rather than show it.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_deceptive(c)
}

/// `text` with every control, bidirectional and invisible character shown
/// as an escape a person can read: `\x1b` for C0, DEL and C1, `\u{202e}`
/// for the others, and `\\` for a backslash only where the text also holds
/// an escape (so `a\x1b` typed literally and a real ESC stay apart).
/// Borrowed, without a copy, when there is nothing to escape.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            c if c.is_control() && u32::from(c) <= 0xFF => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Greek,
    Cyrillic,
}

fn script(c: char) -> Option<Script> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => Some(Script::Latin),
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => Some(Script::Greek),
        '\u{0400}'..='\u{052F}' => Some(Script::Cyrillic),
        _ => None,
    }
}

/// Whether `text` mixes Latin letters with Cyrillic or Greek ones, the
/// scripts whose look-alikes (а/a, о/o, ρ/p) make one name pass for another.
/// A name wholly in one script, digits and punctuation aside, is fine.
pub fn mixed_scripts(text: &str) -> bool {
    let mut first: Option<Script> = None;
    for s in text.chars().filter_map(script) {
        match first {
            None => first = Some(s),
            Some(f) if f != s => return true,
            Some(_) => {}
        }
    }
    false
}

/// What names are marked with when they mix scripts.
pub const MIXED_SCRIPTS_MARK: &str = "(mixed scripts!) ";

/// A name for a person to read: [`visible`], and marked with
/// [`MIXED_SCRIPTS_MARK`] in front when it mixes scripts (in front, so a
/// table that cuts the name keeps the mark).
pub fn name(text: &str) -> Cow<'_, str> {
    if mixed_scripts(text) {
        Cow::Owned(format!("{MIXED_SCRIPTS_MARK}{}", visible(text)))
    } else {
        visible(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_become_visible_escapes() {
        let osc52 = "x\u{1b}]52;c;ZXZpbA==\u{7}y";
        assert_eq!(visible(osc52), "x\\x1b]52;c;ZXZpbA==\\x07y");
        assert_eq!(visible("\u{1b}[2J"), "\\x1b[2J");
        assert_eq!(visible("a\u{7f}b\u{9b}c"), "a\\x7fb\\x9bc");
        assert_eq!(visible("exe\u{202e}txt.exe"), "exe\\u{202e}txt.exe");
        assert_eq!(visible("line\nbreak\ttab"), "line\\x0abreak\\x09tab");
        // A literal backslash is doubled only where escapes are present.
        assert_eq!(visible("C:\\dir"), "C:\\dir");
        assert_eq!(visible("\\x1b\u{1b}"), "\\\\x1b\\x1b");
    }

    #[test]
    fn clean_text_is_not_copied() {
        assert!(matches!(visible("ci-pipeline 名前 ü"), Cow::Borrowed(_)));
    }

    #[test]
    fn names_mixing_latin_with_cyrillic_or_greek_are_marked() {
        assert!(mixed_scripts("ops-automаtion")); // Cyrillic а
        assert!(mixed_scripts("ρrod")); // Greek rho
        assert!(!mixed_scripts("ops-automation"));
        assert!(!mixed_scripts("продакшн-1"));
        assert!(!mixed_scripts("παραγωγή"));
        assert!(!mixed_scripts("名前-ci"));
        assert_eq!(name("ops-automаtion"), "(mixed scripts!) ops-automаtion");
        assert_eq!(name("ops"), "ops");
    }
}
