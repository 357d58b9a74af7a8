//! The command line's own documentation: shell completions that the shells
//! accept, a man page that renders and covers every command, `--version`,
//! and an "Examples:" block in every command's `--help`.
//!
//! A check whose tool is missing (zsh, fish, man) is skipped with the reason
//! printed, so the suite still runs on a bare machine; scripts/test installs
//! them where it can.

use std::path::PathBuf;
use std::process::{Command, Output};

use appcred::cli::Cli;
use clap::CommandFactory;

fn appcred(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_appcred"))
        .args(args)
        .env_remove("OS_CLOUD")
        .output()
        .expect("cannot run appcred")
}

fn stdout_of(args: &[&str]) -> String {
    let out = appcred(args);
    assert!(
        out.status.success(),
        "appcred {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes `text` to a fresh file and returns its path.
fn file_with(name: &str, text: &str) -> PathBuf {
    let path = crate::support::temp_dir("docs-cli").join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    path
}

/// Whether a program can be run; prints why a check is skipped when not.
fn have(program: &str, check: &str) -> bool {
    let found = Command::new(program).arg("--version").output().is_ok();
    if !found {
        crate::support::skip(format!(
            "{check}: `{program}` is not installed (apt-get install {program})"
        ));
    }
    found
}

/// Every command path a person can type: ["list"], ["access-rules", "show"], ...
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut path = prefix.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &[], &mut out);
    out
}

#[test]
fn bash_completion_parses_and_registers() {
    let script = file_with("appcred.bash", &stdout_of(&["completions", "bash"]));
    let check = Command::new("bash").arg("-n").arg(&script).output();
    let check = check.expect("cannot run bash");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // Sourcing it registers a completion function for `appcred`.
    let registered = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source '{}' && complete -p appcred",
            script.display()
        ))
        .output()
        .expect("cannot run bash");
    let said = String::from_utf8_lossy(&registered.stdout);
    assert!(
        said.contains("-F _appcred") && said.trim_end().ends_with("appcred"),
        "{said}"
    );
}

#[test]
fn zsh_completion_parses() {
    if !have("zsh", "zsh -n on the zsh completion") {
        return;
    }
    let text = stdout_of(&["completions", "zsh"]);
    assert!(
        text.starts_with("#compdef appcred"),
        "{}",
        &text[..text.len().min(80)]
    );
    let script = file_with("_appcred", &text);
    let check = Command::new("zsh").arg("-n").arg(&script).output();
    let check = check.expect("cannot run zsh");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn fish_completion_parses_and_knows_the_commands() {
    if !have("fish", "fish -n on the fish completion") {
        return;
    }
    let text = stdout_of(&["completions", "fish"]);
    let script = file_with("appcred.fish", &text);
    let check = Command::new("fish")
        .arg("--no-execute")
        .arg(&script)
        .output();
    let check = check.expect("cannot run fish");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    for path in command_paths().iter().filter(|p| p.len() == 1) {
        assert!(
            text.contains(&format!("-a \"{}\"", path[0])),
            "fish lacks {}",
            path[0]
        );
    }
}

#[test]
fn man_page_renders_and_covers_every_command() {
    let page = file_with("appcred.1", &stdout_of(&["man"]));
    if !have("man", "man -l on the man page") {
        return;
    }
    let out = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .env("MAN_KEEP_FORMATTING", "0")
        .output()
        .expect("cannot run man");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "man -l: {stderr}"
    );
    let text = strip_overstrike(&String::from_utf8_lossy(&out.stdout));
    for section in [
        "NAME",
        "SYNOPSIS",
        "OPTIONS",
        "COMMANDS",
        "EXAMPLES",
        "FILES",
        "ENVIRONMENT",
        "EXIT STATUS",
    ] {
        assert!(
            text.lines().any(|l| l == section),
            "no {section} section:\n{text}"
        );
    }
    for path in command_paths() {
        let heading = format!("appcred {}", path.join(" "));
        assert!(
            text.lines().any(|l| l.trim() == heading),
            "no subsection for `{heading}`"
        );
    }
    for word in [
        "--os-cloud",
        "clouds.yaml",
        "config.toml",
        "APPCRED_CONFIG",
        "NO_COLOR",
    ] {
        assert!(text.contains(word), "the man page never mentions {word}");
    }
}

