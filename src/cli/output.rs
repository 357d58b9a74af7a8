//! Tables for people and JSON for scripts. Tables fit the terminal's width
//! when there is one; JSON is pretty-printed and never truncated.

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::error::{CliError, CliResult};

/// A table with the given header, sized to the terminal (or unbounded when
/// stdout is a pipe, so nothing is cut for `grep`).
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_header(header.iter().copied());
    let stdout = std::io::stdout();
    if stdout.is_terminal() {
        if let Ok((width, _)) = crossterm::terminal::size() {
            t.set_width(width);
            t.set_content_arrangement(ContentArrangement::Dynamic);
        }
    } else {
        t.set_content_arrangement(ContentArrangement::Disabled);
    }
    t
}

/// A two-column field/value table, as `openstack ... show` prints.
pub fn fields(rows: &[(&str, String)]) -> Table {
    let mut t = table(&["Field", "Value"]);
    // Never wrap: a wrapped secret or id breaks copy and paste.
    t.set_content_arrangement(ContentArrangement::Disabled);
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v.clone()]);
    }
    t
}

pub fn print_table(t: &Table) -> CliResult {
    print_text(&format!("{t}\n"))
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> CliResult {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?;
    print_text(&format!("{text}\n"))
}

/// Writes to stdout; a closed pipe (`appcred list | head`) is not an error.
pub fn print_text(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::new(format!(
            "cannot write to standard output: {e}"
        ))),
    }
}

/// Writes text that holds a secret shown only this once. Unlike
/// [`print_text`], a closed pipe is an error here: the caller must know the
/// secret went nowhere (and then deletes the credential it just made).
pub fn print_secret_text(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| CliError::new(format!("cannot write the secret to standard output: {e}")))
}

/// Notes for people (what was done, what was assumed) go to stderr so
/// stdout stays clean for scripts.
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}
