use super::*;

/// This crate's src/, or for the figures of another tree (an older
/// commit, unpacked with `git archive`), the folder `LAYERS_SRC` names.
fn tree() -> Vec<SourceFile> {
    let src = std::env::var_os("LAYERS_SRC")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    read_tree(&src).expect("src/ reads")
}

fn planted(files: &[(&str, &str)]) -> Vec<SourceFile> {
    let owned: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    from_sources(&owned)
}

#[test]
fn the_source_tree_keeps_the_layer_rules() {
    let files = tree();
    assert!(files.len() > 100, "the checker read the tree");
    let broken = violations(&files);
    assert!(
        broken.is_empty(),
        "layer rules broken:\n{}",
        broken.join("\n")
    );
}

/// `cargo test --lib layers::tests::figures -- --nocapture` prints them;
/// with `LAYERS_SRC=/tmp/old/src` those of another tree.
#[test]
fn figures() {
    println!("{}", super::figures(&tree()));
}

#[test]
fn a_workflow_naming_the_tui_is_caught() {
    let files = planted(&[
        ("lib.rs", "pub mod export; pub mod tui;"),
        ("export/mod.rs", "use crate::tui::theme::Palette;"),
        ("tui/mod.rs", "pub mod theme;"),
        ("tui/theme.rs", ""),
    ]);
    let broken = violations(&files);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("export/mod.rs"), "{broken:?}");
}

#[test]
fn the_front_ends_naming_each_other_are_caught() {
    let files = planted(&[
        ("cli/mod.rs", "fn f() { crate::tui::run(); }"),
        ("tui/mod.rs", "use crate::cli::{self, output::note};"),
        ("cli/output.rs", ""),
    ]);
    assert_eq!(violations(&files).len(), 3, "{:?}", violations(&files));
}

#[test]
fn a_screen_calling_the_router_is_caught_even_through_super() {
    let files = planted(&[
        ("tui/mod.rs", ""),
        ("tui/update/mod.rs", "pub fn quit() {}"),
        (
            "tui/screens/main/keys.rs",
            "fn f() { super::super::super::update::quit(); }",
        ),
    ]);
    let broken = violations(&files);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("names the router"), "{broken:?}");
}

#[test]
fn a_cycle_between_tui_folders_is_caught_and_tests_are_not_counted() {
    let files = planted(&[
        ("tui/mod.rs", "#[cfg(test)]\nmod testing;"),
        ("tui/model/mod.rs", "use crate::tui::widgets::pane;"),
        (
            "tui/widgets/mod.rs",
            "fn f(m: &crate::tui::model::Model) {}",
        ),
        ("tui/testing.rs", "use crate::tui::update::update;"),
        ("tui/update/mod.rs", "use crate::tui::testing::fixture;"),
    ]);
    let broken = violations(&files);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("tui/model, tui/widgets"), "{broken:?}");
}

#[test]
fn comments_strings_and_test_blocks_are_not_code() {
    let files = planted(&[
        ("tui/mod.rs", ""),
        ("tui/update/mod.rs", ""),
        (
            "tui/screens/x/view.rs",
            "// crate::tui::update\n/* crate::tui::update */\n\
             const S: &str = \"crate::tui::update\";\nconst R: &str = r#\"crate::tui::update\"#;\n\
             fn f<'a>(c: char) -> bool { c == '\"' }\n\
             #[cfg(test)]\nmod tests { use crate::tui::update::update; }",
        ),
    ]);
    assert!(violations(&files).is_empty(), "{:?}", violations(&files));
}

#[test]
fn use_trees_resolve_to_the_files_named() {
    let files = planted(&[
        ("lib.rs", ""),
        ("keys.rs", ""),
        ("keys/table.rs", ""),
        ("tui/mod.rs", ""),
        ("tui/model/mod.rs", ""),
        (
            "tui/app.rs",
            "use crate::{keys::{self, table::Row as R}, tui::model::{Model, Screen}};",
        ),
    ]);
    let app = files.iter().find(|f| f.path == "tui/app.rs").expect("app");
    let names: Vec<&str> = app.names.iter().map(String::as_str).collect();
    assert_eq!(names, ["keys.rs", "keys/table.rs", "tui/model/mod.rs"]);
}

/// `cargo test --lib layers::tests::tui_arrows -- --nocapture --ignored`:
/// every arrow between the folders of src/tui, with the files behind it.
#[test]
#[ignore = "prints the arrows; run by hand"]
fn tui_arrows() {
    let files = tree();
    for file in files.iter().filter(|f| !f.test_only) {
        let Some(from) = tui_node(&file.path) else {
            continue;
        };
        for target in &file.names {
            if let Some(to) = tui_node(target)
                && to != from
            {
                println!("{from} -> {to}   ({} -> {target})", file.path);
            }
        }
    }
}

#[test]
fn paths_to_child_modules_count_too() {
    let files = planted(&[
        ("tui/mod.rs", ""),
        ("tui/model/mod.rs", "pub use crate::tui::popups::Overlay;"),
        (
            "tui/popups/mod.rs",
            "pub enum Overlay { Delete(delete::DeleteState) }",
        ),
        ("tui/popups/delete.rs", "use crate::tui::model::Model;"),
    ]);
    let popups = files
        .iter()
        .find(|f| f.path == "tui/popups/mod.rs")
        .expect("popups");
    assert!(
        popups.names.contains("tui/popups/delete.rs"),
        "{:?}",
        popups.names
    );
    let broken = violations(&files);
    assert!(
        broken
            .iter()
            .any(|b| b.contains("folders of src/tui: tui/model, tui/popups, tui/popups/delete")),
        "{broken:?}"
    );
}
