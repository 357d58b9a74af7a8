//! The layer rules, checked on the source tree in the normal test run
//! (`cargo test --lib layers`): see docs/architecture.md for the picture.
//!
//! - the workflows and what they stand on (keystone, config, export,
//!   rotation, audit, fleet, settings, held, store) never name `crate::tui`;
//! - the two front ends never name each other (`tui` <-> `cli`);
//! - no screen (src/tui/screens/**) names the router, `tui::update`;
//! - the folders of src/tui form no cycle (so no two files in different
//!   folders do either; a module's mod.rs and its children may name each
//!   other: one module).
//!
//! The graph is read from the paths the code names (`use crate::…`,
//! `crate::…::f(..)`, `super::…`), resolved to the files defining those
//! modules. Test code (`tests.rs`, `*_tests.rs`, `tests/`, `testing.rs`
//! and whatever `#[cfg(test)]` marks) is left out: a test sits above every
//! layer and may drive the whole program.
//!
//! The figures: `cargo test --lib layers::tests::figures -- --nocapture`
//! (`LAYERS_SRC=<dir>` for another tree, e.g. an older commit unpacked by
//! `git archive <commit> src | tar -x -C <dir>/..`).

#![cfg(test)]

mod graph;
mod lexer;
mod paths;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

pub use graph::{SourceFile, arrows, arrows_in_cycles, cycles, from_sources, read_tree};

/// The modules below the front ends: none of them may name `crate::tui`.
const BELOW_THE_FRONT_ENDS: [&str; 10] = [
    "keystone", "config", "export", "rotation", "audit", "fleet", "settings", "held", "store",
    "handoff",
];

/// The top-level module of a file (`keystone` for keystone/http.rs and for
/// keys.rs's sibling folder keys/), none for lib.rs.
pub fn top_node(path: &str) -> Option<String> {
    let first = path.split('/').next()?;
    let name = first.trim_end_matches(".rs");
    (name != "lib").then(|| name.to_string())
}

/// The folder of src/tui a file belongs to. Files right in src/tui (app.rs,
/// msg.rs, …) are nodes of their own. So are the files the contract puts
/// above the model while the rest of their folder is below it (the model
/// holds that folder's state): a screen's `host.rs` (src/tui/screens/
/// README.md) and each popup's file (keys and drawing on the model) beside
/// `popups/state.rs`.
pub fn tui_node(path: &str) -> Option<String> {
    let rest = path.strip_prefix("tui/")?;
    let parts: Vec<&str> = rest.split('/').collect();
    Some(match parts.as_slice() {
        ["mod.rs"] => "tui".to_string(),
        [file] => format!("tui/{}", file.trim_end_matches(".rs")),
        ["screens", screen, "host.rs"] => format!("tui/screens/{screen}/host"),
        ["popups", "mod.rs" | "state.rs"] => "tui/popups".to_string(),
        ["popups", file] => format!("tui/popups/{}", file.trim_end_matches(".rs")),
        ["screens", screen, ..] if parts.len() > 2 => format!("tui/screens/{screen}"),
        [folder, ..] if *folder != "screens" => format!("tui/{folder}"),
        _ => "tui/screens".to_string(),
    })
}

/// Each broken rule, said in a sentence naming the files.
pub fn violations(files: &[SourceFile]) -> Vec<String> {
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.test_only) {
        let top = top_node(&file.path).unwrap_or_default();
        for target in &file.names {
            let target_top = top_node(target).unwrap_or_default();
            if BELOW_THE_FRONT_ENDS.contains(&top.as_str()) && target_top == "tui" {
                found.push(format!(
                    "{} (below the front ends) names {target}",
                    file.path
                ));
            }
            let front_ends = [top.as_str(), target_top.as_str()];
            if front_ends == ["tui", "cli"] || front_ends == ["cli", "tui"] {
                found.push(format!("{} names the other front end: {target}", file.path));
            }
            if file.path.starts_with("tui/screens/") && target.starts_with("tui/update/") {
                found.push(format!(
                    "{} (a screen) names the router {target}",
                    file.path
                ));
            }
        }
    }
    for part in cycles(&arrows(files, tui_node)) {
        found.push(format!(
            "a cycle between the folders of src/tui: {}",
            part.join(", ")
        ));
    }
    found
}

/// The figures the issue measured, as text.
pub fn figures(files: &[SourceFile]) -> String {
    let mut out = String::new();
    let mut describe = |title: &str, graph: &BTreeMap<String, BTreeSet<String>>| {
        let count: usize = graph.values().map(BTreeSet::len).sum();
        let nodes: BTreeSet<&String> = graph.keys().chain(graph.values().flatten()).collect();
        let parts = cycles(graph);
        let in_cycles = arrows_in_cycles(graph);
        out.push_str(&format!(
            "{title}: {} nodes, {count} arrows, {} cycles, {} arrows inside cycles\n",
            nodes.len(),
            parts.len(),
            in_cycles.len()
        ));
        for part in parts {
            out.push_str(&format!("  cycle ({}): {}\n", part.len(), part.join(", ")));
        }
    };
    describe("top-level modules", &arrows(files, top_node));
    let tui = arrows(files, tui_node);
    describe("src/tui folders", &tui);
    describe(
        "src/tui files",
        &arrows(files, |p| p.starts_with("tui/").then(|| p.to_string())),
    );
    describe("all files of src", &arrows(files, |p| Some(p.to_string())));
    let into_router: Vec<String> = files
        .iter()
        .filter(|f| !f.test_only && f.path.starts_with("tui/screens/"))
        .flat_map(|f| {
            f.names
                .iter()
                .filter(|t| t.starts_with("tui/update/"))
                .map(move |t| format!("{} -> {t}", f.path))
        })
        .collect();
    out.push_str(&format!(
        "arrows from a screen to tui/update: {}\n",
        into_router.len()
    ));
    for arrow in into_router {
        out.push_str(&format!("  {arrow}\n"));
    }
    out
}
