//! The OpenStack CLI's output habits against the real test Keystone:
//! `-f value -c`, `-f yaml`, `-f csv`, `-f shell --prefix`, id prefixes
//! (`show 4e20c976`), and the 80-column table. Needs `scripts/keystone start`.

use crate::support;

use std::process::Command;

use crate::support::cli::*;

/// The secret: every character a naive quoting breaks on.
const SECRET: &str = "a\"b\\c$d'e #f;g";

/// Creates a credential for alice with SECRET; returns (name, id).
fn made(clean: &mut Cleanup, prefix: &str, extra: &[&str]) -> (String, String) {
    let name = clean.name(support::unique(prefix));
    let mut args = vec![
        "create",
        name.as_str(),
        "--role",
        "reader",
        "--secret-stdin",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["-f", "value", "-c", "id"]);
    let out = run_stdin("alice", &args, SECRET);
    out.ok();
    let id = out.stdout.trim().to_string();
    assert_eq!(id.len(), 32, "{}", out.stdout);
    (name, id)
}

#[test]
fn create_value_secret_is_the_secret_alone_and_logs_in() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("fmt-secret"));
    let out = run_stdin(
        "alice",
        &[
            "create",
            &name,
            "--role",
            "reader",
            "--secret-stdin",
            "-f",
            "value",
            "-c",
            "secret",
        ],
        SECRET,
    );
    out.ok();
    assert_eq!(out.stdout, format!("{SECRET}\n"));
    // Two columns, the records' own order (cliff's), whatever order -c has.
    let cred = keystone_cred("alice", &name).expect("created");
    let id = cred["id"].as_str().expect("id");
    assert_eq!(app_cred_login(id, SECRET), 201);
    let out = run(
        "alice",
        &["show", &name, "-f", "value", "-c", "name", "-c", "ID"],
    );
    out.ok();
    assert_eq!(out.stdout, format!("{id}\n{name}\n"));
}

#[test]
fn list_value_and_csv_and_yaml_carry_full_ids() {
    let mut clean = Cleanup::new("alice");
    let (name, id) = made(
        &mut clean,
        "fmt-list",
        &["--description", "with, comma \"q\""],
    );
    let out = run("alice", &["list", "-f", "value", "-c", "id", "-c", "Name"]);
    out.ok();
    assert!(
        out.stdout.lines().any(|l| l == format!("{id} {name}")),
        "{}",
        out.stdout
    );
    let csv = run(
        "alice",
        &[
            "list",
            "-f",
            "csv",
            "-c",
            "ID",
            "-c",
            "description",
            "-c",
            "Expires At",
        ],
    );
    csv.ok();
    let mut lines = csv.stdout.lines();
    assert_eq!(lines.next(), Some("\"ID\",\"Expires At\",\"Description\""));
    assert!(
        csv.stdout
            .lines()
            .any(|l| l == format!("\"{id}\",\"\",\"with, comma \"\"q\"\"\"")),
        "{}",
        csv.stdout
    );
    let yaml = run("alice", &["list", "-f", "yaml"]);
    yaml.ok();
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml.stdout).expect("yaml parses");
    let item = doc
        .as_sequence()
        .expect("a list")
        .iter()
        .find(|i| i["ID"].as_str() == Some(id.as_str()))
        .expect("our credential is listed");
    assert_eq!(item["Name"].as_str(), Some(name.as_str()));
    assert_eq!(item["Unrestricted"].as_bool(), Some(false));
    assert!(item["Expires At"].is_null());
    let one = run("alice", &["show", &id, "-f", "yaml"]);
    one.ok();
    let doc: serde_yaml::Value = serde_yaml::from_str(&one.stdout).expect("yaml parses");
    assert_eq!(doc["id"].as_str(), Some(id.as_str()));
    assert_eq!(doc["roles"].as_str(), Some("reader"));
}

#[test]
fn create_shell_output_evals_back_to_the_secret() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("fmt-shell"));
    let out = run_stdin(
        "alice",
        &[
            "create",
            &name,
            "--role",
            "reader",
            "--secret-stdin",
            "-f",
            "shell",
            "--prefix",
            "ac_",
        ],
        SECRET,
    );
    out.ok();
    assert!(
        out.stdout.contains("ac_expires_at=\"None\"\n"),
        "{}",
        out.stdout
    );
    let script = format!("{}\nprintf '%s\\n%s' \"$ac_id\" \"$ac_secret\"", out.stdout);
    let sh = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .output()
        .expect("bash");
    let text = String::from_utf8_lossy(&sh.stdout).into_owned();
    let (id, secret) = text.split_once('\n').expect("two lines");
    assert_eq!(secret, SECRET);
    assert_eq!(app_cred_login(id, secret), 201);
    // A list of several records has no shell form (cliff has none either).
    run("alice", &["list", "-f", "shell"]).expect_code(2);
}

