//! The key tables in README.md, docs/configuration.md and
//! assets/config.example.toml are generated from the key table the TUI uses
//! (src/keys.rs), so they cannot drift from what the keys do. When
//! the key table changes, this test fails and shows the new block;
//! `APPCRED_UPDATE_DOCS=1 cargo test --features test-hooks --test it -- docs_keys::`
//! rewrites the blocks.
//!
//! The secret screen's export keys (one per export format) are the one
//! exception: the three tables give them one row pointing to
//! docs/exports.md, which `docs_cli` generates from the export table
//! (src/export/formats.rs) alone. So a new format changes that file and
//! none of these three (`export_rows_leave_the_key_tables_alone`).

use std::path::Path;

use appcred::keys::{self, Action, Key, KeyContext, keys_label};
use appcred::settings::{Screen, action_name, format_key};

/// One row: the action, its default keys, what it does; or the one row
/// that stands for every export format's key.
#[derive(Clone)]
enum Row {
    Key {
        action: Action,
        keys: Vec<Key>,
        description: &'static str,
    },
    Exports,
}

impl Row {
    /// A secret screen's export key (one per export format).
    fn is_export(&self) -> bool {
        matches!(
            self,
            Row::Key {
                action: Action::Export(_),
                ..
            }
        )
    }
}

/// Where the rows come from: the key table (`from_key_table`), or in the
/// tests the same with export rows added or taken away.
type Bindings = fn(KeyContext) -> Vec<Row>;

/// What the export keys' row says they do, in each file.
const EXPORTS_WHAT: &str = "export in that format (asks for a file)";

fn from_key_table(context: KeyContext) -> Vec<Row> {
    keys::bindings(context)
        .into_iter()
        .map(|b| Row::Key {
            action: b.action,
            keys: b.keys.to_vec(),
            description: b.description,
        })
        .collect()
}

/// A context's rows with its export keys folded into one [`Row::Exports`]
/// where the first of them stands.
fn rows_of(bindings: Bindings, context: KeyContext) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for row in bindings(context) {
        match row {
            Row::Key {
                action: Action::Export(_),
                ..
            }
            | Row::Exports => {
                if !out.iter().any(|r| matches!(r, Row::Exports)) {
                    out.push(Row::Exports);
                }
            }
            key => out.push(key),
        }
    }
    out
}

/// Whether two rows say the same (same action, keys and words).
fn same(a: &Row, b: &Row) -> bool {
    match (a, b) {
        (
            Row::Key {
                action: a,
                keys: ak,
                description: ad,
            },
            Row::Key {
                action: b,
                keys: bk,
                description: bd,
            },
        ) => a == b && ak == bk && ad == bd,
        (Row::Exports, Row::Exports) => true,
        _ => false,
    }
}

/// The rows a config section holds. `main` takes what the three panes share
/// (same action, keys and words); each pane keeps the rest.
fn section_rows(bindings: Bindings, screen: Screen) -> Vec<Row> {
    let panes = Screen::Main.contexts();
    let shared = |row: &Row| {
        panes
            .iter()
            .all(|ctx| rows_of(bindings, *ctx).iter().any(|r| same(r, row)))
    };
    match screen {
        Screen::Main => rows_of(bindings, panes[0])
            .into_iter()
            .filter(|r| shared(r))
            .collect(),
        s if panes.contains(&s.contexts()[0]) => rows_of(bindings, s.contexts()[0])
            .into_iter()
            .filter(|r| !shared(r))
            .collect(),
        s => rows_of(bindings, s.contexts()[0]),
    }
}

/// Every config section with its title: `main`, then each key context of
/// the one list (`KeyContext::ALL`: screens, wizard steps, panes, popups).
fn titles() -> Vec<(Screen, &'static str)> {
    Screen::all()
        .into_iter()
        .map(|s| match s {
            Screen::Main => (s, "Main view (any pane)"),
            Screen::Only(context) => (s, context.title()),
        })
        .collect()
}

