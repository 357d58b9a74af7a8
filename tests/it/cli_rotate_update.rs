//! `appcred rotate NAME --update FILE...` against the real test Keystone:
//! an openrc, a cloud.conf, a Kubernetes Secret manifest and a clouds.yaml
//! (each with hand-added lines) all rewritten to the new credential, every
//! other line kept, each file 0600 with a backup, and each proven to log in
//! with the new credential read from the file (the openrc and clouds.yaml
//! by the real `openstack` client). A file that holds the old id where it
//! cannot be rewritten for sure is reported and left byte for byte.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::cli::*;
use base64::Engine as _;
use serde_json::Value;

fn export(name: &str, secret: &str, format: &str, file: &Path, extra: &[&str]) {
    let f = file.to_string_lossy();
    let mut args = vec![
        "export",
        name,
        "--format",
        format,
        "--secret-stdin",
        "--output",
        &f,
    ];
    args.extend_from_slice(extra);
    run_stdin("alice", &args, secret).ok();
}

/// Creates alice's credential `name` with the member role: (id, secret).
pub(crate) fn create_member(name: &str) -> (String, String) {
    let made = run("alice", &["create", name, "--role", "member", "-f", "json"]);
    made.ok();
    let made = made.json();
    (
        made["id"].as_str().expect("id").to_string(),
        made["secret"].as_str().expect("secret").to_string(),
    )
}

fn append(file: &Path, text: &str) {
    let mut all = read(file);
    all.push_str(text);
    std::fs::write(file, all).expect("append");
}

/// Lines of `after` that differ from `before` (same count required).
fn changed_lines(before: &str, after: &str) -> usize {
    let (b, a): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    assert_eq!(
        b.len(),
        a.len(),
        "line count changed:\n{before}\n---\n{after}"
    );
    b.iter().zip(&a).filter(|(x, y)| x != y).count()
}

fn openstack() -> PathBuf {
    support::seed().keystone.openstack()
}

fn osc(script: &str, vars: &[(&str, &Path)]) -> Value {
    let home = support::temp_dir("rot-upd-home");
    let mut cmd = Command::new("bash");
    cmd.env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", &home)
        .env("OPENSTACK", openstack())
        .current_dir(&home);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.arg("-c").arg(script).output().expect("bash");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("token JSON")
}

/// The real client logs in as alice with the openrc `rc` and with the cloud
/// `ci` of `clouds`.
pub(crate) fn openstack_logs_in(rc: &Path, clouds: &Path) {
    let user = user_id("alice");
    let t = osc(
        "set -e; . \"$RC\"; \"$OPENSTACK\" token issue -f json",
        &[("RC", rc)],
    );
    assert_eq!(t["user_id"], user.as_str());
    let t = osc(
        "\"$OPENSTACK\" --os-cloud ci token issue -f json",
        &[("OS_CLIENT_CONFIG_FILE", clouds)],
    );
    assert_eq!(t["user_id"], user.as_str());
}

