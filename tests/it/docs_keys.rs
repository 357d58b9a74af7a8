//! The key tables in README.md, docs/configuration.md and
//! assets/config.example.toml are generated from the key table the TUI uses
//! (src/keys.rs), so they cannot drift from what the keys do. When
//! the key table changes, this test fails and shows the new block;
//! `APPCRED_UPDATE_DOCS=1 cargo test --test it docs_keys::` rewrites the blocks.

use std::path::Path;

use appcred::keys::{self, Action, Key, KeyContext, keys_label};
use appcred::settings::{Screen, action_name, format_key};

/// One row: the action, its default keys, what it does.
struct Row {
    action: Action,
    keys: Vec<Key>,
    description: &'static str,
}

fn rows_of(context: KeyContext) -> Vec<Row> {
    keys::bindings(context)
        .into_iter()
        .map(|b| Row {
            action: b.action,
            keys: b.keys.to_vec(),
            description: b.description,
        })
        .collect()
}

/// The rows a config section holds. `main` takes what the three panes share
/// (same action, keys and words); each pane keeps the rest.
fn section_rows(screen: Screen) -> Vec<Row> {
    let panes = Screen::Main.contexts();
    let shared = |row: &Row| {
        panes.iter().all(|ctx| {
            keys::bindings(*ctx).iter().any(|b| {
                b.action == row.action
                    && b.keys == row.keys.as_slice()
                    && b.description == row.description
            })
        })
    };
    match screen {
        Screen::Main => rows_of(panes[0])
            .into_iter()
            .filter(|r| shared(r))
            .collect(),
        s if panes.contains(&s.contexts()[0]) => rows_of(s.contexts()[0])
            .into_iter()
            .filter(|r| !shared(r))
            .collect(),
        s => rows_of(s.contexts()[0]),
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

fn readme_block() -> String {
    let mut out = String::new();
    for (screen, title) in titles() {
        out.push_str(&format!("\n**{title}** · `[keys.{}]`\n\n", screen.name()));
        out.push_str("| keys | action | what it does |\n|---|---|---|\n");
        for r in section_rows(screen) {
            let keys: Vec<String> = r
                .keys
                .iter()
                .map(|k| format!("`{}`", keys::key_label(k)))
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                keys.join(" "),
                action_name(r.action),
                r.description
            ));
        }
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

fn config_doc_block() -> String {
    let mut out = String::from("\n| setting | default | what it does |\n|---|---|---|\n");
    for (screen, _) in titles() {
        for r in section_rows(screen) {
            out.push_str(&format!(
                "| `keys.{}.{}` | `{}` | {} |\n",
                screen.name(),
                action_name(r.action),
                toml_keys(&r.keys),
                r.description
            ));
        }
    }
    out.push('\n');
    out
}

fn example_block() -> String {
    let mut out = String::new();
    for (screen, title) in titles() {
        let rows = section_rows(screen);
        if rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title}\n# [keys.{}]\n", screen.name()));
        for r in rows {
            let line = format!("{} = {}", action_name(r.action), toml_keys(&r.keys));
            out.push_str(&format!("# {line:<40}# {}\n", r.description));
        }
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
         APPCRED_UPDATE_DOCS=1 cargo test --test it docs_keys:: docs_cli::\nto regenerate it. \
         Expected:\n{want}"
    );
}

#[test]
fn readme_lists_every_key() {
    check_block(
        "README.md",
        "<!-- BEGIN keys -->",
        "<!-- END keys -->",
        &readme_block(),
    );
}

#[test]
fn configuration_doc_lists_every_key_default() {
    check_block(
        "docs/configuration.md",
        "<!-- BEGIN keys -->",
        "<!-- END keys -->",
        &config_doc_block(),
    );
}

#[test]
fn example_config_lists_every_key_default() {
    check_block(
        "assets/config.example.toml",
        "## BEGIN keys",
        "## END keys",
        &example_block(),
    );
}

#[test]
fn every_binding_is_in_some_section() {
    for context in appcred::settings::all_contexts() {
        for b in keys::bindings(context) {
            let covered = Screen::all().iter().any(|s| {
                s.contexts().contains(&context)
                    && section_rows(*s).iter().any(|r| r.action == b.action)
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
