//! Sealing and opening in memory, and reading each export format back.
#![allow(deprecated)]

use std::path::PathBuf;

use chrono::{TimeZone, Utc};

use super::*;
use crate::export::{ConsumerOptions, ExportData, ExportFormat, render_with};
use crate::secret::Secret;

fn data() -> ExportData {
    ExportData {
        cloud_name: "prod-ci".into(),
        auth_url: "https://keystone.example/v3".into(),
        region_name: Some("RegionOne".into()),
        interface: "public".into(),
        cacert: None,
        verify: true,
        id: "abc123".into(),
        name: "ci".into(),
        secret: Secret::new("s3'cr\"et $x"),
        project_id: Some("p1".into()),
        expires_at: Some(Utc.with_ymd_and_hms(2031, 6, 1, 14, 0, 0).unwrap()),
    }
}

fn identity_file(dir: &tempfile::TempDir, name: &str) -> (PathBuf, String) {
    let key = age::x25519::Identity::generate();
    let path = dir.path().join(name);
    use age::secrecy::ExposeSecret;
    std::fs::write(
        &path,
        format!("# test\n{}\n", key.to_string().expose_secret()),
    )
    .unwrap();
    (path, key.to_public().to_string())
}

fn no_passphrase(_: &str) -> Option<Secret> {
    None
}

#[test]
fn sealed_opens_with_its_identity_and_reads_back_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let (key, public) = identity_file(&dir, "key.txt");
    let to = parse_recipients(&[public]).unwrap();
    let me = Identity::load(&key, &no_passphrase).unwrap();
    // The env format has no `# Expires:` line: its expiry is unknown.
    for (format, kind, expires) in [
        (ExportFormat::Json, "json", true),
        (ExportFormat::Openrc, "openrc", true),
        (ExportFormat::Clouds, "clouds", true),
        (ExportFormat::Env, "openrc", false),
    ] {
        let text = render_with(format, &data(), &ConsumerOptions::default());
        let sealed = seal(text.as_bytes(), &to).unwrap();
        assert!(sealed.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"));
        assert!(!sealed.contains("s3'cr"));
        let plain = open("f.age", sealed.as_bytes(), &me).unwrap();
        let (c, read_as) = read_credential(std::str::from_utf8(&plain).unwrap()).unwrap();
        assert_eq!(read_as, kind);
        assert_eq!(c.application_credential_id, "abc123");
        assert_eq!(c.application_credential_secret.expose(), "s3'cr\"et $x");
        assert_eq!(c.auth_url, "https://keystone.example/v3");
        assert_eq!(c.region_name.as_deref(), Some("RegionOne"));
        let want = expires.then_some("2031-06-01T14:00:00+00:00");
        assert_eq!(c.expires_at.as_deref(), want, "{format:?}");
        let never = ExportData {
            expires_at: None,
            ..data()
        };
        let text = render_with(format, &never, &ConsumerOptions::default());
        assert_eq!(read::never_expires(&text, kind), expires, "{format:?}");
    }
}

#[test]
fn a_file_for_someone_else_names_its_recipients_and_the_identity() {
    let dir = tempfile::tempdir().unwrap();
    let (_, them) = identity_file(&dir, "them.txt");
    let (mine, me_public) = identity_file(&dir, "me.txt");
    let ssh =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHgdd5Rn1B4zBtVIvTa4TiqaJ2ATmXd5jEx1Zk2mHsXW bob";
    let to = parse_recipients(&[them, ssh.to_string()]).unwrap();
    let sealed = seal(b"x", &to).unwrap();
    let me = Identity::load(&mine, &no_passphrase).unwrap();
    let e = open("ci.age", sealed.as_bytes(), &me).err().unwrap();
    let (_, tag) = open::ssh_tag(ssh).unwrap();
    assert!(
        e.message
            .contains(&format!("ssh-ed25519 key with tag {tag}")),
        "{}",
        e.message
    );
    assert!(e.message.contains("1 age key"), "{}", e.message);
    assert!(e.message.contains(&me_public), "{}", e.message);
}

#[test]
fn bad_recipients_and_files_are_named() {
    let e = parse_recipients(&["age1nope".into()]).unwrap_err();
    assert!(e.message.contains("age1nope"), "{}", e.message);
    let e = parse_recipients(&["/no/such/keys.pub".into()]).unwrap_err();
    assert!(e.message.contains("/no/such/keys.pub"), "{}", e.message);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keys.pub");
    std::fs::write(&file, "# team\n\nssh-ed25519 garbage\n").unwrap();
    let e = parse_recipients(&[file.display().to_string()]).unwrap_err();
    assert!(e.message.contains("line 3"), "{}", e.message);
    let dir2 = tempfile::tempdir().unwrap();
    let (key, _) = identity_file(&dir2, "k");
    let me = Identity::load(&key, &no_passphrase).unwrap();
    let e = open("plain.txt", b"hello", &me).err().unwrap();
    assert!(
        e.message.contains("not an age-encrypted file"),
        "{}",
        e.message
    );
}

#[test]
fn config_recipients_are_keys_checked_at_their_line_or_absolute_files() {
    use crate::settings::Shared;
    let path = std::path::Path::new("config.toml");
    let home = std::path::Path::new("/home/bob");
    let read = |text: &str| Shared::parse(text, path, Some(home)).map(|s| s.recipients);
    let key = age::x25519::Identity::generate().to_public().to_string();
    let ok = read(&format!(
        "[recipients]\nbob = \"{key}\"\nteam = \"~/keys/team.pub\"\n"
    ))
    .unwrap();
    assert_eq!(ok.get("bob"), Some(&key));
    assert_eq!(
        ok.get("team").map(String::as_str),
        Some("/home/bob/keys/team.pub")
    );
    let e = read("token_cache = true\n[recipients]\nbob = \"age1nope\"\n").unwrap_err();
    let e = e.to_string();
    assert!(e.contains("line 3") && e.contains("recipients.bob"), "{e}");
    let e = read("[recipients]\nbob = \"keys.pub\"\n")
        .unwrap_err()
        .to_string();
    assert!(e.contains("absolute path"), "{e}");
}

#[test]
fn a_recipient_is_described_shortly_and_safely_without_reading_its_file() {
    let age_key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    assert_eq!(describe(age_key), "age key age1ql3z7hjy…ac8p");
    let ssh =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHgdd5Rn1B4zBtVIvTa4TiqaJ2ATmXd5jEx1Zk2mHsXW bob";
    let (_, tag) = open::ssh_tag(ssh).unwrap();
    assert_eq!(describe(ssh), format!("ssh-ed25519 key, tag {tag} (bob)"));
    assert_eq!(
        describe("/no/such/keys.pub"),
        "file /no/such/keys.pub",
        "a file is named, not read"
    );
    let hostile = format!("{ssh}\u{1b}]52;c;x\u{7}");
    assert!(!describe(&hostile).contains('\u{1b}'));
    assert!(!describe("/keys/\u{202e}bup.txt").contains('\u{202e}'));
}