#[test]
fn rotation_updates_an_openrc_a_cloud_conf_a_k8s_secret_and_a_clouds_yaml() {
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("rot-upd"));
    let (old_id, old_secret) = create_member(&name);
    let dir = support::temp_dir("rot-upd");
    let rc = dir.join("ci-openrc.sh");
    let conf = dir.join("cloud.conf");
    let k8s = dir.join("occm-secret.yaml");
    let clouds = dir.join("clouds.yaml");
    export(&name, &old_secret, "openrc", &rc, &[]);
    append(&rc, "export MY_OWN=thing   # hand-written, kept\n");
    export(&name, &old_secret, "cloud-conf", &conf, &[]);
    append(&conf, "\n[LoadBalancer]\nuse-octavia = true ; kept\n");
    export(
        &name,
        &old_secret,
        "k8s-secret",
        &k8s,
        &["--k8s-name", "occm"],
    );
    append(&k8s, "# kept comment\n");
    export(
        &name,
        &old_secret,
        "clouds",
        &clouds,
        &["--cloud-name", "ci"],
    );
    append(&clouds, "# kept comment\n");
    let stranger = dir.join("notes.txt");
    std::fs::write(&stranger, format!("the old one was {old_id}\n")).expect("write");
    let files = [&rc, &conf, &k8s, &clouds, &stranger];
    let before: Vec<String> = files.iter().map(|f| read(f)).collect();

    let mut args: Vec<String> = strs(&[
        "rotate",
        &name,
        "--yes",
        "--delete-old",
        "-f",
        "json",
        "--update",
    ]);
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    let rotated = run(
        "alice",
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let report = rotated.json();
    let new_name = report["new"]["name"]
        .as_str()
        .expect("new name")
        .to_string();
    clean.name(new_name);
    let new_id = report["new"]["id"].as_str().expect("new id").to_string();
    assert_ne!(new_id, old_id);
    let listed = report["files"].as_array().expect("files listed");
    assert_eq!(listed.len(), 5, "{report}");
    for (i, f) in listed.iter().take(4).enumerate() {
        assert_eq!(f["status"], "updated", "{f}");
        assert_eq!(f["login"], true, "{f}");
        assert_eq!(f["path"], files[i].to_string_lossy().as_ref());
        let backup = f["backup"].as_str().expect("a backup");
        assert_eq!(
            read(Path::new(backup)),
            before[i],
            "the backup is the old file"
        );
        assert_eq!(mode(files[i]), 0o600);
    }
    // The stranger holds the id as no format does: failed, untouched.
    assert_eq!(listed[4]["status"], "failed", "{report}");
    assert_eq!(read(&stranger), before[4]);
    rotated.expect_code(1);
    // Issue 24, finding 6: the old credential is kept because of that
    // file, and the report says so (not "the new one is not proven").
    assert_eq!(report["verified"], true, "{report}");
    assert_eq!(report["old_deleted"], false, "{report}");
    let why = report["old_kept_because"].as_str().unwrap_or_default();
    assert!(
        why.contains("notes.txt was not updated") && !why.contains("authenticate"),
        "{report}"
    );
    assert!(
        rotated.stderr.contains("notes.txt was not updated")
            && !rotated.stderr.contains("not proven"),
        "{}",
        rotated.stderr
    );

    // Every other line kept: id + secret lines (one base64 line for k8s).
    for (i, max) in [(0, 2), (1, 2), (2, 1), (3, 2)] {
        let after = read(files[i]);
        assert!(
            !after
                .lines()
                .filter(|l| !l.starts_with('#'))
                .any(|l| l.contains(&old_id))
        );
        assert_eq!(
            changed_lines(&before[i], &after),
            max,
            "{}",
            files[i].display()
        );
    }
    assert!(read(&rc).ends_with("export MY_OWN=thing   # hand-written, kept\n"));
    assert!(read(&conf).ends_with("[LoadBalancer]\nuse-octavia = true ; kept\n"));

    openstack_logs_in(&rc, &clouds);
    // The Secret's cloud.conf, decoded, carries the new id (rotate logged
    // in with it; the gcfg reading is cli_exports_consumers.rs).
    let manifest: serde_yaml::Value = serde_yaml::from_str(&read(&k8s)).expect("yaml");
    let b64 = manifest["data"]["cloud.conf"].as_str().expect("data");
    let inner = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .expect("b64");
    let inner = String::from_utf8(inner).expect("utf8");
    assert!(
        inner.contains(&format!("application-credential-id = \"{new_id}\"")),
        "{inner}"
    );
    assert_eq!(manifest["metadata"]["name"].as_str(), Some("occm"));
}

