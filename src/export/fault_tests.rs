//! Failures a real disk gives rarely, injected: a full disk mid-write, the
//! file changed by another program between read and rename, and a second
//! file failing after the first was written during rotation. Each must
//! leave every file as it was, with no temporary file or backup behind.

use std::fs;
use std::path::{Path, PathBuf};

use super::atomic::{Faults, write_new_with};
use super::merge::merge_with;
use super::rotate::update_with;
use super::{ExportData, ExportError, WriteMode, find_entries_using};
use crate::secret::Secret;

pub(super) fn data(name: &str) -> ExportData {
    ExportData {
        cloud_name: name.into(),
        auth_url: "https://k:5000/v3".into(),
        region_name: None,
        interface: "public".into(),
        cacert: None,
        verify: true,
        id: "id1".into(),
        name: "ci".into(),
        secret: Secret::new("s3cret"),
        project_id: None,
        expires_at: None,
    }
}

fn dir_with(files: &[(&str, &str)]) -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().unwrap();
    let paths = files
        .iter()
        .map(|(name, text)| {
            let p = dir.path().join(name);
            fs::write(&p, text).unwrap();
            p
        })
        .collect();
    (dir, paths)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

const CLOUDS: &str = "# mine\nclouds:\n  a:\n    auth:\n      auth_url: x\n";

#[test]
fn disk_full_while_merging_leaves_the_file() {
    let (dir, paths) = dir_with(&[("clouds.yaml", CLOUDS)]);
    let faults = Faults {
        write_error: Some(28),
        ..Faults::default()
    };
    let err = merge_with(&paths[0], &data("b"), &faults).err();
    let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(matches!(err, Some(ExportError::Write { .. })), "{err:?}");
    assert!(
        text.contains("disk is full") && text.contains("was not changed"),
        "{text}"
    );
    assert_eq!(fs::read_to_string(&paths[0]).ok().as_deref(), Some(CLOUDS));
    assert_eq!(entries(dir.path()), ["clouds.yaml"]);
}

#[test]
fn a_concurrent_change_is_refused_and_kept() {
    let (dir, paths) = dir_with(&[("clouds.yaml", CLOUDS)]);
    let theirs = "clouds:\n  written-by-someone-else: {}\n";
    let target = paths[0].clone();
    let faults = Faults {
        before_commit: Some(Box::new(move || {
            let _ = fs::write(&target, theirs);
        })),
        ..Faults::default()
    };
    let err = merge_with(&paths[0], &data("b"), &faults).err();
    assert!(
        matches!(err, Some(ExportError::ChangedOnDisk(_))),
        "{err:?}"
    );
    assert!(
        err.map(|e| e.to_string())
            .unwrap_or_default()
            .contains("run the command again")
    );
    assert_eq!(fs::read_to_string(&paths[0]).ok().as_deref(), Some(theirs));
    assert_eq!(
        entries(dir.path()),
        ["clouds.yaml"],
        "no backup, no temp file"
    );
}

#[test]
fn a_file_created_meanwhile_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.sh");
    let target = path.clone();
    let faults = Faults {
        before_commit: Some(Box::new(move || {
            let _ = fs::write(&target, "theirs");
        })),
        ..Faults::default()
    };
    let err = write_new_with(&path, b"ours", WriteMode::Refuse, &faults).err();
    assert!(matches!(err, Some(ExportError::Exists(_))), "{err:?}");
    assert_eq!(fs::read_to_string(&path).ok().as_deref(), Some("theirs"));
    assert_eq!(entries(dir.path()), ["out.sh"]);
}

#[test]
fn rotation_rolls_back_the_first_file_when_the_second_fails() {
    let clouds = "clouds:\n  a:\n    auth:\n      application_credential_id: old\n";
    let secure = "clouds:\n  a:\n    auth:\n      application_credential_secret: olds\n";
    let (dir, paths) = dir_with(&[("clouds.yaml", clouds), ("secure.yaml", secure)]);
    let found = find_entries_using(&paths[0], Some(&paths[1]), "old").unwrap_or_default();
    assert_eq!(found.len(), 1);
    let failing = paths[1].clone();
    let faults = move |p: &Path| Faults {
        write_error: (p == failing.as_path()).then_some(28),
        ..Faults::default()
    };
    let err = update_with(&found, "new", &Secret::new("news"), &faults).err();
    let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(
        matches!(err, Some(ExportError::RolledBack { .. })),
        "{err:?}"
    );
    assert!(
        text.contains("disk is full") && text.contains("restored"),
        "{text}"
    );
    assert_eq!(fs::read_to_string(&paths[0]).ok().as_deref(), Some(clouds));
    assert_eq!(fs::read_to_string(&paths[1]).ok().as_deref(), Some(secure));
    assert_eq!(entries(dir.path()), ["clouds.yaml", "secure.yaml"]);
}
