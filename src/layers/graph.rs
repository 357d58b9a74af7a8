//! The import graph of src/: which file names which, read from the
//! source tree (the `paths` the files name, resolved to the files that
//! define those modules), and its strongly connected parts (cycles).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::lexer;
use super::paths;

/// One source file: its path under src/, its module path, whether only
/// tests compile it, and the files its code names.
pub struct SourceFile {
    pub path: String,
    #[allow(dead_code)] // kept for reports that group by module
    pub module: Vec<String>,
    pub test_only: bool,
    pub names: BTreeSet<String>,
}

/// Every file of the library under `src`, with what it names. The binary's
/// `main.rs` is left out (its `crate` is another crate).
pub fn read_tree(src: &Path) -> std::io::Result<Vec<SourceFile>> {
    let mut files = Vec::new();
    collect(src, src, &mut files)?;
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|p| Ok((relative(src, p), std::fs::read_to_string(p)?)))
        .collect::<std::io::Result<_>>()?;
    Ok(from_sources(&sources))
}

/// The same from (path under src/, text) pairs: the checker's own tests
/// plant violations this way.
pub fn from_sources(sources: &[(String, String)]) -> Vec<SourceFile> {
    let known: BTreeSet<&str> = sources.iter().map(|(p, _)| p.as_str()).collect();
    let mut test_modules: Vec<Vec<String>> = Vec::new();
    let mut parsed = Vec::new();
    for (path, text) in sources {
        let module = module_of(path);
        let (code, tests) = lexer::without_test_items(&lexer::code_only(text));
        for name in tests {
            let mut child = module.clone();
            child.push(name);
            test_modules.push(child);
        }
        let own_dir = module.join("/");
        let is_child = |name: &str| {
            let dir = if own_dir.is_empty() {
                String::new()
            } else {
                format!("{own_dir}/")
            };
            known.contains(format!("{dir}{name}.rs").as_str())
                || known.contains(format!("{dir}{name}/mod.rs").as_str())
        };
        let names = paths::referenced(&code, &module, is_child)
            .iter()
            .filter_map(|segments| resolve(&known, segments))
            .filter(|target| target != path)
            .collect();
        parsed.push((path.clone(), module, names));
    }
    parsed
        .into_iter()
        .map(|(path, module, names)| SourceFile {
            test_only: is_test_file(&path) || test_modules.iter().any(|t| module.starts_with(t)),
            path,
            module,
            names,
        })
        .collect()
}

fn collect(src: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(src, &path, out)?;
        } else if path.extension().is_some_and(|e| e == "rs") && relative(src, &path) != "main.rs" {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

fn relative(src: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// `tui/update/mod.rs` -> `[tui, update]`; `lib.rs` -> `[]`.
pub fn module_of(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path.split('/').map(str::to_string).collect();
    let file = parts.pop().unwrap_or_default();
    let stem = file.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// Test files by the project's names: `tests.rs`, `*_tests.rs`, a `tests/`
/// folder (the `#[cfg(test)] mod` declarations catch the rest).
fn is_test_file(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    file == "tests.rs" || file.ends_with("_tests.rs") || path.split('/').any(|p| p == "tests")
}

/// The file that defines the deepest module of `segments`.
fn resolve(known: &BTreeSet<&str>, segments: &[String]) -> Option<String> {
    let mut file = "lib.rs".to_string();
    let mut dir = String::new();
    for segment in segments {
        let flat = format!("{dir}{segment}.rs");
        let folder = format!("{dir}{segment}/mod.rs");
        if known.contains(flat.as_str()) {
            file = flat;
        } else if known.contains(folder.as_str()) {
            file = folder;
        } else {
            break;
        }
        dir = format!("{dir}{segment}/");
    }
    known.contains(file.as_str()).then_some(file)
}

/// Arrows between the nodes `node_of` groups files into (self-arrows
/// dropped; files `node_of` gives no node are left out).
pub fn arrows(
    files: &[SourceFile],
    node_of: impl Fn(&str) -> Option<String>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|f| !f.test_only) {
        let Some(from) = node_of(&file.path) else {
            continue;
        };
        let entry = graph.entry(from.clone()).or_default();
        for target in &file.names {
            let is_test = files.iter().any(|f| &f.path == target && f.test_only);
            if let Some(to) = node_of(target)
                && to != from
                && !is_test
            {
                entry.insert(to);
            }
        }
    }
    graph
}

/// The strongly connected parts with more than one node: each is a cycle
/// (or several), nodes sorted.
pub fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let nodes: Vec<&String> = graph
        .keys()
        .chain(graph.values().flatten())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for next in graph.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        nodes.iter().map(|n| (*n, reach(n))).collect();
    let mut done = BTreeSet::new();
    let mut parts = Vec::new();
    for n in &nodes {
        if done.contains(*n) {
            continue;
        }
        let part: Vec<String> = nodes
            .iter()
            .filter(|m| **m == *n || reachable[*n].contains(**m) && reachable[**m].contains(*n))
            .map(|m| (*m).clone())
            .collect();
        done.extend(part.iter().cloned());
        if part.len() > 1 {
            parts.push(part);
        }
    }
    parts
}

/// Arrows whose target reaches back to their source: the arrows of cycles.
pub fn arrows_in_cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, String)> {
    let parts = cycles(graph);
    let same = |a: &String, b: &String| parts.iter().any(|p| p.contains(a) && p.contains(b));
    graph
        .iter()
        .flat_map(|(from, tos)| tos.iter().map(move |to| (from.clone(), to.clone())))
        .filter(|(from, to)| same(from, to))
        .collect()
}
