//! Writing export files: 0600, atomic, refusing or replacing with a backup,
//! following symlinks, and failing cleanly on a missing directory, a
//! read-only file system and a full disk (small tmpfs mounts; those tests
//! need root and say so when they cannot run).

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use appcred::export::{ExportError, WriteMode, write_new};

fn mode(p: &Path) -> u32 {
    fs::metadata(p)
        .map(|m| m.permissions().mode() & 0o7777)
        .unwrap_or(0)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn creates_0600_and_leaves_nothing_else() {
    let dir = tmp();
    let path = dir.path().join("ci-openrc.sh");
    let report = write_new(&path, b"export A=1\n", WriteMode::Refuse).unwrap();
    assert_eq!(report.path, path);
    assert_eq!(report.backup, None);
    assert_eq!(fs::read(&path).ok().as_deref(), Some(&b"export A=1\n"[..]));
    assert_eq!(mode(&path), 0o600);
    assert_eq!(names(dir.path()), ["ci-openrc.sh"]);
}

#[test]
fn refuses_an_existing_file_and_names_the_flags() {
    let dir = tmp();
    let path = dir.path().join("out.yaml");
    fs::write(&path, "old").unwrap();
    let err = write_new(&path, b"new", WriteMode::Refuse)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("out.yaml") && err.contains("--force") && err.contains("--merge"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("old"));
    assert_eq!(names(dir.path()), ["out.yaml"]);
    // A dangling symlink counts as existing too.
    let link = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
    assert!(matches!(
        write_new(&link, b"x", WriteMode::Refuse),
        Err(ExportError::Exists(_))
    ));
}

#[test]
fn replace_keeps_a_backup_and_follows_a_symlink() {
    let dir = tmp();
    let real = dir.path().join("real.sh");
    fs::write(&real, "old secret").unwrap();
    fs::set_permissions(&real, fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("link.sh");
    std::os::unix::fs::symlink("real.sh", &link).unwrap();
    let report = write_new(&link, b"new", WriteMode::Replace).unwrap();
    assert_eq!(report.path, real);
    assert!(
        fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()),
        "link kept"
    );
    assert_eq!(fs::read_to_string(&link).ok().as_deref(), Some("new"));
    assert_eq!(mode(&real), 0o600);
    let backup = report.backup.unwrap_or_default();
    assert!(
        backup
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("real.sh.bak-"))
    );
    assert_eq!(
        fs::read_to_string(&backup).ok().as_deref(),
        Some("old secret")
    );
    assert_eq!(mode(&backup), 0o600);
}

#[test]
fn missing_parent_and_directory_targets_are_clear_errors() {
    let dir = tmp();
    let path = dir.path().join("no/such/dir/out.sh");
    let err = write_new(&path, b"x", WriteMode::Refuse).err();
    assert!(
        matches!(err, Some(ExportError::MissingDirectory { .. })),
        "{err:?}"
    );
    assert!(
        err.map(|e| e.to_string())
            .unwrap_or_default()
            .contains("does not exist")
    );
    let err = write_new(dir.path(), b"x", WriteMode::Replace).err();
    assert!(matches!(err, Some(ExportError::IsADirectory(_))), "{err:?}");
}

/// A tmpfs mounted for one test, unmounted on drop.
/// The directory is removed after the unmount (fields drop after `drop`).
pub struct Mount {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Mount {
    pub fn tmpfs(size: &str) -> Option<Mount> {
        let dir = tmp();
        let ok = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
            ])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            crate::support::skip("cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Mount {
            path: dir.path().to_path_buf(),
            _dir: dir,
        })
    }

    pub fn read_only(&self) -> bool {
        Command::new("mount")
            .args(["-o", "remount,ro"])
            .arg(&self.path)
            .status()
            .is_ok_and(|s| s.success())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

#[test]
fn read_only_file_system_leaves_the_old_file() {
    let Some(m) = Mount::tmpfs("1m") else { return };
    let path = m.path.join("clouds.yaml");
    fs::write(&path, "clouds: {}\n").unwrap();
    if !m.read_only() {
        crate::support::skip("cannot remount read-only");
        return;
    }
    let err = write_new(&path, b"new", WriteMode::Replace).err();
    assert!(
        matches!(err, Some(ExportError::CreateTemp { .. })),
        "{err:?}"
    );
    let text = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        text.contains("read-only") && text.contains("was not changed"),
        "{text}"
    );
    assert_eq!(
        fs::read_to_string(&path).ok().as_deref(),
        Some("clouds: {}\n")
    );
    assert_eq!(names(&m.path), ["clouds.yaml"]);
}

#[test]
fn full_disk_leaves_the_old_file_and_no_temp_file() {
    let Some(m) = Mount::tmpfs("64k") else { return };
    let path = m.path.join("out.sh");
    fs::write(&path, "old").unwrap();
    // Fill the file system to the last byte.
    let _ = fs::write(m.path.join("filler"), vec![b'x'; 1 << 20]);
    let big = vec![b'y'; 200_000];
    let err = write_new(&path, &big, WriteMode::Replace).err();
    let text = err.as_ref().map(|e| e.to_string()).unwrap_or_default();
    assert!(
        matches!(
            err,
            Some(ExportError::Write { .. } | ExportError::CreateTemp { .. })
        ),
        "{err:?}"
    );
    assert!(
        text.contains("disk is full") || text.contains("No space"),
        "{text}"
    );
    assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("old"));
    assert_eq!(names(&m.path), ["filler", "out.sh"]);
}
