//! Keeping the secret: the stores an application credential can be put in
//! after its one-time reveal, and served from afterwards (issue 25).
//!
//! - [`StoreAddress`] (`address.rs`): `secret-service[:PLACE]`, `pass:PATH`,
//!   `vault:MOUNT/PATH`, parsed with reasons and shown in canonical form;
//! - [`StoredCredential`] (`entry.rs`): what is stored, named as clouds.yaml
//!   names it, described once; `encode.rs` turns it into each store's shape;
//! - the backends: `secret_service.rs`, `pass.rs`, `vault.rs`;
//! - `clouds.rs`: a clouds.yaml cloud's `secret_store: URI`, the secret
//!   read from there;
//! - here: [`check`] (before Keystone is touched: can the store be written,
//!   and is its place free?), [`write`] (check again, then write; returns
//!   the canonical address for the record of where a credential is held)
//!   and [`read`].
//!
//! An existing entry at the place is replaced only when it holds one of the
//! ids the caller allows (the same credential, or the one being rotated) or
//! with `force`; the older version stays in Vault's history or pass's git.

mod address;
mod clouds;
mod encode;
mod entry;
mod error;
mod pass;
mod secret_service;
mod vault;

pub use address::{StoreAddress, is_address_form, is_store_name, resolve};
pub use clouds::{SECRET_STORE_KEY, secret_store_in, with_stored_secret};
pub use encode::SCHEMA;
pub use entry::{ID_KEY, SECRET_KEY, StoredCredential};
pub use error::StoreError;
pub use pass::forbid_gpg_pinentry;

use crate::config::Environment;

/// Runs a store's work on the blocking pool and waits for it: `pass` and
/// gpg are child processes waited for in place, and the terminal UI's
/// runtime has one thread, which must keep drawing meanwhile.
pub async fn off_thread<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, StoreError>> + Send + 'static,
) -> Result<T, StoreError> {
    let runtime = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || runtime.block_on(work))
        .await
        .unwrap_or_else(|e| {
            Err(StoreError::new(
                format!("the store's task ended: {e}"),
                "try again",
            ))
        })
}

/// Whose entry may be replaced at a store's place.
#[derive(Debug, Clone, Copy)]
pub struct Overwrite<'a> {
    /// Ids whose entry may be replaced (the credential itself, the one it
    /// succeeds).
    pub ids: &'a [&'a str],
    /// Replace whatever is there.
    pub force: bool,
}

/// The place in the Secret Service: the address's, else `CLOUD/NAME`.
fn place(address: Option<&String>, cloud: &str, name: &str) -> String {
    address
        .cloned()
        .unwrap_or_else(|| address::default_place(cloud, name))
}

/// Refuses an entry that holds another credential (or one that cannot be
/// read: `Some("")`).
fn guard(address: &str, held: Option<String>, allowed: Overwrite<'_>) -> Result<(), StoreError> {
    match held {
        Some(id) if !allowed.force && !allowed.ids.contains(&id.as_str()) => {
            let holds = if id.is_empty() {
                "an entry appcred cannot read".to_string()
            } else {
                format!("another credential ({id})")
            };
            Err(StoreError::new(
                format!("{address} already holds {holds}"),
                "name another place, or add --force to replace it (the old version stays in \
                 the store's history where it keeps one)",
            ))
        }
        _ => Ok(()),
    }
}

/// Whether the credential `name` made on `cloud` can be written to
/// `address`: the store is there, usable, and its place is free (or holds
/// an allowed id). Writes nothing.
pub async fn check(
    address: &StoreAddress,
    env: &Environment,
    cloud: &str,
    name: &str,
    allowed: Overwrite<'_>,
) -> Result<(), StoreError> {
    match address {
        StoreAddress::SecretService { place: p } => {
            let p = place(p.as_ref(), cloud, name);
            let held = secret_service::check(env, &p).await?;
            guard(&format!("secret-service:{p}"), held, allowed)
        }
        StoreAddress::Pass { path } => {
            let held = pass::check(path, env)?;
            guard(&address.to_string(), held, allowed)
        }
        StoreAddress::Vault { path } => {
            let v = vault::Vault::connect(path, env)?;
            let at = v.locate().await?;
            let held = v.existing(&at).await?.map(|e| e.id.unwrap_or_default());
            v.may_write(&at, held.is_some()).await?;
            guard(&address.to_string(), held, allowed)
        }
    }
}

