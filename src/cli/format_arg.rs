//! `-f/--format`: the record formats every listing command prints, the
//! export formats of `appcred export` (the export table,
//! `crate::export::OUTPUTS`, names them) and `list`'s prometheus. The
//! values, their order in `--help` and the texts that list the export
//! formats all come from here and the table.

use clap::ValueEnum;
use clap::builder::PossibleValue;

use crate::export::{self, ExportFormat, OUTPUTS};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Yaml,
    Value,
    Csv,
    Shell,
    /// An export format, for `appcred export` only (json is [`Format::Json`]:
    /// records and export share the name).
    Export(ExportFormat),
    /// `list`: the node_exporter textfile-collector format
    Prometheus,
}

/// The formats of records, in `--help`'s order.
const RECORDS: [Format; 6] = [
    Format::Table,
    Format::Json,
    Format::Yaml,
    Format::Value,
    Format::Csv,
    Format::Shell,
];

/// Every value of `-f`: the record formats, the export formats whose name
/// is not a record format's, then prometheus.
static ALL: std::sync::LazyLock<Vec<Format>> = std::sync::LazyLock::new(|| {
    let records = RECORDS.iter().copied();
    let exports = OUTPUTS
        .iter()
        .filter(|o| !RECORDS.iter().any(|r| r.record_name() == Some(o.name)))
        .map(|o| Format::Export(o.format));
    records.chain(exports).chain([Format::Prometheus]).collect()
});

impl Format {
    fn record_name(self) -> Option<&'static str> {
        Some(match self {
            Format::Table => "table",
            Format::Json => "json",
            Format::Yaml => "yaml",
            Format::Value => "value",
            Format::Csv => "csv",
            Format::Shell => "shell",
            Format::Export(_) | Format::Prometheus => return None,
        })
    }

    /// The name typed after `-f`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Export(f) => f.name(),
            Format::Prometheus => "prometheus",
            other => other.record_name().unwrap_or_default(),
        }
    }

    /// The export format this `-f` asks `appcred export` for (json too).
    pub fn export(self) -> Option<ExportFormat> {
        ExportFormat::from_name(self.name())
    }

    /// An export format no other command prints (not json).
    pub fn export_only(self) -> bool {
        matches!(self, Format::Export(_))
    }
}

impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let value = PossibleValue::new(self.name());
        Some(match self {
            Format::Prometheus => value.help("`list`: the node_exporter textfile-collector format"),
            _ => value,
        })
    }
}

/// `-f`'s help: every format, with the export table's names.
pub fn format_help() -> String {
    format!(
        "Output format: table, json, yaml, value, csv or shell (export: {}; list: prometheus)",
        export::names_or()
    )
}

/// `--export`'s help on create and rotate.
pub fn export_help() -> String {
    format!("Also write the new credential as {}", export::names_or())
}

/// `appcred export`'s summary line.
pub fn export_about() -> String {
    format!(
        "Write an {} for a credential (secret from stdin)",
        export::nouns_or()
    )
}

/// `appcred export` without an export format.
pub fn export_needs_format() -> String {
    format!("export needs --format {}", export::names_or())
}

#[cfg(test)]
#[path = "format_arg_tests.rs"]
mod tests;
