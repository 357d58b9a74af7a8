//! The kernel keyring's system calls (through `linux-keyutils`), reduced to
//! read, write and remove one `user` key. On other systems there is no
//! keyring: [`Keyring::open`] says None and the cache is off.

use zeroize::Zeroizing;

#[cfg(target_os = "linux")]
pub use linux::Keyring;

#[cfg(not(target_os = "linux"))]
pub use other::Keyring;

#[cfg(target_os = "linux")]
mod linux {
    use linux_keyutils::{
        Key, KeyError, KeyPermissions, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier,
        Permission,
    };

    use super::Zeroizing;

    /// The keyring appcred caches in: the session keyring where the login
    /// set one up (it ends with the session), else the user keyring.
    #[derive(Clone)]
    pub struct Keyring {
        ring: KeyRing,
        name: &'static str,
    }

    fn why(e: KeyError) -> String {
        format!("{e:?}")
    }

    impl Keyring {
        /// None when the kernel offers no keyring (keyutils blocked by a
        /// container's seccomp profile, or compiled out).
        pub fn open() -> Option<Keyring> {
            // Without a session keyring of its own a process is given the
            // user-session keyring; `create = false` keeps the kernel from
            // making a throw-away session keyring that dies with us.
            let opened =
                KeyRing::from_special_id(KeyRingIdentifier::Session, false).and_then(|session| {
                    let default = KeyRing::from_special_id(KeyRingIdentifier::UserSession, false)?;
                    if session != default {
                        return Ok(Keyring {
                            ring: session,
                            name: "session keyring",
                        });
                    }
                    Ok(Keyring {
                        ring: KeyRing::from_special_id(KeyRingIdentifier::User, false)?,
                        name: "user keyring",
                    })
                });
            match opened {
                Ok(k) => Some(k),
                Err(e) => {
                    tracing::debug!(error = %why(e), "token cache: no kernel keyring; cache off");
                    None
                }
            }
        }

        pub fn name(&self) -> &'static str {
            self.name
        }

        /// The key under `description`, if it is ours. A key of another
        /// uid under our name (planted in a session keyring two users share
        /// after `runuser`) is never read, written or removed.
        fn ours(&self, description: &str) -> Option<Key> {
            let key = match self.ring.search(description) {
                Ok(key) => key,
                Err(e) => {
                    tracing::debug!(error = %why(e), keyring = self.name, "token cache: no cached token");
                    return None;
                }
            };
            let me = rustix::process::geteuid().as_raw();
            match key.metadata() {
                Ok(meta) if meta.get_uid() == me => Some(key),
                Ok(meta) => {
                    tracing::debug!(
                        owner = meta.get_uid(),
                        uid = me,
                        keyring = self.name,
                        "token cache: the key under this login's name belongs to another uid; ignored"
                    );
                    None
                }
                Err(e) => {
                    tracing::debug!(error = %why(e), "token cache: cannot tell who owns the key; ignored");
                    None
                }
            }
        }

        pub fn read(&self, description: &str) -> Option<Zeroizing<Vec<u8>>> {
            let key = self.ours(description)?;
            match key.read_to_vec() {
                Ok(bytes) => Some(Zeroizing::new(bytes)),
                Err(e) => {
                    tracing::debug!(error = %why(e), "token cache: cannot read the cached token");
                    None
                }
            }
        }

        /// Adds (or replaces) the key. It is made with a placeholder value,
        /// checked to be ours, given owner-only permissions, and only then
        /// given the token and its timeout: the token is never in a key that
        /// another uid may read, nor in one another uid made. A key that
        /// cannot get all that is removed again.
        pub fn write(&self, description: &str, value: &[u8], timeout: u64) -> Result<(), String> {
            if self.ring.search(description).is_ok() && self.ours(description).is_none() {
                return Err("another uid's key holds this login's name".to_string());
            }
            let key = self.ring.add_key(description, PLACEHOLDER).map_err(why)?;
            let me = rustix::process::geteuid().as_raw();
            if key.metadata().map_err(why)?.get_uid() != me {
                return Err("the key added belongs to another uid".to_string());
            }
            let seconds = usize::try_from(timeout).unwrap_or(usize::MAX);
            // The timeout last: the kernel clears it on each update.
            let done = key
                .set_perms(owner_only())
                .and_then(|()| key.update(&value))
                .and_then(|()| key.set_timeout(seconds));
            if let Err(e) = done {
                let _ = key.invalidate();
                return Err(why(e));
            }
            tracing::debug!(
                keyring = self.name,
                timeout_s = timeout,
                "token cache: token stored"
            );
            Ok(())
        }

        pub fn remove(&self, description: &str) {
            if let Some(key) = self.ours(description) {
                match key.invalidate() {
                    Ok(()) => tracing::debug!(keyring = self.name, "token cache: token removed"),
                    Err(e) => tracing::debug!(error = %why(e), "token cache: cannot remove"),
                }
            }
        }
    }

    /// A key's value before it holds the token: not a token, so a reader
    /// that meets it sees a miss.
    const PLACEHOLDER: &[u8] = b"-";

    /// Rights the kernel gives the owner's uid only, proven by
    /// tests/it/token_cache_other_uid.rs. The kernel adds possessor rights to
    /// anyone's, and a process of another uid that inherited our session
    /// keyring (`runuser` keeps a named one) holds the keyring; but it only
    /// possesses a key it can find, and finding needs search, which only our
    /// uid has. So: the user bits give search (to find it, then the kernel
    /// lets the possessor read), write (to replace it) and setattr; the
    /// possessor bits give view (to tell its owner) to what found it, which
    /// only our uid can. Read is nowhere: our uid outside the keyring that
    /// holds it can neither read nor list it. Group and other: nothing.
    fn owner_only() -> KeyPermissions {
        KeyPermissionsBuilder::builder()
            .posessor(Permission::VIEW)
            .user(Permission::WRITE | Permission::SEARCH | Permission::SETATTR)
            .build()
    }
}

#[cfg(not(target_os = "linux"))]
mod other {
    use super::Zeroizing;

    /// No kernel keyring here: never opens.
    #[derive(Clone)]
    pub struct Keyring;

    impl Keyring {
        pub fn open() -> Option<Keyring> {
            tracing::debug!("token cache: no kernel keyring on this system; cache off");
            None
        }

        pub fn name(&self) -> &'static str {
            "none"
        }

        pub fn read(&self, _description: &str) -> Option<Zeroizing<Vec<u8>>> {
            None
        }

        pub fn write(
            &self,
            _description: &str,
            _value: &[u8],
            _timeout: u64,
        ) -> Result<(), String> {
            Err("no kernel keyring on this system".to_string())
        }

        pub fn remove(&self, _description: &str) {}
    }
}
