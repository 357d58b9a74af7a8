//! `secret-service[:PLACE]`: an item of the desktop's Secret Service (GNOME
//! Keyring, KeePassXC, KWallet), over D-Bus with the `secret-service` crate
//! and an encrypted session (the secret is not in the clear on the bus).
//! The item's secret is the credential's secret; its attributes are the
//! public fields, the schema and the place (`encode.rs`).

use std::collections::HashMap;

use secret_service::{EncryptionType, Error, Item, SecretService};
use zeroize::Zeroizing;

use super::encode::{PLACE_KEY, SCHEMA, SCHEMA_KEY, from_attributes, label, to_attributes};
use super::entry::{ID_KEY, StoredCredential};
use super::error::StoreError;
use crate::config::Environment;
use crate::secret::Secret;

const HEADLESS: &str = "on a headless host (an SSH session) use pass: or vault:";

/// The error, with text from the D-Bus peer made safe for a terminal.
fn fail(place: &str, what: impl std::fmt::Display, hint: impl Into<String>) -> StoreError {
    let what = what.to_string();
    let what = crate::terminal_text::visible(&what);
    StoreError::new(format!("secret-service:{place}: {what}"), hint)
}

/// Connects to the session's Secret Service, saying which part is missing.
pub async fn connect(env: &Environment, place: &str) -> Result<SecretService<'static>, StoreError> {
    let runtime_bus = env
        .var("XDG_RUNTIME_DIR")
        .is_some_and(|d| std::path::Path::new(d).join("bus").exists());
    if env.var("DBUS_SESSION_BUS_ADDRESS").is_none() && !runtime_bus {
        return Err(StoreError::new(
            "no Secret Service on this session: there is no D-Bus session bus \
             (DBUS_SESSION_BUS_ADDRESS is unset)",
            HEADLESS,
        ));
    }
    SecretService::connect(EncryptionType::Dh)
        .await
        .map_err(|e| match e {
            Error::Unavailable | Error::Zbus(_) | Error::ZbusFdo(_) => StoreError::new(
                format!(
                    "no Secret Service on this session: nothing on the D-Bus session bus \
                     provides it ({})",
                    crate::terminal_text::visible(&e.to_string())
                ),
                format!(
                    "start GNOME Keyring, KeePassXC (with its Secret Service integration) or \
                     KWallet; {HEADLESS}"
                ),
            ),
            e => fail(place, e, "check the keyring daemon's log"),
        })
}

/// Why an item or collection could not be used, in words.
fn explain(place: &str, e: Error) -> StoreError {
    match e {
        Error::Locked | Error::Prompt | Error::PromptDisconnected => fail(
            place,
            "the keyring (collection) is locked",
            "unlock it (Seahorse, or log in to the desktop session) and run the command again",
        ),
        Error::NoResult => fail(
            place,
            "the Secret Service has no default keyring (collection)",
            "create one, e.g. in Seahorse (Passwords and Keys), and make it the default",
        ),
        e => fail(place, e, "check the keyring daemon's log"),
    }
}

/// Checks the default collection can take an item; the id held at `place`
/// now, if any.
pub async fn check(env: &Environment, place: &str) -> Result<Option<String>, StoreError> {
    let ss = connect(env, place).await?;
    let collection = ss
        .get_default_collection()
        .await
        .map_err(|e| explain(place, e))?;
    if collection
        .is_locked()
        .await
        .map_err(|e| explain(place, e))?
    {
        return Err(explain(place, Error::Locked));
    }
    match at_place(&ss, place).await? {
        Some(item) => Ok(Some(
            item.get_attributes()
                .await
                .map_err(|e| explain(place, e))?
                .remove(ID_KEY)
                .unwrap_or_default(),
        )),
        None => Ok(None),
    }
}

/// The unlocked item at `place`; a locked one is an error.
async fn at_place<'a>(
    ss: &'a SecretService<'_>,
    place: &str,
) -> Result<Option<Item<'a>>, StoreError> {
    search(ss, place, &[(PLACE_KEY, place)])
        .await
        .map(|mut v| v.pop())
}

async fn search<'a>(
    ss: &'a SecretService<'_>,
    place: &str,
    by: &[(&str, &str)],
) -> Result<Vec<Item<'a>>, StoreError> {
    let mut attributes: HashMap<&str, &str> = by.iter().copied().collect();
    attributes.insert(SCHEMA_KEY, SCHEMA);
    let found = ss
        .search_items(attributes)
        .await
        .map_err(|e| explain(place, e))?;
    if !found.locked.is_empty() {
        return Err(explain(place, Error::Locked));
    }
    Ok(found.unlocked)
}

/// Writes the entry at `place`: the item there is updated in place (its
/// secret, attributes and label), or a new item made in the default
/// collection.
pub async fn write(env: &Environment, place: &str, c: &StoredCredential) -> Result<(), StoreError> {
    let ss = connect(env, place).await?;
    let attributes = to_attributes(c, place);
    let secret = c.application_credential_secret.expose().as_bytes();
    let e = |e| explain(place, e);
    if let Some(item) = at_place(&ss, place).await? {
        item.set_secret(secret, "text/plain").await.map_err(e)?;
        item.set_attributes(attributes).await.map_err(e)?;
        item.set_label(&label(c)).await.map_err(e)?;
        return Ok(());
    }
    let collection = ss.get_default_collection().await.map_err(e)?;
    collection
        .create_item(&label(c), attributes, secret, false, "text/plain")
        .await
        .map_err(e)?;
    Ok(())
}

/// Reads the item at `place` (tried as a place, then as a credential id,
/// then as a credential name); with no place, the one appcred item there is.
pub async fn read(env: &Environment, place: Option<&str>) -> Result<StoredCredential, StoreError> {
    let shown = place.unwrap_or("");
    let ss = connect(env, shown).await?;
    let mut items = Vec::new();
    match place {
        Some(p) => {
            for key in [PLACE_KEY, ID_KEY, "name"] {
                items = search(&ss, p, &[(key, p)]).await?;
                if !items.is_empty() {
                    break;
                }
            }
        }
        None => items = search(&ss, shown, &[]).await?,
    }
    let item = match items.len() {
        1 => &items[0],
        0 => {
            return Err(fail(
                shown,
                "no appcred item found",
                "store one with `appcred create ... --store secret-service`, or check \
                 `secret-tool search --all xdg:schema org.openstack.ApplicationCredential`",
            ));
        }
        _ => {
            let mut places = Vec::new();
            for i in &items {
                if let Ok(mut a) = i.get_attributes().await {
                    places.push(a.remove(PLACE_KEY).unwrap_or_default());
                }
            }
            places.sort();
            return Err(fail(
                shown,
                format!("{} items match", items.len()),
                format!(
                    "name one: secret-service:{}",
                    places.join(" or secret-service:")
                ),
            ));
        }
    };
    let e = |e| explain(shown, e);
    let attributes = item.get_attributes().await.map_err(e)?;
    let bytes = Zeroizing::new(item.get_secret().await.map_err(e)?);
    let secret = Secret::new(String::from_utf8_lossy(&bytes).into_owned());
    from_attributes(&attributes, secret).map_err(|why| {
        fail(
            shown,
            format!("the item is not an application credential: {why}"),
            "store it again with appcred",
        )
    })
}
