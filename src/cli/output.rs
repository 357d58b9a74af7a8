//! Tables for people and JSON for scripts. Tables fit the terminal's width
//! when there is one; JSON is pretty-printed and never truncated.

use std::io::{IsTerminal, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use zeroize::Zeroizing;

use super::args::{Format, GlobalArgs};
use super::error::{CliError, CliResult};
use super::fit;
use super::formats;
pub use super::note::note;
use super::records::Records;

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

/// A two-column field/value table, as `openstack ... show` prints, fitted
/// to the width that applies (`fit::fields`: the secret never wraps).
pub fn fields(global: &GlobalArgs, rows: &[(&str, String)]) -> Zeroizing<String> {
    fit::fields(rows, table_width(global))
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

/// The text of `records` in the `-f` format with the `-c` columns. `json`
/// is the command's own JSON, printed for `-f json` without `-c` (it keeps
/// Keystone's field names and nesting); with `-c`, or when there is none,
/// the JSON is keyed by column names as the OpenStack CLI's is.
pub fn render_records(
    global: &GlobalArgs,
    records: Records,
    json: Option<&serde_json::Value>,
) -> CliResult<Zeroizing<String>> {
    let mut r = records.select(&global.columns)?;
    let format = global.format.unwrap_or(Format::Table);
    if matches!(format, Format::Value | Format::Shell) && std::io::stdout().is_terminal() {
        r = r.for_terminal();
    }
    let text = match format {
        Format::Json => match json.filter(|_| global.columns.is_empty()) {
            Some(v) => Zeroizing::new(format!(
                "{}\n",
                serde_json::to_string_pretty(v)
                    .map_err(|e| CliError::new(format!("cannot write JSON: {e}")))?
            )),
            None => formats::json(&r),
        },
        Format::Yaml => formats::yaml(&r),
        Format::Value => formats::value(&r),
        Format::Csv => formats::csv(&r, !global.csv_raw),
        Format::Shell if !r.single && r.rows.len() > 1 => {
            return Err(CliError::usage(
                "-f shell prints one record (show, create); for a list use -f value or -f csv",
            ));
        }
        Format::Shell => formats::shell(&r, &global.prefix),
        Format::Table if r.rows.is_empty() => Zeroizing::new(String::new()),
        Format::Table if r.single => {
            let pairs: Vec<(&str, String)> = r
                .columns
                .iter()
                .zip(&r.rows[0])
                .map(|(c, cell)| (c.name, cell.table_text(false)))
                .collect();
            fields(global, &pairs)
        }
        Format::Table => Zeroizing::new(format!("{}\n", fit::table(&r, table_width(global)))),
        Format::Prometheus => {
            return Err(CliError::usage(
                "--format prometheus is only for `appcred list` (e.g. `appcred list --all-clouds -f prometheus`)",
            ));
        }
        Format::Export(f) => {
            return Err(CliError::usage(format!(
                "--format {} is only for `appcred export`",
                f.name()
            )));
        }
    };
    Ok(text)
}

/// Prints records (no secret among them; see [`render_records`]). An empty
/// table prints nothing on stdout, only a note on stderr.
pub fn print_records(
    global: &GlobalArgs,
    records: Records,
    json: Option<&serde_json::Value>,
) -> CliResult {
    let empty_table =
        records.rows.is_empty() && global.format.unwrap_or(Format::Table) == Format::Table;
    let text = render_records(global, records, json)?;
    if empty_table {
        note("(nothing to show)");
    }
    print_text(&text)
}

/// How wide the table may be: `--max-width N` (0: unbounded), then
/// `--fit-width` (the terminal, or $COLUMNS, or 80), then the terminal when
/// stdout is one; piped output is unbounded, so nothing is cut.
pub fn table_width(global: &GlobalArgs) -> Option<usize> {
    let env_num = |k: &str| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let max = global.max_width.or_else(|| env_num("CLIFF_MAX_TERM_WIDTH"));
    let terminal = || {
        crossterm::terminal::size()
            .ok()
            .map(|(w, _)| usize::from(w))
    };
    let tty = std::io::stdout().is_terminal();
    let fit = global.fit_width || std::env::var("CLIFF_FIT_WIDTH").is_ok_and(|v| v == "1");
    let limit = if fit || tty {
        let term = if tty { terminal() } else { None };
        Some(term.or_else(|| env_num("COLUMNS")).unwrap_or(80))
    } else {
        None
    };
    match (max, limit) {
        (Some(0), _) => None,
        (Some(m), Some(l)) => Some(m.min(l)),
        (Some(m), None) => Some(m),
        (None, l) => l,
    }
}