/// Writes `c` to `address` (checking again first) and returns the
/// canonical address of what was written (e.g. `vault:secret/openstack/ci`,
/// `secret-service:prod/ci`): what the record of places keeps.
pub async fn write(
    address: &StoreAddress,
    env: &Environment,
    c: &StoredCredential,
    allowed: Overwrite<'_>,
) -> Result<String, StoreError> {
    let own = [c.application_credential_id.as_str()];
    let ids: Vec<&str> = allowed.ids.iter().copied().chain(own).collect();
    let allowed = Overwrite {
        ids: &ids,
        force: allowed.force,
    };
    match address {
        StoreAddress::SecretService { place: p } => {
            let cloud = c.cloud.as_deref().unwrap_or("openstack");
            let name = c.name.as_deref().unwrap_or(&c.application_credential_id);
            let p = place(p.as_ref(), cloud, name);
            let shown = format!("secret-service:{p}");
            guard(&shown, secret_service::check(env, &p).await?, allowed)?;
            secret_service::write(env, &p, c).await?;
            Ok(shown)
        }
        StoreAddress::Pass { path } => {
            guard(&address.to_string(), pass::check(path, env)?, allowed)?;
            pass::write(path, c)?;
            Ok(address.to_string())
        }
        StoreAddress::Vault { path } => {
            let v = vault::Vault::connect(path, env)?;
            let at = v.locate().await?;
            let existing = v.existing(&at).await?;
            let version = existing.as_ref().map_or(0, |e| e.version);
            let held = existing.map(|e| e.id.unwrap_or_default());
            guard(&address.to_string(), held, allowed)?;
            v.write(&at, c, version).await?;
            Ok(address.to_string())
        }
    }
}

/// The id of the credential an entry at `address` holds: None when the
/// place is empty, `Some("")` when its entry is not one (an error when it
/// cannot be read at all: it may still hold the credential).
/// `address` names its place (a recorded, canonical address).
pub async fn holder(
    address: &StoreAddress,
    env: &Environment,
) -> Result<Option<String>, StoreError> {
    match address {
        StoreAddress::SecretService { place: p } => {
            let p = p.clone().unwrap_or_default();
            secret_service::check(env, &p).await
        }
        StoreAddress::Pass { path } => pass::holder(path, env),
        StoreAddress::Vault { path } => {
            let v = vault::Vault::connect(path, env)?;
            let at = v.locate().await?;
            Ok(v.existing(&at).await?.map(|e| e.id.unwrap_or_default()))
        }
    }
}

/// Reads the credential kept at `address`.
pub async fn read(
    address: &StoreAddress,
    env: &Environment,
) -> Result<StoredCredential, StoreError> {
    match address {
        StoreAddress::SecretService { place } => secret_service::read(env, place.as_deref()).await,
        StoreAddress::Pass { path } => {
            pass::check_installed(path)?;
            pass::read(path)
        }
        StoreAddress::Vault { path } => {
            let v = vault::Vault::connect(path, env)?;
            let at = v.locate().await?;
            v.read(&at).await
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_replaced_only_when_it_holds_an_allowed_id_or_with_force() {
        let allowed = |force| Overwrite {
            ids: &["old", "new"],
            force,
        };
        assert!(guard("pass:x", None, allowed(false)).is_ok());
        assert!(guard("pass:x", Some("old".into()), allowed(false)).is_ok());
        let e = guard("pass:x", Some("other".into()), allowed(false)).unwrap_err();
        assert!(e.message.contains("another credential (other)") && e.hint.contains("--force"));
        let e = guard("pass:x", Some(String::new()), allowed(false)).unwrap_err();
        assert!(e.message.contains("cannot read"), "{e}");
        assert!(guard("pass:x", Some("other".into()), allowed(true)).is_ok());
    }
}
