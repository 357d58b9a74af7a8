//! Notes for people (what was done, what was assumed). Its own file because
//! both the output layer and the records it prints write notes.

use std::io::Write;

/// Writes a note to stderr, so stdout stays clean for scripts.
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}
