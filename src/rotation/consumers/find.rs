//! Where a rotation looks for consumer files without being told: the
//! directories appcred knows (`export_dir`, the clouds.yaml/secure.yaml it
//! read). One level only, bounded in size and count, so a big or crowded
//! folder costs little; a file counts when it holds the old id and one of
//! the rewriters recognises it as using it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::{Rewrite, detect, rewrite_as};
use crate::secret::Secret;

/// Larger files are no credential file; not read.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
/// Entries looked at per directory; the rest are not.
pub const MAX_ENTRIES: usize = 300;

/// The regular files directly in `dirs` (not `exclude`, which the clouds
/// step handles) that hold `old_id` as the credential they use, sorted.
pub fn candidates(dirs: &[PathBuf], exclude: &[PathBuf], old_id: &str) -> Vec<PathBuf> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let exclude: BTreeSet<PathBuf> = exclude.iter().map(|p| canon(p)).collect();
    let dirs: BTreeSet<PathBuf> = dirs.iter().map(|d| canon(d)).collect();
    let mut found = BTreeSet::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.take(MAX_ENTRIES).flatten() {
            let path = entry.path();
            // symlink_metadata: a link is not followed (the atomic rewrite
            // would replace the link, not its target).
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if !meta.is_file() || meta.len() > MAX_FILE_BYTES || exclude.contains(&path) {
                continue;
            }
            if uses(&path, old_id) {
                found.insert(path);
            }
        }
    }
    found.into_iter().collect()
}

/// `path` holds `old_id` in a format a rewriter knows, and not only in a
/// comment (one it would refuse as unsafe counts: it is then reported).
fn uses(path: &Path, old_id: &str) -> bool {
    let Ok(bytes) = std::fs::read(path).map(Zeroizing::new) else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return false;
    };
    if old_id.is_empty() || !text.contains(old_id) {
        return false;
    }
    let Some(kind) = detect(text) else {
        return false;
    };
    let probe = Secret::new("");
    !matches!(
        rewrite_as(kind, text, old_id, old_id, &probe),
        Rewrite::NotUsing
    )
}
