//! The candidate finder on real files in a temporary directory.

use std::path::PathBuf;

use super::find::{MAX_FILE_BYTES, candidates};

const OLD: &str = "0123456789abcdef0123456789abcdef";

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn finds_the_files_that_use_the_old_id_and_nothing_else() {
    let exports = tempfile::tempdir().expect("tempdir");
    let config = tempfile::tempdir().expect("tempdir");
    let e = exports.path();
    let rc = write(
        e,
        "ci.openrc",
        &format!(
            "export OS_APPLICATION_CREDENTIAL_ID={OLD}\nexport OS_APPLICATION_CREDENTIAL_SECRET=s\n"
        ),
    );
    let conf = write(
        config.path(),
        "cloud.conf",
        &format!(
            "[Global]\napplication-credential-id = {OLD}\napplication-credential-secret = s\n"
        ),
    );
    // Another credential's file, a note naming the id, the id in a comment
    // only, a file too big, a subdirectory's file, a link: none of them.
    write(
        e,
        "other.openrc",
        "export OS_APPLICATION_CREDENTIAL_ID=someoneelse\nexport OS_APPLICATION_CREDENTIAL_SECRET=s\n",
    );
    write(e, "notes.txt", &format!("rotate {OLD} on Friday\n"));
    write(
        e,
        "commented.openrc",
        &format!(
            "# was {OLD}\nexport OS_APPLICATION_CREDENTIAL_ID=someoneelse\nexport OS_APPLICATION_CREDENTIAL_SECRET=s\n"
        ),
    );
    let mut big = format!("export OS_APPLICATION_CREDENTIAL_ID={OLD}\n");
    big.push_str(&"#".repeat(MAX_FILE_BYTES as usize));
    write(e, "big.openrc", &big);
    std::fs::create_dir(e.join("deeper")).expect("mkdir");
    write(
        &e.join("deeper"),
        "deep.openrc",
        &format!("export OS_APPLICATION_CREDENTIAL_ID={OLD}\n"),
    );
    std::os::unix::fs::symlink(&rc, e.join("link.openrc")).expect("symlink");
    // The clouds.yaml the clouds step handles is left to it.
    let clouds = write(
        config.path(),
        "clouds.yaml",
        &format!(
            "clouds:\n  ci:\n    auth:\n      application_credential_id: {OLD}\n      application_credential_secret: s\n"
        ),
    );

    let dirs = [
        e.to_path_buf(),
        config.path().to_path_buf(),
        e.to_path_buf(),
    ];
    let found = candidates(&dirs, &[clouds], OLD);
    let canon = |p: PathBuf| std::fs::canonicalize(p).expect("canonical");
    let mut want = vec![canon(rc), canon(conf)];
    want.sort();
    assert_eq!(found, want);
}

#[test]
fn a_missing_directory_or_an_empty_id_finds_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "ci.openrc",
        &format!("export OS_APPLICATION_CREDENTIAL_ID={OLD}\n"),
    );
    assert!(candidates(&[dir.path().join("gone")], &[], OLD).is_empty());
    assert!(candidates(&[dir.path().to_path_buf()], &[], "").is_empty());
    assert_eq!(candidates(&[dir.path().to_path_buf()], &[], OLD).len(), 1);
}
