//! Where appcred put each credential: per credential id, the places it
//! wrote it (export files, merged clouds.yaml entries, Kubernetes
//! manifests, cloud.conf, the secret stores) and when. Never the
//! secret. `rotate` reads it to update every copy, `show` lists it,
//! `delete` and `prune` warn with it.
//!
//! One JSON file, `$XDG_STATE_HOME/appcred/held.json` (else
//! `~/.local/state/appcred/held.json`), 0600, replaced atomically; every
//! read-modify-write holds an exclusive `flock` on `held.lock` beside it,
//! so two appcred processes at once never lose each other's change
//! (`file.rs`). A corrupt file is set aside under a dated name and reported,
//! never overwritten (`file.rs`). Nothing depends on the record being
//! complete: a place the user removed by hand is reported as gone.
//!
//! Recording never fails the command that wrote the file: the functions at
//! the bottom return what to tell the person, not an error.

mod file;
mod ledger;
mod rotation;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use chrono::{DateTime, SubsecRound, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Environment;
use crate::export::{ExportData, ExportFormat};

pub use file::{HeldError, Loaded, Record, SetAside};
pub use ledger::Ledger;
pub use rotation::RotationPlan;

/// What kind of place holds a credential. Serialized as its short name
/// (`openrc`, `clouds`, ...: the export formats' command-line names), which
/// `show -f json` prints as `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Openrc,
    /// An entry of a clouds.yaml (its name is [`Place::entry`]).
    Clouds,
    Json,
    CloudConf,
    K8sSecret,
    Env,
    /// A secret store (`crate::store`): the location is its canonical
    /// address (`vault:secret/openstack/ci`, `pass:...`, `secret-service:...`).
    Store,
}

impl Kind {
    /// Every kind, in the order they are listed.
    pub const ALL: [Kind; 7] = [
        Kind::Openrc,
        Kind::Clouds,
        Kind::Json,
        Kind::CloudConf,
        Kind::K8sSecret,
        Kind::Env,
        Kind::Store,
    ];

    /// The short name (`show`'s `kind`, the serialized one): a file's is
    /// its export format's name.
    pub fn as_str(self) -> &'static str {
        match self.format() {
            Some(f) => f.output().name,
            None => "store",
        }
    }

    /// The kind named `name` (an export format's or a rewriter's name).
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The export format that writes this kind of file; None for a place
    /// that is no file (a store).
    pub fn format(self) -> Option<ExportFormat> {
        Some(match self {
            Kind::Store => return None,
            Kind::Openrc => ExportFormat::Openrc,
            Kind::Clouds => ExportFormat::Clouds,
            Kind::Json => ExportFormat::Json,
            Kind::CloudConf => ExportFormat::CloudConf,
            Kind::K8sSecret => ExportFormat::K8sSecret,
            Kind::Env => ExportFormat::Env,
        })
    }

    /// True for a file on this machine (rotation rewrites it in place).
    pub fn is_file(self) -> bool {
        self.format().is_some()
    }
}

impl From<ExportFormat> for Kind {
    fn from(f: ExportFormat) -> Kind {
        match f {
            ExportFormat::Openrc => Kind::Openrc,
            ExportFormat::Clouds => Kind::Clouds,
            ExportFormat::Json => Kind::Json,
            ExportFormat::CloudConf => Kind::CloudConf,
            ExportFormat::K8sSecret => Kind::K8sSecret,
            ExportFormat::Env => Kind::Env,
        }
    }
}

/// One place a credential was put. No secret inside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub kind: Kind,
    /// A file's absolute path, or a store's canonical address.
    pub location: String,
    /// The clouds.yaml entry's name, for [`Kind::Clouds`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    pub recorded_at: DateTime<Utc>,
}

impl Place {
    /// A file written now, at its absolute path.
    pub fn file(kind: Kind, path: &Path, entry: Option<&str>) -> Place {
        Place {
            kind,
            location: absolute(path).to_string_lossy().into_owned(),
            entry: entry.map(str::to_string),
            recorded_at: now(),
        }
    }