/// Removes backspace overstriking (`X\bX` for bold), which some man setups
/// keep even into a pipe, so the text compares as plain words.
fn strip_overstrike(text: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if c == '\u{8}' {
            out.pop();
        } else {
            out.push(c);
        }
    }
    out.into_iter().collect()
}

#[test]
fn version_and_top_level_help() {
    let version = stdout_of(&["--version"]);
    // The version, then the commit (build.rs); scripts read the second word.
    assert_eq!(
        version.trim(),
        format!(
            "appcred {} ({})",
            env!("CARGO_PKG_VERSION"),
            env!("APPCRED_COMMIT")
        )
    );
    let help = stdout_of(&["--help"]);
    assert!(help.contains("Examples:"), "{help}");
    for path in command_paths().iter().filter(|p| p.len() == 1) {
        assert!(
            help.contains(&format!("  {}", path[0])),
            "--help lacks {}",
            path[0]
        );
    }
}

#[test]
fn every_command_help_has_examples() {
    let mut missing = Vec::new();
    for path in command_paths() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = stdout_of(&args);
        let examples = help.split("Examples:").nth(1).unwrap_or("");
        // At least one example line that runs appcred with this very command.
        let command = format!("appcred {}", path.join(" "));
        if !examples
            .lines()
            .any(|l| l.contains("appcred") && l.contains(path.join(" ").as_str()))
        {
            missing.push(command);
        }
    }
    assert!(
        missing.is_empty(),
        "no Examples: block with the command in --help of: {missing:?}"
    );
}

#[test]
fn list_help_shows_its_own_options_before_the_global_ones() {
    let help = stdout_of(&["list", "--help"]);
    let at = |needle: &str| {
        help.find(needle)
            .unwrap_or_else(|| panic!("`appcred list --help` lacks {needle:?}:\n{help}"))
    };
    let first_global = at("--os-");
    for own in ["--sort", "--expiring", "--expired", "--all-clouds"] {
        assert!(
            at(own) < first_global,
            "{own} after the --os- options:\n{help}"
        );
    }
    // The global options under their own headings, in this order.
    let headings = [
        "\nCloud options:\n",
        "\nLogin options:\n",
        "\nOutput options:\n",
    ];
    let places: Vec<usize> = headings.iter().map(|h| at(h)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "{help}");
    assert!(at("\nOptions:\n") < places[0], "{help}");
    assert!(places[0] < first_global, "{help}");
    assert!(at("--os-cloud") < places[1] && places[1] < at("--os-username"));
    assert!(places[2] < at("--format") && places[2] < at("--column"));
}

/// docs/exports.md, the one list of the export formats with the secret
/// screen's key and config name of each, generated from the export table
/// (src/export/formats.rs) alone: the key tables (`docs_keys`) point to it.
#[test]
fn exports_doc_lists_every_export_format() {
    let mut want = String::from(
        "\n| format | what it is | secret screen key | its config name | default file there |\n\
         |---|---|---|---|---|\n",
    );
    for o in appcred::export::OUTPUTS {
        let merged = if o.merges { ", merged into" } else { "" };
        want.push_str(&format!(
            "| `{}` | {} | `{}` | `keys.reveal.{}` | `{}`{merged} |\n",
            o.name, o.description, o.screen.key, o.screen.action, o.file_name
        ));
    }
    want.push('\n');
    crate::docs_keys::check_block(
        "docs/exports.md",
        "<!-- BEGIN export formats -->",
        "<!-- END export formats -->",
        &want,
    );
}

/// docs/exports.md lists the destinations that are not files (a store),
/// generated from `appcred::export::DESTINATIONS` as the formats are.
#[test]
fn exports_doc_lists_every_other_destination() {
    let mut want = String::from(
        "\n| command line | what it does | secret screen key | its config name |\n\
         |---|---|---|---|\n",
    );
    for d in appcred::export::DESTINATIONS {
        want.push_str(&format!(
            "| `{} {}` | {} | `{}` | `keys.reveal.{}` |\n",
            d.flag, d.value, d.screen.help, d.screen.key, d.screen.action
        ));
    }
    want.push('\n');
    crate::docs_keys::check_block(
        "docs/exports.md",
        "<!-- BEGIN other destinations -->",
        "<!-- END other destinations -->",
        &want,
    );
}