/// A section's lines, one per row: `key` writes a binding's, `exports` is
/// the export keys' line.
fn section_lines(
    bindings: Bindings,
    screen: Screen,
    key: impl Fn(Action, &[Key], &str) -> String,
    exports: &str,
) -> String {
    let mut out = String::new();
    for r in section_rows(bindings, screen) {
        match r {
            Row::Key {
                action,
                keys,
                description,
            } => out.push_str(&key(action, &keys, description)),
            Row::Exports => out.push_str(exports),
        }
        out.push('\n');
    }
    out
}

fn readme_block(bindings: Bindings) -> String {
    let mut out = String::new();
    let exports = format!(
        "| [one per format](docs/exports.md) | `export_*` | {EXPORTS_WHAT}; \
         each format's key and action name: [docs/exports.md](docs/exports.md) |"
    );
    for (screen, title) in titles() {
        out.push_str(&format!("\n**{title}** · `[keys.{}]`\n\n", screen.name()));
        out.push_str("| keys | action | what it does |\n|---|---|---|\n");
        let line = |action, keys: &[Key], description: &str| {
            let keys: Vec<String> = keys
                .iter()
                .map(|k| format!("`{}`", keys::key_label(k)))
                .collect();
            format!(
                "| {} | {} | {description} |",
                keys.join(" "),
                action_name(action)
            )
        };
        out.push_str(&section_lines(bindings, screen, line, &exports));
    }
    out.push('\n');
    out
}

fn toml_keys(keys: &[Key]) -> String {
    let specs: Vec<String> = keys
        .iter()
        .map(|k| format!("{:?}", format_key(k)))
        .collect();
    format!("[{}]", specs.join(", "))
}

fn config_doc_block(bindings: Bindings) -> String {
    let mut out = String::from("\n| setting | default | what it does |\n|---|---|---|\n");
    for (screen, _) in titles() {
        let section = screen.name();
        let line = |action, keys: &[Key], description: &str| {
            format!(
                "| `keys.{section}.{}` | `{}` | {description} |",
                action_name(action),
                toml_keys(keys)
            )
        };
        let exports = format!(
            "| `keys.{section}.export_*` | [one per format](exports.md) | {EXPORTS_WHAT}; \
             each format's setting and default key: [exports.md](exports.md) |"
        );
        out.push_str(&section_lines(bindings, screen, line, &exports));
    }
    out.push('\n');
    out
}

fn example_block(bindings: Bindings) -> String {
    let mut out = String::new();
    let exports = "## export_* = [...]: one key per export format (it asks for a file);\n\
                   ## each format's setting and default key: docs/exports.md";
    for (screen, title) in titles() {
        let lines = section_lines(
            bindings,
            screen,
            |action, keys, description| {
                let setting = format!("{} = {}", action_name(action), toml_keys(keys));
                format!("# {setting:<40}# {description}")
            },
            exports,
        );
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title}\n# [keys.{}]\n", screen.name()));
        out.push_str(&lines);
    }
    out.push('\n');
    out
}

/// Compares (or with APPCRED_UPDATE_DOCS=1 rewrites) the text between the
/// BEGIN and END markers of `file` (also for docs_cli's export formats).
pub(crate) fn check_block(file: &str, begin: &str, end: &str, want: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {file}: {e}"));
    let (Some(start), Some(stop)) = (text.find(begin), text.find(end)) else {
        panic!("{file} lacks the markers {begin:?} ... {end:?}");
    };
    let start = start + begin.len();
    let have = &text[start..stop];
    if have == want {
        return;
    }
    if std::env::var_os("APPCRED_UPDATE_DOCS").is_some() {
        let updated = format!("{}{want}{}", &text[..start], &text[stop..]);
        std::fs::write(&path, updated).unwrap_or_else(|e| panic!("write {file}: {e}"));
        eprintln!("updated {file}");
        return;
    }
    panic!(
        "{file} is out of date with the table it shows (the key table, src/keys.rs, or the \
         export table, src/export/formats.rs). Run\n  \
         APPCRED_UPDATE_DOCS=1 cargo test --features test-hooks --test it -- docs_keys:: \
         docs_cli::exports_doc\nto regenerate it. \
         Expected:\n{want}"
    );
}

