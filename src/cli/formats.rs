//! The OpenStack CLI's machine formats, as cliff writes them, for every
//! command that prints records: `value` (one record a line, values joined
//! by spaces; a single record one value a line), `csv` (Python's
//! `csv.writer` with QUOTE_NONNUMERIC and `\` as escape), `shell`
//! (`prefix` + `name="value"` lines), `yaml` and `json` (keys are the column
//! names). Everything is built in a zeroizing buffer: `create` prints the
//! secret through here.

use std::fmt::Write as _;

use zeroize::Zeroizing;

use super::records::{Records, Value, normalize, python_bool};
use crate::export::{Out, json_string, yaml_string};

/// cliff's value formatter: Python's `str()` of each value.
pub fn value(r: &Records) -> Zeroizing<String> {
    let mut out = Out::with_capacity(256);
    for row in &r.rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(if r.single { '\n' } else { ' ' });
            }
            python_str(&mut out, &cell.value);
        }
        if !row.is_empty() {
            out.push('\n');
        }
    }
    out.finish()
}

/// Whether a spreadsheet reads `s` as a formula (OWASP's list).
fn starts_a_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn python_str(out: &mut Out, v: &Value) {
    match v {
        Value::Text(s) => out.push_str(s),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Bool(b) => out.push_str(python_bool(*b)),
        Value::Null => out.push_str("None"),
    }
}

/// Python's `csv.writer(quoting=QUOTE_NONNUMERIC, escapechar='\\')`: a
/// header row, then the rows; text quoted with `"` doubled and `\` escaped,
/// numbers and booleans bare, None as `""`.
///
/// `formulas_defused`: a text cell a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or a carriage return: a
/// credential named `=HYPERLINK(...)`) gets a leading `'`, as OWASP's CSV
/// injection advice says; numbers stay bare numbers, negative ones too.
/// `--csv-raw` turns it off for tools that want the bytes.
pub fn csv(r: &Records, formulas_defused: bool) -> Zeroizing<String> {
    let mut out = Out::with_capacity(256);
    let quoted = |out: &mut Out, s: &str, defuse: bool| {
        out.push('"');
        if defuse {
            out.push('\'');
        }
        for c in s.chars() {
            match c {
                '"' => out.push_str("\"\""),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            }
        }
        out.push('"');
    };
    for (i, c) in r.columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        quoted(&mut out, c.name, false);
    }
    out.push('\n');
    for row in &r.rows {
        for (i, cell) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // The secret is never changed: it is data for a program, and a
            // quote in front would make it another secret.
            let defuse = formulas_defused && r.columns[i].name != "secret";
            match &cell.value {
                Value::Text(s) => quoted(&mut out, s, defuse && starts_a_formula(s)),
                Value::Null => out.push_str("\"\""),
                other => python_str(&mut out, other),
            }
        }
        out.push('\n');
    }
    out.finish()
}

