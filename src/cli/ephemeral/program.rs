//! CMD is looked up before anything is created: a typo costs no credential.

use std::ffi::OsStr;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

use crate::cli::error::CliError;

/// CMD as `exec` would start it: a path (with a `/`) or a name on PATH,
/// executable. Not found: exit 127; found but not executable: 126.
pub fn check(program: &OsStr) -> Result<PathBuf, CliError> {
    let path = Path::new(program);
    let found = if path.components().count() > 1 || program.to_string_lossy().contains('/') {
        path.is_file().then(|| path.to_path_buf())
    } else {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(path))
                .find(|p| p.is_file() && executable(p))
        })
    };
    let Some(found) = found else {
        return Err(not_found(program, 127, "not found"));
    };
    if !executable(&found) {
        return Err(not_found(program, 126, "not executable"));
    }
    Ok(found)
}

fn executable(p: &Path) -> bool {
    p.metadata()
        .is_ok_and(|m| m.permissions().mode() & 0o111 != 0)
}

fn not_found(program: &OsStr, code: u8, why: &str) -> CliError {
    CliError {
        message: format!(
            "cannot run {}: {why}; no ephemeral credential was created",
            program.to_string_lossy()
        ),
        hint: Some("check the command's name and that it is on PATH".to_string()),
        code,
    }
}

/// The command could not be started after all (the credential is deleted
/// by the caller).
pub fn cannot_run(program: &OsStr, e: &std::io::Error) -> CliError {
    CliError {
        message: format!("cannot run {}: {e}", program.to_string_lossy()),
        hint: Some("check the command's name and that it is on PATH".to_string()),
        code: if e.kind() == std::io::ErrorKind::NotFound {
            127
        } else {
            126
        },
    }
}
