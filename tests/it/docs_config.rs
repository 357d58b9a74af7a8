//! assets/config.example.toml and docs/configuration.md tell the truth: the
//! example, every setting uncommented, gives exactly the defaults; the doc
//! names every setting and its default.

use std::path::Path;

use appcred::keys;
use appcred::settings::{Colours, Settings, all_contexts};

fn read(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {file}: {e}"))
}

/// The example with its settings switched on: "# x" lines lose the "# ";
/// "## " notes stay comments.
fn uncommented_example() -> String {
    read("assets/config.example.toml")
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(setting) if !l.starts_with("##") => setting,
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_example_as_it_is_parses_to_the_defaults() {
    let text = read("assets/config.example.toml");
    let parsed = Settings::parse(&text, Path::new("config.example.toml"), None);
    assert_eq!(parsed.ok(), Some(Settings::default()));
}

#[test]
fn the_example_uncommented_gives_the_defaults() {
    let text = uncommented_example();
    let parsed = Settings::parse(&text, Path::new("config.example.toml"), None);
    let s =
        parsed.unwrap_or_else(|e| panic!("the uncommented example does not parse: {e}\n{text}"));
    let defaults = Settings::default();
    assert_eq!(
        s.shared.expiry_warning_days,
        defaults.shared.expiry_warning_days
    );
    assert_eq!(
        s.shared.clipboard_clear_seconds,
        defaults.shared.clipboard_clear_seconds
    );
    assert_eq!(s.shared.export_dir, defaults.shared.export_dir);
    assert_eq!(s.colours, defaults.colours);
    // Every binding is spelled out, and spelled as the default; the export
    // keys (one per format) are listed in docs/exports.md instead, which is
    // generated from the export table (docs_cli::exports_doc_*), so a new
    // format leaves this example alone.
    for context in all_contexts() {
        for b in keys::bindings(context) {
            if matches!(b.action, keys::Action::Export(_)) {
                continue;
            }
            let configured = s.keys.keys(context, b.action);
            assert_eq!(configured, Some(b.keys), "{context:?} {:?}", b.action);
        }
        let effective = s.keys.bindings(context);
        let defaults = defaults.keys.bindings(context);
        assert_eq!(effective, defaults, "{context:?}");
    }
}

#[test]
fn the_example_shows_every_colour_and_setting() {
    let text = uncommented_example();
    for name in Colours::NAMES {
        assert!(
            text.lines().any(|l| l.starts_with(&format!("{name} = "))),
            "no {name}"
        );
    }
    for setting in [
        "expiry_warning_days = 14",
        "clipboard_clear_seconds = 30",
        "export_dir = ",
    ] {
        assert!(text.contains(setting), "the example lacks {setting}");
    }
}

#[test]
fn the_doc_names_every_setting_with_its_default() {
    let doc = read("docs/configuration.md");
    let defaults = Settings::default();
    let rows = [
        (
            "`expiry_warning_days`".to_string(),
            format!("`{}`", defaults.shared.expiry_warning_days),
        ),
        (
            "`clipboard_clear_seconds`".to_string(),
            format!("`{}`", defaults.shared.clipboard_clear_seconds),
        ),
        ("`export_dir`".to_string(), "none".to_string()),
        ("`default_store`".to_string(), "none".to_string()),
        ("`[recipients]`".to_string(), "empty".to_string()),
        ("`[stores]`".to_string(), "empty".to_string()),
    ];
    for (name, default) in rows {
        let line = doc.lines().find(|l| l.starts_with(&format!("| {name}")));
        assert!(
            line.is_some_and(|l| l.contains(&default)),
            "docs/configuration.md: {name} with {default}"
        );
    }
    for name in Colours::NAMES {
        let value = defaults
            .colours
            .get(name)
            .map(|c| format!("`\"{}\"`", colour_word(c)));
        let line = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `colours.{name}`")));
        assert!(
            line.zip(value.as_ref())
                .is_some_and(|(l, v)| l.contains(v.as_str())),
            "docs/configuration.md: colours.{name} with {value:?}"
        );
    }
    for screen in appcred::settings::Screen::all() {
        assert!(
            doc.contains(&format!("`{}`", screen.name())),
            "{}",
            screen.name()
        );
    }
}

/// How the docs spell a default colour: ratatui's name, lowercase.
fn colour_word(c: ratatui::style::Color) -> String {
    format!("{c}").to_lowercase()
}