/// cliff's shell formatter: `PREFIXname="value"` with the column name lower
/// cased and ` `, `:`, `-` made `_`. cliff escapes only `"`; we also escape
/// `\`, `$` and `` ` `` so that `eval` gives back exactly the value (a
/// secret may hold any of them); values without them print as cliff does.
pub fn shell(r: &Records, prefix: &str) -> Zeroizing<String> {
    let mut out = Out::with_capacity(256);
    for row in &r.rows {
        for (col, cell) in r.columns.iter().zip(row) {
            let name = normalize(col.name).replace([':', '-'], "_");
            out.push_str(prefix);
            out.push_str(&name);
            out.push_str("=\"");
            let mut text = Out::with_capacity(64);
            python_str(&mut text, &cell.value);
            for c in text.finish().chars() {
                if matches!(c, '"' | '\\' | '$' | '`') {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push_str("\"\n");
        }
    }
    out.finish()
}

/// cliff's yaml formatter: a single record one `key: value` line per field
/// in order; a list a sequence of mappings with sorted keys (PyYAML's
/// `safe_dump` default).
pub fn yaml(r: &Records) -> Zeroizing<String> {
    let mut out = Out::with_capacity(256);
    if r.single {
        for row in &r.rows {
            for (col, cell) in r.columns.iter().zip(row) {
                yaml_string(&mut out, col.name);
                out.push(':');
                yaml_value(&mut out, &cell.value);
                out.push('\n');
            }
        }
        return out.finish();
    }
    if r.rows.is_empty() {
        out.push_str("[]\n");
        return out.finish();
    }
    let mut order: Vec<usize> = (0..r.columns.len()).collect();
    order.sort_by_key(|&i| r.columns[i].name);
    for row in &r.rows {
        for (n, &i) in order.iter().enumerate() {
            out.push_str(if n == 0 { "- " } else { "  " });
            yaml_string(&mut out, r.columns[i].name);
            out.push(':');
            yaml_value(&mut out, &row[i].value);
            out.push('\n');
        }
        if order.is_empty() {
            out.push_str("- {}\n");
        }
    }
    out.finish()
}

fn yaml_value(out: &mut Out, v: &Value) {
    out.push(' ');
    match v {
        Value::Text(s) => yaml_string(out, s),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

/// cliff's json formatter (indent 2): an object for one record, a list of
/// objects otherwise, keyed by the column names.
pub fn json(r: &Records) -> Zeroizing<String> {
    let mut out = Out::with_capacity(256);
    let object = |out: &mut Out, row: &[super::records::Cell], indent: &str| {
        out.push('{');
        for (n, (col, cell)) in r.columns.iter().zip(row).enumerate() {
            out.push_str(if n == 0 { "\n" } else { ",\n" });
            out.push_str(indent);
            out.push_str("  ");
            json_string(out, col.name);
            out.push_str(": ");
            match &cell.value {
                Value::Text(s) => json_string(out, s),
                Value::Int(i) => {
                    let _ = write!(out, "{i}");
                }
                Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                Value::Null => out.push_str("null"),
            }
        }
        out.push('\n');
        out.push_str(indent);
        out.push('}');
    };
    if r.single {
        if let Some(row) = r.rows.first() {
            object(&mut out, row, "");
        }
    } else if r.rows.is_empty() {
        out.push_str("[]");
    } else {
        out.push_str("[\n");
        for (n, row) in r.rows.iter().enumerate() {
            if n > 0 {
                out.push_str(",\n");
            }
            out.push_str("  ");
            object(&mut out, row, "  ");
        }
        out.push_str("\n]");
    }
    out.push('\n');
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::super::records::{Cell, Column};
    use super::*;

    const SECRET: &str = "a\"b\\c$d'e #f;g";

    fn list() -> Records {
        let mut r = Records::list(vec![
            Column::new("ID"),
            Column::new("Name"),
            Column::new("Expires At"),
            Column::new("Access rules"),
            Column::new("Unrestricted"),
        ]);
        r.push(vec![
            Cell::text("4e20"),
            Cell::text(SECRET),
            Cell::opt(None::<String>),
            Cell::from_value(Value::Int(2)),
            Cell::from_value(Value::Bool(false)),
        ]);
        r
    }

    #[test]
    fn value_and_csv_as_cliff_writes_them() {
        assert_eq!(&*value(&list()), &format!("4e20 {SECRET} None 2 False\n"));
        // Python: csv.writer(QUOTE_NONNUMERIC, escapechar='\\').writerow(...)
        assert_eq!(
            &*csv(&list(), true),
            "\"ID\",\"Name\",\"Expires At\",\"Access rules\",\"Unrestricted\"\n\
             \"4e20\",\"a\"\"b\\\\c$d'e #f;g\",\"\",2,False\n"
        );
        let one = Records::one(vec![("id", Cell::text("x")), ("secret", Cell::text("s"))]);
        assert_eq!(&*value(&one), "x\ns\n");
    }

    #[test]
    fn csv_defuses_formulas_but_keeps_numbers_and_the_secret() {
        let mut r = Records::list(vec![
            Column::new("Name"),
            Column::new("Access rules"),
            Column::new("secret"),
        ]);
        for name in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "@SUM(1)",
            "-2",
            "\tx",
            "ok",
        ] {
            r.push(vec![
                Cell::text(name),
                Cell::from_value(Value::Int(-2)),
                Cell::text("=secret"),
            ]);
        }
        let text = csv(&r, true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[1],
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-2,\"=secret\""
        );
        assert_eq!(lines[2], "\"'+1+1\",-2,\"=secret\"");
        assert_eq!(lines[3], "\"'@SUM(1)\",-2,\"=secret\"");
        assert_eq!(lines[4], "\"'-2\",-2,\"=secret\"");
        assert_eq!(lines[5], "\"'\tx\",-2,\"=secret\"");
        assert_eq!(lines[6], "\"ok\",-2,\"=secret\"");
        let raw = csv(&r, false);
        assert!(
            raw.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("\"=HYPER"))
        );
    }

    #[test]
    fn shell_output_reads_back_in_sh() {
        let one = Records::one(vec![
            ("Expires At", Cell::text("never")),
            ("secret", Cell::text(SECRET)),
        ]);
        let text = shell(&one, "ac_");
        assert_eq!(
            &*text,
            "ac_expires_at=\"never\"\nac_secret=\"a\\\"b\\\\c\\$d'e #f;g\"\n"
        );
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("{}printf %s \"$ac_secret\"", &*text))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), SECRET);
    }

    #[test]
    fn yaml_and_json_parse_back() {
        let y: serde_yaml::Value = serde_yaml::from_str(&yaml(&list())).unwrap();
        assert_eq!(y[0]["Name"].as_str(), Some(SECRET));
        assert!(y[0]["Expires At"].is_null());
        assert_eq!(y[0]["Access rules"].as_i64(), Some(2));
        let text = yaml(&list());
        assert!(
            text.starts_with("- \"Access rules\": 2\n  \"Expires At\": null\n  ID: "),
            "{}",
            &*text
        );
        let j: serde_json::Value = serde_json::from_str(&json(&list())).unwrap();
        assert_eq!(j[0]["Name"], SECRET);
        assert_eq!(j[0]["Unrestricted"], false);
        let empty = Records::list(vec![Column::new("ID")]);
        assert_eq!(&*json(&empty), "[]\n");
        assert_eq!(&*yaml(&empty), "[]\n");
    }
}
