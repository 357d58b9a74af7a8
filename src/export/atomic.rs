//! Writing a user's file so that it is either the old file or the new one,
//! never half of each: a temporary file in the same directory (so the rename
//! cannot cross file systems), fsync, a backup of the old file, a last check
//! that nobody wrote the file meanwhile, rename, fsync of the directory.
//! If anything fails before the rename, the temporary file is removed (the
//! `tempfile` guard does it on drop) and the old file is untouched.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chrono::Utc;
use zeroize::Zeroizing;

use super::error::{ExportError, write_hint};

/// What to do when the output file exists already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteMode {
    /// Leave it alone and fail (the default: `--output` without `--force`).
    Refuse,
    /// Replace it (`--force`). The old file is kept as `<file>.bak-<UTC time>`
    /// (0600): `--force` on the wrong file, e.g. a hand-written clouds.yaml,
    /// must not lose it, and the backup adds no exposure the old file did not
    /// already have. A symlink is followed and its target replaced.
    Replace,
}

/// Where an export went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteReport {
    /// The file written (a symlink's target when the link was followed).
    pub path: PathBuf,
    /// The old file's copy, when one was replaced.
    pub backup: Option<PathBuf>,
}

/// Creates `path` with mode 0600, atomically; see [`WriteMode`] for an
/// existing file.
pub fn write_new(
    path: &Path,
    contents: &[u8],
    mode: WriteMode,
) -> Result<WriteReport, ExportError> {
    write_new_with(path, contents, mode, &Faults::default())
}

pub(crate) fn write_new_with(
    path: &Path,
    contents: &[u8],
    mode: WriteMode,
    faults: &Faults,
) -> Result<WriteReport, ExportError> {
    if mode == WriteMode::Refuse && fs::symlink_metadata(path).is_ok() {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    let target = resolve_symlinks(path)?;
    let original = read_original(&target)?;
    let plan = Plan {
        target: &target,
        original: original.as_ref(),
        contents,
        mode: 0o600,
        backup_mode: 0o600,
    };
    match commit(&plan, faults) {
        Ok(backup) => Ok(WriteReport {
            path: target,
            backup,
        }),
        // Someone created the file between our check and the rename.
        Err(ExportError::ChangedOnDisk(_)) if mode == WriteMode::Refuse => {
            Err(ExportError::Exists(path.to_path_buf()))
        }
        Err(e) => Err(e),
    }
}

/// Rewrites an existing file (a consumer's openrc, cloud.conf, Secret
/// manifest) atomically, keeping its mode and owner, and its backup with
/// the same: the consumer that reads it (a service in the file's group)
/// must still read it, and the file already held a secret with that mode.
/// Check first with [`check_rewritable`].
pub fn rewrite_in_place(path: &Path, contents: &[u8]) -> Result<WriteReport, ExportError> {
    let target = resolve_symlinks(path)?;
    let Some(original) = read_original(&target)? else {
        return Err(ExportError::NotRewritable {
            path: path.to_path_buf(),
            why: "it does not exist".into(),
        });
    };
    let plan = Plan {
        target: &target,
        original: Some(&original),
        contents,
        mode: original.mode,
        backup_mode: original.mode,
    };
    let backup = commit(&plan, &Faults::default())?;
    Ok(WriteReport {
        path: target,
        backup,
    })
}

/// Whether [`rewrite_in_place`] may rewrite `path`, asked before anything
/// is created: it must exist, be writable by the caller (the kernel's
/// answer, `access(2)`) and not read-only by its mode (which root's access
/// ignores: someone made it so on purpose), and its folder must let the
/// caller create and rename files (the temporary file and the backup go
/// there; a rename in a folder one owns would otherwise replace a file one
/// may not write).
pub fn check_rewritable(path: &Path) -> Result<(), ExportError> {
    use rustix::fs::{Access, access};
    let no = |why: String| ExportError::NotRewritable {
        path: path.to_path_buf(),
        why,
    };
    let target = resolve_symlinks(path)?;
    let meta = match fs::metadata(&target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(no("it does not exist".into()));
        }
        Err(e) => return Err(no(format!("cannot look at it: {e}"))),
    };
    if meta.is_dir() {
        return Err(ExportError::IsADirectory(target));
    }
    if meta.mode() & 0o200 == 0 {
        return Err(no(format!(
            "it is read-only (mode {:04o}); make it writable (chmod u+w) or leave it out",
            meta.mode() & 0o7777
        )));
    }
    if access(&target, Access::WRITE_OK).is_err() {
        return Err(no(format!(
            "you may not write it (mode {:04o}, owner uid {}); run as its owner or leave it out",
            meta.mode() & 0o7777,
            meta.uid()
        )));
    }
    let dir = parent_dir(&target);
    if access(&dir, Access::WRITE_OK | Access::EXEC_OK).is_err() {
        return Err(no(format!(
            "you may not create files in its folder {} (the new file and its backup are \
             written there, then renamed over it)",
            dir.display()
        )));
    }
    Ok(())
}

