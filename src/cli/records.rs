//! What a command prints, before it is formatted: named columns and rows of
//! cells, each cell with the machine value (`-f value|csv|shell|yaml|json`)
//! and, where people read something friendlier, the table's text. One
//! shape for every command, so `-f` and `-c` behave the same everywhere.

use zeroize::Zeroizing;

use super::error::{CliError, CliResult};

/// How a column gives way when the table must fit a width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never shortened (ids are already short in tables).
    Keep,
    /// Cut with an ellipsis, down to this many characters.
    Shrink(usize),
    /// Dropped first, in the order of the number (1 before 2).
    Drop(u8),
    /// Cut down to the minimum, then dropped (after every `Drop` column).
    ShrinkThenDrop(usize),
}

/// A column: its OpenStack-style name (what `-c` matches), the shorter
/// header a narrow table uses, and how it fits.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: &'static str,
    pub narrow: Option<&'static str>,
    pub fit: Fit,
}

impl Column {
    pub const fn new(name: &'static str) -> Column {
        Column {
            name,
            narrow: None,
            fit: Fit::Keep,
        }
    }
    pub const fn fit(self, fit: Fit) -> Column {
        Column { fit, ..self }
    }
    pub const fn narrow(self, header: &'static str) -> Column {
        Column {
            narrow: Some(header),
            ..self
        }
    }
}

/// A machine value, as the OpenStack CLI's formatters see them. Text is
/// zeroized on drop: `create` puts the secret in a cell.
#[derive(Clone)]
pub enum Value {
    Text(Zeroizing<String>),
    Int(i64),
    Bool(bool),
    /// Python's None: `None` in value/shell output, empty in csv, null in yaml/json.
    Null,
}

/// One cell: the machine value, and the table's text when that differs
/// (with a shorter form for a narrow table).
#[derive(Clone)]
pub struct Cell {
    pub value: Value,
    pub table: Option<String>,
    pub narrow: Option<String>,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell {
            value: Value::Text(Zeroizing::new(s.into())),
            table: None,
            narrow: None,
        }
    }
    /// A name from Keystone: the table marks one that mixes scripts
    /// (`crate::terminal_text::name`); machine formats keep it exact.
    pub fn name(s: impl Into<String>) -> Cell {
        let s: String = s.into();
        let table = crate::terminal_text::mixed_scripts(&s)
            .then(|| crate::terminal_text::name(&s).into_owned());
        Cell {
            value: Value::Text(Zeroizing::new(s)),
            table,
            narrow: None,
        }
    }
    pub fn opt(s: Option<impl Into<String>>) -> Cell {
        match s {
            Some(s) => Cell::text(s),
            None => Cell::from_value(Value::Null),
        }
    }
    pub fn from_value(value: Value) -> Cell {
        Cell {
            value,
            table: None,
            narrow: None,
        }
    }
    /// The text a table shows instead of the machine value.
    pub fn shown(self, table: impl Into<String>) -> Cell {
        Cell {
            table: Some(table.into()),
            ..self
        }
    }
    pub fn shown_narrow(self, narrow: impl Into<String>) -> Cell {
        Cell {
            narrow: Some(narrow.into()),
            ..self
        }
    }

    /// What a table prints (narrow: a bounded width applies).
    pub fn table_text(&self, narrow: bool) -> String {
        if narrow && let Some(n) = &self.narrow {
            return n.clone();
        }
        if let Some(t) = &self.table {
            return t.clone();
        }
        match &self.value {
            Value::Text(s) => s.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => python_bool(*b).to_string(),
            Value::Null => String::new(),
        }
    }
}

pub fn python_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

/// Records to print: many rows (a `list`), or one record (a `show`: the
/// table is then field/value, the value format one value a line).
pub struct Records {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    pub single: bool,
}

impl Records {
    pub fn list(columns: Vec<Column>) -> Records {
        Records {
            columns,
            rows: Vec::new(),
            single: false,
        }
    }

