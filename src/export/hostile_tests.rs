//! Odd clouds.yaml files (issue 17): a cloud pulled in through a `<<:` merge
//! key counts as existing, a read-only file keeps its mode and needs
//! `--force`, and a backup belongs to the file's owner.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

use super::ExportError;
use super::atomic::Faults;
use super::fault_tests::data;
use super::merge::{check_writable, merge_with};

const MERGE_KEY: &str = "more: &more\n  hidden:\n    auth:\n      auth_url: https://h/v3\nclouds:\n  visible:\n    auth:\n      auth_url: https://v/v3\n  <<: *more\n";

#[test]
fn a_cloud_from_a_merge_key_is_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clouds.yaml");
    fs::write(&path, MERGE_KEY).unwrap();
    let e = merge_with(&path, &data("hidden"), &Faults::default()).err();
    assert!(
        matches!(&e, Some(ExportError::DuplicateCloud { name, .. }) if name == "hidden"),
        "{e:?}"
    );
    assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some(MERGE_KEY));
    // A new name still merges, and the merge key survives.
    let r = merge_with(&path, &data("new"), &Faults::default());
    assert!(r.is_ok(), "{:?}", r.err());
    let text = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        text.contains("<<: *more") && text.contains("new:"),
        "{text}"
    );
}

#[test]
fn a_read_only_clouds_yaml_needs_force_and_stays_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clouds.yaml");
    fs::write(&path, "clouds:\n  a:\n    auth:\n      auth_url: x\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let e = check_writable(&path, false).err();
    let text = e.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(
        matches!(e, Some(ExportError::ReadOnly { mode: 0o444, .. })),
        "{text}"
    );
    assert!(
        text.contains("read-only") && text.contains("--force"),
        "{text}"
    );
    assert!(check_writable(&path, true).is_ok());
    let r = merge_with(&path, &data("b"), &Faults::default());
    assert!(r.is_ok(), "{:?}", r.err());
    let mode = fs::metadata(&path).map(|m| m.mode() & 0o7777).unwrap_or(0);
    assert_eq!(
        mode, 0o400,
        "still read-only, and no longer readable by others"
    );
}

#[test]
fn a_backup_belongs_to_the_files_owner() {
    if !rustix::process::geteuid().is_root() {
        crate::test_skip::skip("only root can make a file owned by someone else");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clouds.yaml");
    fs::write(&path, "clouds:\n  a:\n    auth:\n      auth_url: x\n").unwrap();
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    let r = merge_with(&path, &data("b"), &Faults::default()).unwrap();
    let backup = r.backup.unwrap_or_else(|| panic!("no backup"));
    let meta = fs::metadata(&backup).unwrap();
    assert_eq!(
        (meta.uid(), meta.gid()),
        (65534, 65534),
        "{}",
        backup.display()
    );
    let meta = fs::metadata(&path).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
}