/// Test hooks for the failures a real disk gives rarely. Empty in production.
#[derive(Default)]
pub(crate) struct Faults {
    /// Write half the contents, then fail with this OS error (28 = ENOSPC).
    pub(crate) write_error: Option<i32>,
    /// Runs after the new file is ready, before the last check and the rename.
    pub(crate) before_commit: Option<Box<dyn Fn()>>,
}

/// A file as it was read, to back up and to detect a concurrent change.
pub(crate) struct Original {
    pub(crate) bytes: Zeroizing<Vec<u8>>,
    pub(crate) mode: u32,
    pub(crate) uid: u32,
    pub(crate) gid: u32,
}

/// Follows a symlink chain (the last component only) to the real file, so
/// a rename replaces the target and not the link. The target may be missing.
pub(crate) fn resolve_symlinks(path: &Path) -> Result<PathBuf, ExportError> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = fs::read_link(&current).map_err(|source| ExportError::Read {
                    path: current.clone(),
                    source,
                })?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(ExportError::Read {
        path: path.to_path_buf(),
        source: io::Error::other("too many levels of symbolic links"),
    })
}

/// Reads the file if it exists (`None` if not).
pub(crate) fn read_original(path: &Path) -> Result<Option<Original>, ExportError> {
    let read_err = |source| ExportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_err(e)),
    };
    let meta = file.metadata().map_err(read_err)?;
    if meta.is_dir() {
        return Err(ExportError::IsADirectory(path.to_path_buf()));
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(meta.len() as usize + 1));
    file.read_to_end(&mut bytes).map_err(read_err)?;
    Ok(Some(Original {
        bytes,
        mode: meta.mode() & 0o7777,
        uid: meta.uid(),
        gid: meta.gid(),
    }))
}

/// One file to put in place.
pub(crate) struct Plan<'a> {
    pub(crate) target: &'a Path,
    /// What the target held when read; `None`: it must still not exist.
    pub(crate) original: Option<&'a Original>,
    pub(crate) contents: &'a [u8],
    pub(crate) mode: u32,
    /// The backup's mode: 0600, or the original's where the file keeps its
    /// own mode (a consumer file rewritten in place).
    pub(crate) backup_mode: u32,
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `plan.contents` to `plan.target` atomically; returns the backup of
/// the old file, if there was one.
pub(crate) fn commit(plan: &Plan<'_>, faults: &Faults) -> Result<Option<PathBuf>, ExportError> {
    let target = plan.target;
    let dir = parent_dir(target);
    if !dir.is_dir() {
        return Err(ExportError::MissingDirectory {
            path: target.to_path_buf(),
            dir,
        });
    }
    let temp = private_temp(target, &dir)?;
    let write_err = |source: io::Error| ExportError::Write {
        path: target.to_path_buf(),
        hint: write_hint(&source),
        source,
    };
    let mut file = temp.as_file();
    write_contents(&mut file, plan.contents, faults).map_err(write_err)?;
    file.set_permissions(Permissions::from_mode(plan.mode))
        .map_err(write_err)?;
    if let Some(original) = plan.original {
        // Keep the owner when root edits someone else's file; best effort,
        // as only root may give a file away.
        let _ = std::os::unix::fs::fchown(file, Some(original.uid), Some(original.gid));
    }
    file.sync_all().map_err(write_err)?;
    let backup = match plan.original {
        Some(original) => Some(write_backup(target, original, plan.backup_mode)?),
        None => None,
    };
    if let Some(hook) = &faults.before_commit {
        hook();
    }
    let unchanged = match plan.original {
        Some(original) => fs::read(target)
            .map(Zeroizing::new)
            .is_ok_and(|now| *now == *original.bytes),
        None => fs::symlink_metadata(target).is_err(),
    };
    if !unchanged {
        if let Some(b) = &backup {
            let _ = fs::remove_file(b);
        }
        return Err(ExportError::ChangedOnDisk(target.to_path_buf()));
    }
    let placed = match plan.original {
        Some(_) => temp.persist(target).map(|_| ()),
        None => temp.persist_noclobber(target).map(|_| ()),
    };
    if let Err(e) = placed {
        if let Some(b) = &backup {
            let _ = fs::remove_file(b);
        }
        if plan.original.is_none() && e.error.kind() == io::ErrorKind::AlreadyExists {
            return Err(ExportError::ChangedOnDisk(target.to_path_buf()));
        }
        return Err(ExportError::Rename {
            path: target.to_path_buf(),
            source: e.error,
        });
    }
    // The rename is durable only once the directory is synced. Failing here
    // would be misleading (the new file is in place), so it is best effort.
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(backup)
}

