//! The export table's own rules: each row's names, key, config name, file
//! name and extensions are its own, and a format finds its row. The front
//! ends' side (command line, key table, config, secret screen) is checked
//! in `cli/format_arg_tests.rs` and `outputs_tests.rs`.

use std::collections::HashSet;

use super::*;

/// Asserts `column` has no value twice across the rows.
fn unique<T: std::hash::Hash + Eq + std::fmt::Debug>(what: &str, column: impl Fn(&Output) -> T) {
    let mut seen = HashSet::new();
    for o in OUTPUTS {
        let value = column(o);
        assert!(!format!("{value:?}").is_empty(), "{}: empty {what}", o.name);
        assert!(
            seen.insert(format!("{value:?}")),
            "{what} {value:?} is used twice"
        );
    }
}

#[test]
fn every_row_has_its_own_names_key_and_file() {
    unique("command-line name", |o| o.name);
    unique("config name", |o| o.screen.action);
    unique("secret screen key", |o| o.screen.key);
    unique("file name", |o| o.file_name);
    unique("description", |o| o.description);
    unique("hint", |o| o.screen.hint);
    let mut extensions = HashSet::new();
    for o in OUTPUTS {
        for e in o.extensions {
            assert!(extensions.insert(*e), "extension .{e} picks two formats");
        }
    }
}

#[test]
fn names_are_what_people_type() {
    for o in OUTPUTS {
        let typed = |s: &str, extra: char| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == extra)
        };
        assert!(typed(o.name, '-'), "command-line name {:?}", o.name);
        assert!(
            typed(o.screen.action, '_'),
            "config name {:?}",
            o.screen.action
        );
        assert!(
            o.screen.action.starts_with("export_"),
            "{}",
            o.screen.action
        );
        assert!(!o.description.contains('\n') && !o.screen.prompt.is_empty());
    }
}

#[test]
fn file_names_carry_the_credential_name_unless_merged_into() {
    for o in OUTPUTS {
        assert_eq!(
            o.file_name.contains("{name}"),
            !o.merges,
            "{}: {}",
            o.name,
            o.file_name
        );
        assert_eq!(o.kind, OutputKind::File, "{}", o.name);
    }
}

#[test]
fn a_format_finds_its_row_by_name_and_extension() {
    assert_eq!(ExportFormat::ALL.len(), OUTPUTS.len());
    for (format, o) in ExportFormat::ALL.into_iter().zip(OUTPUTS) {
        assert_eq!(format.output().name, o.name);
        assert_eq!(ExportFormat::from_name(o.name), Some(format));
        for e in o.extensions {
            assert_eq!(ExportFormat::from_extension(e), Some(format));
        }
    }
    assert_eq!(ExportFormat::from_name("table"), None);
    assert_eq!(ExportFormat::from_extension("txt"), None);
    // "a, b or c" and "a|b|c", every name once, in the table's order.
    let names: Vec<&str> = OUTPUTS.iter().map(|o| o.name).collect();
    assert_eq!(names_joined("|"), names.join("|"));
    let sentence = names_or();
    if let Some((last, rest)) = names.split_last() {
        assert_eq!(sentence, format!("{} or {last}", rest.join(", ")));
    }
}

#[test]
fn every_row_renders() {
    let data = super::super::fault_tests::data("prod-ci");
    for o in OUTPUTS {
        assert!(
            !crate::export::render(o.format, &data).is_empty(),
            "{}",
            o.name
        );
    }
}
