//! Logging in to one cloud without a person, listing its credentials, and
//! doing that for many clouds at once (at most [`CONCURRENCY`] in flight).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use futures::StreamExt;
use futures::future::BoxFuture;

use crate::config::{self, Environment, Overrides};
use crate::keystone::{
    ApplicationCredential, KeystoneError, LoginNotice, PromptKind, Prompter, Scope, Session,
};
use crate::secret::Secret;

/// Logins in flight at once: enough to hide each Keystone's latency, few
/// enough not to look like a flood to any one of them (or to a shared
/// identity provider behind several).
pub const CONCURRENCY: usize = 8;

/// How long one cloud may take, login and list together, when the options
/// do not say: a cloud that accepts and never answers is given up on
/// after this, and the others go on meanwhile.
pub const DEFAULT_CLOUD_DEADLINE: std::time::Duration = std::time::Duration::from_secs(30);

/// How the clouds are logged in to.
#[derive(Debug, Clone, Default)]
pub struct FleetOptions {
    /// Use the kernel keyring's token cache (`appcred login`), as single-cloud
    /// commands do unless it is turned off.
    pub use_cache: bool,
    /// The other `--os-*` flags, applied to every cloud as `--os-cloud X`
    /// would apply them to one.
    pub overrides: Overrides,
    /// One cloud's time, login and list together; `None`:
    /// [`DEFAULT_CLOUD_DEADLINE`].
    pub deadline: Option<std::time::Duration>,
}

/// Why a cloud's credentials could not be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unlisted {
    /// Its login needs a password or passcode that is not configured.
    NeedsPrompt { reason: String },
    /// Its configuration, login or listing failed.
    Failed {
        reason: String,
        hint: Option<String>,
    },
}

impl Unlisted {
    pub fn reason(&self) -> &str {
        match self {
            Unlisted::NeedsPrompt { reason } | Unlisted::Failed { reason, .. } => reason,
        }
    }

    pub fn hint(&self) -> Option<&str> {
        match self {
            Unlisted::NeedsPrompt { .. } => None,
            Unlisted::Failed { hint, .. } => hint.as_deref(),
        }
    }
}

/// One cloud's answer.
#[derive(Debug, Clone)]
pub struct CloudListing {
    /// The clouds.yaml name.
    pub cloud: String,
    /// The login's scope (`project demo (Default)`), once logged in.
    pub scope: Option<Scope>,
    pub outcome: Result<Vec<ApplicationCredential>, Unlisted>,
}

impl CloudListing {
    /// The project name for a credential's `project_id`, when it is the
    /// login's project (else the id: looking names up costs a request each).
    pub fn project_label(&self, cred: &ApplicationCredential) -> String {
        let id = cred.project_id.clone().unwrap_or_default();
        match &self.scope {
            Some(Scope::Project { id: pid, name, .. }) if *pid == id => name.clone(),
            _ => id,
        }
    }
}

/// A prompter that never answers and remembers that it was asked: the
/// difference between "needs a password" and "the password is wrong".
#[derive(Default)]
struct NoPerson {
    asked: AtomicBool,
}

impl Prompter for NoPerson {
    fn ask(&self, _kind: PromptKind) -> BoxFuture<'_, Option<Secret>> {
        self.asked.store(true, Ordering::Relaxed);
        Box::pin(async { None })
    }

    /// A device-code or browser login (SSO) needs a person as much as a
    /// password does: "needs a prompt", and the login stops at once.
    fn notify(&self, _notice: LoginNotice) -> bool {
        self.asked.store(true, Ordering::Relaxed);
        false
    }
}

/// clouds.yaml and secure.yaml as the fleet reads them: once for all its
/// clouds (reading them once per cloud made a fleet's cost grow with the
/// square of its size), or why they could not be read (then every cloud's
/// answer).
pub type CloudFiles = Result<config::LoadedFiles, String>;

