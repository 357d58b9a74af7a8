//! A rotation's side of the record, for both front ends: which recorded
//! places of the old credential to rewrite (beside the files named with
//! `--update` and the clouds.yaml entries the clouds step updates), which
//! are gone, and, once rewritten, the record moved to the successor.
//! Nothing here rewrites a file: `rotation::consumers` and
//! `rotation::clouds` do, and tell this plan what they did.

use std::path::{Path, PathBuf};

use super::{Kind, Notes, Place, places_of, rotated};
use crate::config::Environment;
use crate::export::EntryRef;

/// The recorded places of a credential being rotated.
pub struct RotationPlan {
    env: Environment,
    old_id: String,
    explicit: Vec<PathBuf>,
    /// Recorded places still there.
    recorded: Vec<Place>,
    /// Recorded places no longer there, or no longer holding the old id.
    gone: Vec<Place>,
    /// Places now holding the successor.
    updated: Vec<Place>,
    /// What to tell about the record itself (a corrupt file set aside).
    pub notes: Notes,
}

/// The same file however it was named (a relative `--update`, a symlink).
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    canon(a) == canon(b)
}

impl RotationPlan {
    /// The plan for `old_id`: `explicit` are the files named with
    /// `--update` (or found by looking), in that order before the record's.
    pub fn new(env: &Environment, old_id: &str, explicit: &[PathBuf]) -> RotationPlan {
        let (places, notes) = places_of(env, old_id);
        let (gone, recorded) = places.into_iter().partition(Place::is_gone);
        RotationPlan {
            env: env.clone(),
            old_id: old_id.to_string(),
            explicit: explicit.to_vec(),
            recorded,
            gone,
            updated: Vec::new(),
            notes,
        }
    }

    /// The recorded places still there that are no file (a secret store,
    /// once there are such kinds): the caller updates each itself and says
    /// so with [`Self::place_updated`] or [`Self::place_gone`].
    pub fn other_places(&self) -> Vec<Place> {
        self.recorded
            .iter()
            .filter(|p| !p.kind.is_file())
            .cloned()
            .collect()
    }

    /// `place` (one of the recorded) now holds the successor.
    pub fn place_updated(&mut self, place: &Place) {
        let moved = self.take(|p| p.same_spot(place));
        self.updated.extend(moved);
    }

    /// `place` (one of the recorded) no longer holds the old credential.
    pub fn place_gone(&mut self, place: &Place) {
        let gone = self.take(|p| p.same_spot(place));
        self.gone.extend(gone);
    }

    /// The recorded places `which` picks, taken out of `recorded`.
    fn take(&mut self, which: impl Fn(&Place) -> bool) -> Vec<Place> {
        let (taken, kept): (Vec<Place>, Vec<Place>) = self.recorded.drain(..).partition(which);
        self.recorded = kept;
        taken
    }

    /// Recorded places that are gone (removed by hand), so far.
    pub fn gone(&self) -> &[Place] {
        &self.gone
    }

    /// True when a recorded place is in one of `files` (the clouds.yaml and
    /// secure.yaml the clouds step updates): recorded means agreed.
    pub fn recorded_in(&self, files: &[PathBuf]) -> bool {
        self.recorded_files()
            .any(|p| files.iter().any(|f| same_file(&p, f)))
    }

    fn recorded_files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.recorded.iter().filter_map(Place::path)
    }

    /// Every file to rewrite: the explicit ones, then each recorded file not
    /// among them nor among `clouds_step` (those files are the clouds
    /// step's), once.
    pub fn files(&self, clouds_step: &[PathBuf]) -> Vec<PathBuf> {
        let mut out = self.explicit.clone();
        for p in self.recorded_files() {
            let taken = out.iter().chain(clouds_step).any(|f| same_file(f, &p));
            if !taken {
                out.push(p);
            }
        }
        out
    }

    /// True when `path` is rewritten because the record names it, not
    /// because it was named on the command line.
    pub fn is_recorded(&self, path: &Path) -> bool {
        !self.explicit.iter().any(|f| same_file(f, path))
            && self.recorded_files().any(|p| same_file(&p, path))
    }

    /// A recorded file the rewriter skipped: it no longer holds the old id.
    pub fn no_longer_holds(&mut self, path: &Path) {
        let gone = self.take_file(path);
        self.gone.extend(gone);
    }

    /// The recorded places in the file `path`, taken out of `recorded`.
    fn take_file(&mut self, path: &Path) -> Vec<Place> {
        self.take(|p| p.path().is_some_and(|f| same_file(&f, path)))
    }

    /// `path` was rewritten to the successor; `kind` is the rewriter's
    /// name for its format (`openrc`, `clouds`, ...).
    pub fn file_updated(&mut self, path: &Path, kind: &str) {
        let moved = self.take_file(path);
        if moved.is_empty() {
            let kind = Kind::from_name(kind).unwrap_or(Kind::Openrc);
            self.updated.push(Place::file(kind, path, None));
        }
        self.updated.extend(moved);
    }

    /// The clouds step pointed `entry` at the successor (its id and secret
    /// may be in clouds.yaml, secure.yaml or both).
    pub fn entry_updated(&mut self, entry: &EntryRef) {
        let files: Vec<&Path> = entry.files().collect();
        let recorded = self.recorded.iter().position(|p| {
            p.entry.as_deref() == Some(entry.cloud_name.as_str())
                && p.path()
                    .is_some_and(|f| files.iter().any(|g| same_file(&f, g)))
        });
        match (recorded, files.first()) {
            (Some(i), _) => self.updated.push(self.recorded.remove(i)),
            (None, Some(file)) => {
                self.updated
                    .push(Place::file(Kind::Clouds, file, Some(&entry.cloud_name)))
            }
            (None, None) => {}
        }
    }

    /// Recorded entries in the clouds step's `files` that are not among the
    /// entries `found` using the old id (renamed, removed or pointed
    /// elsewhere by hand) are gone; returns them to be said.
    pub fn entries_gone(&mut self, files: &[PathBuf], found: &[EntryRef]) -> Vec<Place> {
        let stale = |p: &Place| {
            p.path()
                .is_some_and(|f| files.iter().any(|g| same_file(&f, g)))
                && !found
                    .iter()
                    .any(|e| p.entry.as_deref() == Some(e.cloud_name.as_str()))
        };
        let gone = self.take(stale);
        self.gone.extend(gone.iter().cloned());
        gone
    }

    /// Writes the record: the updated places to `new_id`, the gone ones
    /// dropped; the rest stay with the old id (they still hold it).
    pub fn finish(self, new_id: &str) -> Notes {
        if self.updated.is_empty() && self.gone.is_empty() {
            return Vec::new();
        }
        rotated(&self.env, &self.old_id, new_id, self.updated, &self.gone)
    }
}