/// Issue 24, finding 4: `--update` refuses, before anything is created, a
/// file that is read-only by its mode (root's own access ignores the mode:
/// the check does not), and a file another user owns in a folder the caller
/// owns (the rename would have replaced it); a file it rewrites keeps its
/// mode and owner, and so does the backup.
#[test]
fn rotate_update_refuses_files_it_may_not_rewrite_and_keeps_modes() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mut clean = Cleanup::new("alice");
    let name = clean.name(support::unique("rot-perm"));
    let (old_id, old_secret) = create_member(&name);
    let dir = support::temp_dir("rot-perm");
    // Other tests make and delete alice's credentials meanwhile (one test
    // process): count only successors of this one (their names start with
    // its name).
    let count = || {
        keystone_creds("alice")
            .iter()
            .filter(|c| {
                c["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with(name.as_str()))
            })
            .count()
    };

    // Read-only: refused before the create, the file untouched.
    let ro = dir.join("ro-openrc.sh");
    export(&name, &old_secret, "openrc", &ro, &[]);
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let before = (read(&ro), count());
    let out = run(
        "alice",
        &["rotate", &name, "--yes", "--update", &ro.to_string_lossy()],
    );
    out.expect_code(1);
    out.stderr_has(&["read-only", "nothing was created"]);
    assert_eq!((read(&ro), count()), before, "nothing changed");
    assert_eq!(mode(&ro), 0o400);

    // Another user's file in a folder the caller owns (as nobody).
    let home = support::temp_dir("rot-perm-nobody");
    if let Some(mut nobody) = support::appcred_as_nobody(&home).filter(|_| running_as_root()) {
        let seed = support::seed();
        let clouds = home.join("clouds.yaml");
        let secure = home.join("secure.yaml");
        std::fs::copy(&seed.clouds_yaml, &clouds).expect("copy clouds.yaml");
        std::fs::copy(&seed.secure_yaml, &secure).expect("copy secure.yaml");
        let theirs = home.join("root-openrc.sh");
        export(&name, &old_secret, "openrc", &theirs, &[]);
        std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        for p in [&home, &clouds, &secure] {
            std::os::unix::fs::chown(p, Some(65534), Some(65534)).expect("chown to nobody");
        }
        let before = (read(&theirs), count());
        let out = nobody
            .args([
                "--os-cloud",
                "alice",
                "--no-cache",
                "rotate",
                &name,
                "--yes",
                "--update",
            ])
            .arg(&theirs)
            .env("OS_CLIENT_CONFIG_FILE", &clouds)
            .env("OS_CLIENT_SECURE_FILE", &secure)
            .current_dir(&home)
            .output()
            .expect("run as nobody");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("may not write") && stderr.contains("nothing was created"),
            "{stderr}"
        );
        assert_eq!((read(&theirs), count()), before, "nothing changed");
        let meta = std::fs::metadata(&theirs).expect("stat");
        assert_eq!((meta.uid(), meta.mode() & 0o7777), (0, 0o644));
    } else {
        support::skip("the other-user case: needs root and setpriv");
    }

    // A file it may rewrite keeps its mode (0640: a consumer's group reads
    // it) and its backup has the same.
    let shared = dir.join("shared-openrc.sh");
    export(&name, &old_secret, "openrc", &shared, &[]);
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let out = run(
        "alice",
        &[
            "rotate",
            &name,
            "--yes",
            "-f",
            "json",
            "--update",
            &shared.to_string_lossy(),
        ],
    );
    out.ok();
    let report = out.json();
    if let Some(new_name) = report["new"]["name"].as_str() {
        clean.name(new_name.to_string());
    }
    let file = &report["files"][0];
    assert_eq!(file["status"], "updated", "{report}");
    assert!(
        !read(&shared)
            .lines()
            .filter(|l| !l.starts_with('#'))
            .any(|l| l.contains(&old_id))
    );
    assert_eq!(mode(&shared), 0o640, "the file keeps its mode");
    let backup = file["backup"].as_str().expect("a backup");
    assert_eq!(mode(Path::new(backup)), 0o640, "the backup too");
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false)
}