/// An empty 0600 file `.<name>.XXXX.appcred-tmp` in `dir`, removed on drop
/// unless persisted.
fn private_temp(target: &Path, dir: &Path) -> Result<tempfile::NamedTempFile, ExportError> {
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".appcred-tmp")
        .permissions(Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|source| ExportError::CreateTemp {
            path: target.to_path_buf(),
            dir: dir.to_path_buf(),
            source,
        })
}

fn write_contents(file: &mut &File, contents: &[u8], faults: &Faults) -> io::Result<()> {
    if let Some(code) = faults.write_error {
        file.write_all(&contents[..contents.len() / 2])?;
        return Err(io::Error::from_raw_os_error(code));
    }
    file.write_all(contents)
}

/// `<file>.bak-<UTC time>` next to the file, with `mode` (0600, or the
/// original's own), never overwriting one. Owned like the original: root
/// editing another user's clouds.yaml must not leave that user a backup they
/// cannot read or remove.
fn write_backup(target: &Path, original: &Original, mode: u32) -> Result<PathBuf, ExportError> {
    let bytes: &[u8] = &original.bytes;
    let stamp = Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut last_err = io::Error::other("no free backup name");
    let mut backup = target.with_file_name(format!("{name}.bak-{stamp}"));
    for n in 1..100 {
        if n > 1 {
            backup = target.with_file_name(format!("{name}.bak-{stamp}-{n}"));
        }
        let opened = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&backup);
        match opened {
            Ok(mut f) => {
                // `mode` may have bits the umask would take: set it exactly.
                let _ = f.set_permissions(Permissions::from_mode(mode));
                // Best effort, as in `commit`: only root may give a file away.
                let _ = std::os::unix::fs::fchown(&f, Some(original.uid), Some(original.gid));
                let written = f.write_all(bytes).and_then(|_| f.sync_all());
                return match written {
                    Ok(()) => Ok(backup),
                    Err(source) => {
                        let _ = fs::remove_file(&backup);
                        Err(ExportError::Backup {
                            path: target.to_path_buf(),
                            backup,
                            source,
                        })
                    }
                };
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_err = e,
            Err(source) => {
                return Err(ExportError::Backup {
                    path: target.to_path_buf(),
                    backup,
                    source,
                });
            }
        }
    }
    Err(ExportError::Backup {
        path: target.to_path_buf(),
        backup,
        source: last_err,
    })
}

/// The mode a file gets once appcred writes a secret into it: the old mode
/// without any group or other bits, so a secret never becomes readable by
/// others just because the file was (0644 becomes 0600). A read-only file
/// stays read-only (0444 becomes 0400): someone made it so on purpose.
pub(crate) fn private_mode(old: u32) -> u32 {
    (old & 0o700) | 0o400
}

/// Replaces `path` (or creates it) with `contents` atomically and with
/// `mode`, keeping no backup: for files that hold no secret and are
/// rewritten on every run, such as a metrics file a scraper reads at any
/// moment (it sees the old file or the new one, never half of one).
pub fn replace_public(path: &Path, contents: &[u8], mode: u32) -> Result<PathBuf, ExportError> {
    let target = resolve_symlinks(path)?;
    if target.is_dir() {
        return Err(ExportError::IsADirectory(target));
    }
    let dir = parent_dir(&target);
    if !dir.is_dir() {
        return Err(ExportError::MissingDirectory { path: target, dir });
    }
    // Named `.<file>.*.appcred-tmp`: node_exporter's textfile collector
    // reads only `*.prom`, so it never sees the file being written.
    let temp = private_temp(&target, &dir)?;
    let write_err = |source: io::Error| ExportError::Write {
        path: target.clone(),
        hint: write_hint(&source),
        source,
    };
    let mut file = temp.as_file();
    file.write_all(contents).map_err(write_err)?;
    file.set_permissions(Permissions::from_mode(mode))
        .map_err(write_err)?;
    file.sync_all().map_err(write_err)?;
    temp.persist(&target).map_err(|e| ExportError::Rename {
        path: target.clone(),
        source: e.error,
    })?;
    if let Ok(d) = File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(target)
}