    /// One record from (field, cell) pairs.
    pub fn one(fields: Vec<(&'static str, Cell)>) -> Records {
        let (columns, row): (Vec<Column>, Vec<Cell>) = fields
            .into_iter()
            .map(|(name, cell)| (Column::new(name), cell))
            .unzip();
        Records {
            columns,
            rows: vec![row],
            single: true,
        }
    }

    /// The records with every text `terminal_text::visible`: for `-f value`
    /// and `-f shell` read by a person on a terminal, where a name's escape
    /// sequences would be obeyed. Into a pipe or a file the data stays exact.
    pub fn for_terminal(mut self) -> Records {
        for cell in self.rows.iter_mut().flatten() {
            if let Value::Text(text) = &mut cell.value {
                let escaped = match crate::terminal_text::visible(text) {
                    std::borrow::Cow::Owned(escaped) => Some(escaped),
                    std::borrow::Cow::Borrowed(_) => None,
                };
                if let Some(escaped) = escaped {
                    *text = Zeroizing::new(escaped);
                }
            }
        }
        self
    }

    /// One more field at the end of a single record.
    pub fn add_field(&mut self, name: &'static str, cell: Cell) {
        debug_assert!(self.single && self.rows.len() == 1);
        self.columns.push(Column::new(name));
        if let Some(row) = self.rows.first_mut() {
            row.push(cell);
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
    }

    /// Keeps only the columns `-c` asks for, in the records' own order, as
    /// the OpenStack CLI (cliff) does: names match lower-cased with spaces
    /// as underscores (`-c "Expires At"`, `-c expires_at`, `-c ID`, `-c id`).
    /// Unknown names are ignored when at least one matches (and said on
    /// stderr); none matching is a usage error listing the columns.
    pub fn select(self, wanted: &[String]) -> CliResult<Records> {
        if wanted.is_empty() {
            return Ok(self);
        }
        let want: Vec<String> = wanted.iter().map(|w| normalize(w)).collect();
        let keep: Vec<bool> = self
            .columns
            .iter()
            .map(|c| want.contains(&normalize(c.name)))
            .collect();
        if !keep.contains(&true) {
            let names: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
            return Err(CliError::usage(format!(
                "no recognized column names in {wanted:?}; the columns are: {}",
                names.join(", ")
            ))
            .with_hint("column names match case-insensitively, e.g. -c id -c \"Expires At\""));
        }
        for (w, n) in wanted.iter().zip(&want) {
            if !self.columns.iter().any(|c| normalize(c.name) == *n) {
                super::note::note(&format!("(no column {w:?}; ignored)"));
            }
        }
        fn pick<T>(v: Vec<T>, keep: &[bool]) -> Vec<T> {
            v.into_iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(x, _)| x)
                .collect()
        }
        Ok(Records {
            columns: pick(self.columns, &keep),
            rows: self.rows.into_iter().map(|r| pick(r, &keep)).collect(),
            single: self.single,
        })
    }
}

/// cliff's `_normalize_column_name`: lower case, trimmed, spaces as `_`.
pub fn normalize(name: &str) -> String {
    name.trim().to_lowercase().replace(' ', "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Records {
        let mut r = Records::list(vec![
            Column::new("ID"),
            Column::new("Name"),
            Column::new("Expires At"),
        ]);
        r.push(vec![
            Cell::text("id1"),
            Cell::text("ci"),
            Cell::opt(None::<String>),
        ]);
        r
    }

    #[test]
    fn columns_match_like_the_openstack_cli() {
        for (asked, expect) in [
            (vec!["id"], vec!["ID"]),
            (vec!["ID"], vec!["ID"]),
            (vec!["expires_at", "name"], vec!["Name", "Expires At"]),
            (vec!["Expires At"], vec!["Expires At"]),
            (vec!["nope", "name"], vec!["Name"]),
        ] {
            let asked: Vec<String> = asked.iter().map(|s| s.to_string()).collect();
            let r = sample().select(&asked).map_err(|e| e.message).unwrap();
            let got: Vec<&str> = r.columns.iter().map(|c| c.name).collect();
            assert_eq!(got, expect, "{asked:?}");
            assert_eq!(r.rows[0].len(), expect.len());
        }
        let err = sample().select(&["nope".to_string()]).err().unwrap();
        assert_eq!(err.code, 2);
        assert!(
            err.message.contains("ID, Name, Expires At"),
            "{}",
            err.message
        );
    }
}
