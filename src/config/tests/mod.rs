//! Tests for config. Every test builds its own [`Environment`] on temp dirs
//! (cwd, home, "system" dirs), so nothing depends on the developer's real
//! variables, home or /etc.

mod errors;
mod fuzz;
mod precedence;
mod search;
mod selection;
mod values;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

use super::loader::Loader;
use super::{CloudConfig, CloudSummary, ConfigError, Environment, Overrides};

/// A sandbox: `root/cwd`, `root/home`, and two system dirs under `root/etc*`.
pub(super) struct Sandbox {
    dir: TempDir,
    pub env: Environment,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("cannot create a temp dir: {e}"),
        };
        let env = Environment {
            vars: HashMap::new(),
            cwd: dir.path().join("cwd"),
            home: Some(dir.path().join("home")),
        };
        let sandbox = Sandbox { dir, env };
        for sub in ["cwd", "home", "etc-xdg/openstack", "etc/openstack"] {
            sandbox.mkdir(sub);
        }
        sandbox
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn system_dirs(&self) -> Vec<PathBuf> {
        vec![
            self.root().join("etc-xdg/openstack"),
            self.root().join("etc/openstack"),
        ]
    }

    pub fn var(mut self, name: &str, value: &str) -> Sandbox {
        self.env.vars.insert(name.to_string(), value.to_string());
        self
    }

    pub fn vars(mut self, vars: &[(&str, &str)]) -> Sandbox {
        for (k, v) in vars {
            self.env.vars.insert((*k).to_string(), (*v).to_string());
        }
        self
    }

    pub fn mkdir(&self, rel: &str) -> PathBuf {
        let p = self.root().join(rel);
        if let Err(e) = std::fs::create_dir_all(&p) {
            panic!("mkdir {}: {e}", p.display());
        }
        p
    }

    /// Writes `text` at `rel` (relative to the sandbox root), making parents.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.root().join(rel);
        if let Some(parent) = p.parent() {
            self.mkdir(&parent.to_string_lossy());
        }
        if let Err(e) = std::fs::write(&p, text) {
            panic!("write {}: {e}", p.display());
        }
        p
    }

    /// Writes into `~/.config/openstack/`.
    pub fn user_file(&self, name: &str, text: &str) -> PathBuf {
        self.write(&format!("home/.config/openstack/{name}"), text)
    }

    pub fn loader(&self) -> Loader<'_> {
        Loader::with_system_dirs(&self.env, self.system_dirs())
    }

    pub fn resolve(&self, flags: &Overrides) -> Result<CloudConfig, ConfigError> {
        self.loader().resolve(flags)
    }

    pub fn resolve_ok(&self, flags: &Overrides) -> CloudConfig {
        match self.resolve(flags) {
            Ok(c) => c,
            Err(e) => panic!("resolve failed: {e}"),
        }
    }

    pub fn resolve_err(&self, flags: &Overrides) -> String {
        match self.resolve(flags) {
            Ok(c) => panic!("expected an error, got cloud {}", c.name),
            Err(e) => e.to_string(),
        }
    }

    pub fn list(&self) -> Result<Vec<CloudSummary>, ConfigError> {
        self.loader().list()
    }
}

pub(super) fn cloud(name: &str) -> Overrides {
    Overrides {
        cloud: Some(name.to_string()),
        ..Overrides::default()
    }
}

/// Asserts `haystack` contains every needle, showing the message if not.
pub(super) fn assert_mentions(haystack: &str, needles: &[&str]) {
    for n in needles {
        assert!(haystack.contains(n), "expected {n:?} in:\n{haystack}");
    }
}
