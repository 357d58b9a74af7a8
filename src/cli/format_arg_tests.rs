//! The command line agrees with the export table: every row is a value of
//! `-f` (json once) and `--export`, is parsed back to its format, is listed
//! with its description in `--help`, the man page and the completions, and
//! is named in the messages that list the formats.

use std::path::Path;

use clap::{CommandFactory, Parser};

use super::*;
use crate::cli::args::{Cli, Command};
use crate::cli::write_export::format_from_path;

fn long_help(path: &[&str]) -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let mut sub = &mut cmd;
    for name in path {
        sub = match sub.find_subcommand_mut(name) {
            Some(s) => s,
            None => panic!("no subcommand {name}"),
        };
    }
    sub.render_long_help().to_string()
}

#[test]
fn every_export_format_parses_from_f_and_export() {
    for o in OUTPUTS {
        let cli = Cli::try_parse_from(["appcred", "export", "ci", "-f", o.name, "--secret-stdin"])
            .unwrap_or_else(|e| panic!("-f {}: {e}", o.name));
        let format = cli.global.format.and_then(Format::export);
        assert_eq!(format, Some(o.format), "-f {}", o.name);
        assert_eq!(cli.global.format.map(Format::name), Some(o.name));
        let cli = Cli::try_parse_from(["appcred", "create", "ci", "--export", o.name])
            .unwrap_or_else(|e| panic!("--export {}: {e}", o.name));
        let Some(Command::Create(args)) = cli.command else {
            panic!("create did not parse");
        };
        assert_eq!(args.export.export, Some(o.format), "--export {}", o.name);
    }
    // -f lists each name once: json is a record format and an export format.
    let names: Vec<&str> = ALL.iter().map(|f| f.name()).collect();
    let unique: std::collections::HashSet<&&str> = names.iter().collect();
    assert_eq!(names.len(), unique.len(), "{names:?}");
    assert_eq!(Format::Json.export(), ExportFormat::from_name("json"));
    assert!(!Format::Json.export_only());
}

#[test]
fn help_man_page_and_completions_list_every_format() {
    let export = long_help(&["export"]);
    let create = long_help(&["create"]);
    let rotate = long_help(&["rotate"]);
    let man = String::from_utf8_lossy(&crate::cli::docs::man_page().unwrap_or_default())
        .replace("\\-", "-");
    let mut bash = Vec::new();
    clap_complete::generate(
        clap_complete::Shell::Bash,
        &mut Cli::command(),
        "appcred",
        &mut bash,
    );
    let bash = String::from_utf8_lossy(&bash).into_owned();
    for o in OUTPUTS {
        for (what, text) in [("export --help", &export), ("man page", &man)] {
            assert!(text.contains(o.name), "{what} lacks {}", o.name);
            assert!(text.contains(o.noun), "{what} lacks {:?}", o.noun);
        }
        for (what, text) in [("create --help", &create), ("rotate --help", &rotate)] {
            assert!(
                text.contains(&format!("- {}:", o.name)) && text.contains(o.description),
                "{what} lacks {} and its description",
                o.name
            );
        }
        assert!(bash.contains(o.name), "bash completion lacks {}", o.name);
        assert!(format_help().contains(o.name));
        assert!(export_help().contains(o.name));
        assert!(export_needs_format().contains(o.name));
    }
}

#[test]
fn output_file_names_pick_their_format() {
    for o in OUTPUTS {
        for e in o.extensions {
            let file = format!("creds.{e}");
            assert_eq!(format_from_path(Path::new(&file)), Some(o.format), "{file}");
        }
    }
    assert_eq!(format_from_path(Path::new("creds.txt")), None);
}

#[test]
fn export_formats_are_refused_where_no_export_is_written() {
    for f in ALL.iter().copied().filter(|f| f.export_only()) {
        let cli = Cli::try_parse_from(["appcred", "roles", "-f", f.name()])
            .unwrap_or_else(|e| panic!("-f {}: {e}", f.name()));
        let Some(command) = cli.command else {
            panic!("roles did not parse");
        };
        let Err(e) = crate::cli::check_format(&command, cli.global.format) else {
            panic!("roles -f {} was accepted", f.name());
        };
        assert!(e.to_string().contains(f.name()), "{e}");
    }
}