    /// A secret store written now, at its canonical address (what
    /// `store::write` returns).
    pub fn store(address: &str) -> Place {
        Place {
            kind: Kind::Store,
            location: address.to_string(),
            entry: None,
            recorded_at: now(),
        }
    }

    /// An export of `data` in `format` just written to `path` (a clouds
    /// export names its entry).
    pub fn exported(format: ExportFormat, path: &Path, data: &ExportData) -> Place {
        let kind = Kind::from(format);
        let entry = (kind == Kind::Clouds).then_some(data.cloud_name.as_str());
        Place::file(kind, path, entry)
    }

    /// The file, for a place that is one.
    pub fn path(&self) -> Option<PathBuf> {
        self.kind.is_file().then(|| PathBuf::from(&self.location))
    }

    /// True when both name the same spot (one spot holds one credential).
    pub fn same_spot(&self, other: &Place) -> bool {
        self.location == other.location && self.entry == other.entry
    }

    /// `/path/clouds.yaml (entry ci)` or `/path/openrc`: for a person.
    pub fn describe(&self) -> String {
        match &self.entry {
            Some(e) => format!("{} (entry {e})", self.location),
            None => self.location.clone(),
        }
    }

    /// True when the file is no longer there (removed by hand).
    pub fn is_gone(&self) -> bool {
        self.path().is_some_and(|p| p.symlink_metadata().is_err())
    }
}

/// Now, to the second: `recorded_at` reads as RFC 3339 without a fraction.
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

/// `path` made absolute (symlinks of the folders resolved when it exists),
/// so the same file is one place whatever the current directory was.
fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// What to tell the person about the record (a corrupt file set aside, a
/// record that could not be written); empty when all went well.
pub type Notes = Vec<String>;

/// Records that `id` was put in `places`, in the record of `env`'s state
/// folder. A place
/// taken by another credential before (a file replaced, an entry
/// overwritten) now belongs to `id`.
pub fn remember(env: &Environment, id: &str, places: Vec<Place>) -> Notes {
    change(env, |l| {
        for p in places {
            l.add(id, p);
        }
    })
}

/// After a rotation: `updated` now hold `new_id` (their kinds and entries
/// kept, recorded now), `gone` are dropped from `old_id`.
fn rotated(
    env: &Environment,
    old_id: &str,
    new_id: &str,
    updated: Vec<Place>,
    gone: &[Place],
) -> Notes {
    change(env, |l| {
        l.drop_spots(old_id, gone);
        for p in updated {
            l.add(
                new_id,
                Place {
                    recorded_at: Utc::now(),
                    ..p
                },
            );
        }
    })
}

/// Forgets the places of credentials that no longer exist.
pub fn forget(env: &Environment, ids: &[String]) -> Notes {
    change(env, |l| {
        for id in ids {
            l.forget(id);
        }
    })
}

/// The places recorded for `id`, and what to tell about the record.
pub fn places_of(env: &Environment, id: &str) -> (Vec<Place>, Notes) {
    let Some(record) = Record::for_env(env) else {
        return (Vec::new(), Vec::new());
    };
    match record.load() {
        Ok(loaded) => (
            loaded.ledger.places(id).to_vec(),
            loaded.set_aside.iter().map(ToString::to_string).collect(),
        ),
        Err(e) => (Vec::new(), vec![e.to_string()]),
    }
}

/// The whole record (every credential's places), for a front end that
/// shows many credentials at once.
pub fn load_all(env: &Environment) -> (Ledger, Notes) {
    let Some(record) = Record::for_env(env) else {
        return (Ledger::default(), Vec::new());
    };
    match record.load() {
        Ok(loaded) => (
            loaded.ledger,
            loaded.set_aside.iter().map(ToString::to_string).collect(),
        ),
        Err(e) => (Ledger::default(), vec![e.to_string()]),
    }
}

fn change(env: &Environment, f: impl FnOnce(&mut Ledger)) -> Notes {
    let Some(record) = Record::for_env(env) else {
        return vec![
            "no $XDG_STATE_HOME or $HOME: where the credential was put is not recorded".into(),
        ];
    };
    match record.update(f) {
        Ok(set_aside) => set_aside.iter().map(ToString::to_string).collect(),
        Err(e) => vec![e.to_string()],
    }
}
