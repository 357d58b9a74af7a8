//! Is an export about to land in a git work tree where `git status` would
//! show it (and a careless `git add .` commit it)? Exports hold a secret;
//! the default folder is often a checkout.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The work tree `path` would be visible in: Some(root) when a folder above
/// it holds `.git` and git does not ignore the file (`git check-ignore`).
/// Without a git program the file counts as visible: the tree is there.
pub fn visible_in_git_tree(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let folder = absolute.parent()?;
    let root = folder.ancestors().find(|dir| dir.join(".git").exists())?;
    let ignored = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["check-ignore", "-q", "--no-index", "--"])
        .arg(&absolute)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    (!ignored).then(|| root.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_in_a_work_tree_is_visible_unless_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("app-cred-x-openrc.sh");
        assert_eq!(visible_in_git_tree(&outside), None);
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("sub")).unwrap();
        let inside = repo.join("sub/app-cred-x-openrc.sh");
        assert_eq!(visible_in_git_tree(&inside), Some(repo.clone()));
        // An ignored name is fine (needs git; skipped without it).
        let has_git = Command::new("git").arg("--version").output().is_ok();
        if has_git {
            let init = Command::new("git")
                .arg("init")
                .arg("-q")
                .arg(&repo)
                .status();
            assert!(init.is_ok_and(|s| s.success()));
            std::fs::write(repo.join(".gitignore"), "*-openrc.sh\n").unwrap();
            assert_eq!(visible_in_git_tree(&inside), None);
        }
    }
}