#[test]
fn readme_lists_every_key() {
    check_block(
        "README.md",
        "<!-- BEGIN keys -->",
        "<!-- END keys -->",
        &readme_block(from_key_table),
    );
}

#[test]
fn configuration_doc_lists_every_key_default() {
    check_block(
        "docs/configuration.md",
        "<!-- BEGIN keys -->",
        "<!-- END keys -->",
        &config_doc_block(from_key_table),
    );
}

#[test]
fn example_config_lists_every_key_default() {
    check_block(
        "assets/config.example.toml",
        "## BEGIN keys",
        "## END keys",
        &example_block(from_key_table),
    );
}

#[test]
fn every_binding_is_in_some_section() {
    for context in appcred::settings::all_contexts() {
        for b in keys::bindings(context) {
            let covered = Screen::all().iter().any(|s| {
                s.contexts().contains(&context)
                    && section_rows(from_key_table, *s).iter().any(|r| match r {
                        Row::Key { action, .. } => *action == b.action,
                        // docs/exports.md has them (docs_cli checks it).
                        Row::Exports => matches!(b.action, Action::Export(_)),
                    })
            });
            assert!(
                covered,
                "{context:?} {:?} ({}) is in no section",
                b.action,
                keys_label(b)
            );
        }
    }
}

/// The key table with one more export row (a format added) on every
/// context that has export keys.
fn with_a_new_format(context: KeyContext) -> Vec<Row> {
    let mut rows = from_key_table(context);
    let exports = rows.iter().position(|r| r.is_export());
    if let Some(at) = exports {
        let dummy = Row::Key {
            action: Action::Export(appcred::export::ExportFormat::Json),
            keys: vec![Key {
                code: crossterm::event::KeyCode::Char('z'),
                modifiers: crossterm::event::KeyModifiers::NONE,
            }],
            description: "export a dummy format",
        };
        rows.insert(at + 1, dummy);
    }
    rows
}

/// The key table with its last export row taken away (a format removed).
fn with_a_format_removed(context: KeyContext) -> Vec<Row> {
    let mut rows = from_key_table(context);
    let last = rows.iter().rposition(|r| r.is_export());
    if let Some(at) = last {
        rows.remove(at);
    }
    rows
}

/// Adding (or removing) an export format changes none of the three files
/// these blocks live in: their text does not depend on the export rows.
#[test]
fn export_rows_leave_the_key_tables_alone() {
    let reveal = from_key_table(KeyContext::Reveal);
    let exports = reveal.iter().filter(|r| r.is_export()).count();
    assert_eq!(exports, appcred::export::OUTPUTS.len(), "the reveal keys");
    let cases: [(&str, Bindings, usize); 2] = [
        ("a format added", with_a_new_format, exports + 1),
        ("a format removed", with_a_format_removed, exports - 1),
    ];
    for (what, changed, rows) in cases {
        let reveal_exports = changed(KeyContext::Reveal)
            .iter()
            .filter(|r| r.is_export())
            .count();
        assert_eq!(reveal_exports, rows, "{what}: the export rows");
        let same_text = [
            (
                "README.md",
                readme_block(changed) == readme_block(from_key_table),
            ),
            (
                "docs/configuration.md",
                config_doc_block(changed) == config_doc_block(from_key_table),
            ),
            (
                "assets/config.example.toml",
                example_block(changed) == example_block(from_key_table),
            ),
        ];
        for (file, same) in same_text {
            assert!(same, "{file} changes with {what}");
        }
    }
}