/// Reads the fleet's [`CloudFiles`].
pub fn read_cloud_files(env: &Environment) -> CloudFiles {
    config::load_files(env).map_err(|e| e.to_string())
}

/// Logs in to `name` and lists the user's credentials, never prompting,
/// within the options' deadline; `files` read once for the whole fleet
/// ([`read_cloud_files`]; a read error is every cloud's answer). A cloud
/// naming a `secret_store` logs in with the credential kept there.
pub async fn list_cloud(
    env: &Environment,
    files: &CloudFiles,
    name: &str,
    options: &FleetOptions,
) -> CloudListing {
    let deadline = options.deadline.unwrap_or(DEFAULT_CLOUD_DEADLINE);
    match tokio::time::timeout(deadline, list_one(env, files, name, options)).await {
        Ok(listing) => listing,
        Err(_) => CloudListing {
            cloud: name.to_string(),
            scope: None,
            outcome: Err(Unlisted::Failed {
                reason: format!(
                    "no answer within {} s (login and list together)",
                    deadline.as_secs_f64()
                ),
                hint: Some(
                    "the cloud accepted the connection and never answered; the per-cloud \
                     deadline is fleet_cloud_timeout_seconds in config.toml"
                        .into(),
                ),
            }),
        },
    }
}

async fn list_one(
    env: &Environment,
    files: &CloudFiles,
    name: &str,
    options: &FleetOptions,
) -> CloudListing {
    let failed = |e: KeystoneError| Unlisted::Failed {
        reason: e.to_string(),
        hint: e.hint(),
    };
    let mut listing = CloudListing {
        cloud: name.to_string(),
        scope: None,
        outcome: Err(Unlisted::Failed {
            reason: String::new(),
            hint: None,
        }),
    };
    let overrides = Overrides {
        cloud: Some(name.to_string()),
        ..options.overrides.clone()
    };
    let resolved = match files {
        Ok(files) => files.resolve(&overrides).map_err(|e| e.to_string()),
        Err(e) => Err(e.clone()),
    };
    let cloud = match resolved {
        Ok(c) => c,
        Err(reason) => {
            listing.outcome = Err(Unlisted::Failed { reason, hint: None });
            return listing;
        }
    };
    // As the command line does: the secret from the cloud's `secret_store`.
    let env = env.clone();
    let stored =
        crate::store::off_thread(
            async move { crate::store::with_stored_secret(cloud, &env).await },
        );
    let cloud = match stored.await {
        Ok(c) => c,
        Err(e) => {
            listing.outcome = Err(Unlisted::Failed {
                reason: e.message,
                hint: Some(e.hint),
            });
            return listing;
        }
    };
    let person = Arc::new(NoPerson::default());
    let logged_in = if options.use_cache {
        Session::login_cached(&cloud, person.clone()).await
    } else {
        Session::login(&cloud, person.as_ref()).await
    };
    let session = match logged_in {
        Ok(s) => s,
        Err(e) => {
            let asked = person.asked.load(Ordering::Relaxed);
            listing.outcome = Err(match e {
                KeystoneError::MissingSecret { .. } => Unlisted::NeedsPrompt {
                    reason: e.to_string(),
                },
                e if asked => Unlisted::NeedsPrompt {
                    reason: e.to_string(),
                },
                e => failed(e),
            });
            return listing;
        }
    };
    listing.scope = Some(session.token_info().scope);
    listing.outcome = session
        .list_credentials(&session.user_id())
        .await
        .map_err(failed);
    listing
}

/// [`list_cloud`] for every name, at most [`CONCURRENCY`] at once; the
/// answers come back in the order of `names`.
pub async fn list_clouds(
    env: &Environment,
    names: &[String],
    options: &FleetOptions,
) -> Vec<CloudListing> {
    let files = read_cloud_files(env);
    futures::stream::iter(names)
        .map(|name| list_cloud(env, &files, name, options))
        .buffered(CONCURRENCY)
        .collect()
        .await
}