#[test]
fn an_id_prefix_works_wherever_an_id_does() {
    let mut clean = Cleanup::new("alice");
    let (name, id) = made(&mut clean, "fmt-prefix", &[]);
    let out = run("alice", &["show", &id[..8], "-f", "value", "-c", "name"]);
    out.ok();
    assert_eq!(out.stdout.trim(), name);
    // Upper case too (ids are hex).
    let out = run(
        "alice",
        &["show", &id[..10].to_uppercase(), "-f", "value", "-c", "id"],
    );
    out.ok();
    assert_eq!(out.stdout.trim(), id);
    // A prefix no id has: not found, exit 1, nothing else touched.
    let none = if id.starts_with("ffff") {
        "0000"
    } else {
        "ffff"
    };
    let other: Vec<_> = keystone_creds("alice")
        .into_iter()
        .filter(|c| c["id"].as_str().is_some_and(|i| i.starts_with(none)))
        .collect();
    if other.is_empty() {
        run("alice", &["show", none])
            .expect_code(1)
            .stderr_has(&["no application credential matches"]);
    }
    // Delete by prefix.
    run("alice", &["delete", &id[..8], "--yes"]).ok();
    assert_absent("alice", &name);
}

#[test]
fn the_list_table_fits_80_columns_one_line_per_credential() {
    let mut clean = Cleanup::new("alice");
    let long = "a description long enough that it can never fit into an eighty column table";
    let (name, _) = made(
        &mut clean,
        "fmt-eighty-with-a-long-name",
        &["--description", long],
    );
    // Other tests make and delete alice's credentials meanwhile (one test
    // process): Keystone's count before and after bound the list's (three
    // tries: one that comes and goes within a list is not bounded).
    let mut tries = 0;
    let (out, lines) = loop {
        tries += 1;
        let before = keystone_creds("alice").len();
        let out = run("alice", &["list", "--max-width", "80"]);
        let after = keystone_creds("alice").len();
        out.ok();
        // Top border, header, separator, one line per credential, bottom border.
        let lines: Vec<String> = out.stdout.lines().map(str::to_string).collect();
        let rows = lines.len().saturating_sub(4);
        if (before.min(after)..=before.max(after)).contains(&rows) {
            break (out, lines);
        }
        assert!(
            tries < 3,
            "{rows} rows, Keystone had {before} then {after}:\n{}",
            out.stdout
        );
    };
    for l in &lines {
        assert!(l.chars().count() <= 80, "{} wide: {l}", l.chars().count());
    }
    assert!(!out.stdout.contains(long), "{}", out.stdout);
    assert!(out.stdout.contains(&name[..8]));
    // Piped without a width: the whole table, description and all.
    let full = run("alice", &["list"]);
    full.ok();
    assert!(full.stdout.contains(long) && full.stdout.contains(&name));
    assert!(full.stdout.lines().any(|l| l.chars().count() > 80));
    // --fit-width uses $COLUMNS when there is no terminal.
    let mut cmd = support::appcred();
    cmd.env("COLUMNS", "80");
    let fit = run_cmd(cmd, Some("alice"), &["list", "--fit-width"], None);
    fit.ok();
    assert!(
        fit.stdout.lines().all(|l| l.chars().count() <= 80),
        "{}",
        fit.stdout
    );
}

/// A new user in an 80-column terminal: `create`'s record fits, its text
/// wraps inside the table, and the secret Keystone made (86 characters,
/// wider than the table can hold) comes out whole on a line of its own,
/// below the table, and logs in as printed.
#[test]
fn create_at_80_columns_puts_the_whole_secret_on_a_line_of_its_own() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("fmt-80"));
    let description =
        "a description long enough to need more than one line in an eighty column table";
    let mut cmd = support::appcred();
    cmd.env("COLUMNS", "80");
    let out = run_cmd(
        cmd,
        Some("alice"),
        &[
            "create",
            &name,
            "--role",
            "reader",
            "--description",
            description,
            "--fit-width",
        ],
        None,
    );
    out.ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "secret:")
        .unwrap_or_else(|| panic!("no `secret:` line below the table:\n{}", out.stdout));
    let secret = lines.get(at + 1).copied().unwrap_or_default();
    assert!(
        secret.len() >= 64 && !secret.contains([' ', '│', '|']),
        "the line after `secret:` is not a secret alone: {secret:?}"
    );
    for l in lines.iter().filter(|l| **l != secret) {
        assert!(l.chars().count() <= 80, "{} wide: {l}", l.chars().count());
    }
    // Every word of the description is there, wrapped, not cut.
    for word in description.split(' ') {
        assert!(out.stdout.contains(word), "{word} missing:\n{}", out.stdout);
    }
    let cred = keystone_cred("alice", &name).expect("created");
    let id = cred["id"].as_str().expect("id");
    assert_eq!(
        app_cred_login(id, secret),
        201,
        "the printed secret logs in"
    );
    // The list at the same width: nothing over 80, and where a cell is cut
    // the table uses the width it has (a new user saw 67 of 80 columns
    // used with names, roles and expiry cut).
    let mut cmd = support::appcred();
    cmd.env("COLUMNS", "80");
    let list = run_cmd(cmd, Some("alice"), &["list", "--fit-width"], None);
    list.ok();
    let widest = list.stdout.lines().map(|l| l.chars().count()).max();
    assert!(widest <= Some(80), "{}", list.stdout);
    if list.stdout.contains('…') {
        assert!(widest >= Some(78), "cut with room left:\n{}", list.stdout);
    }
}
