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
    use linux_keyutils::{KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission};

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

        pub fn read(&self, description: &str) -> Option<Zeroizing<Vec<u8>>> {
            let key = match self.ring.search(description) {
                Ok(key) => key,
                Err(e) => {
                    tracing::debug!(error = %why(e), keyring = self.name, "token cache: no cached token");
                    return None;
                }
            };
            match key.read_to_vec() {
                Ok(bytes) => Some(Zeroizing::new(bytes)),
                Err(e) => {
                    tracing::debug!(error = %why(e), "token cache: cannot read the cached token");
                    None
                }
            }
        }

        /// Adds (or replaces) the key, then gives it its timeout and
        /// possessor-only permissions; a key that cannot get both is removed
        /// again rather than left readable or timeless.
        pub fn write(&self, description: &str, value: &[u8], timeout: u64) -> Result<(), String> {
            let key = self.ring.add_key(description, value).map_err(why)?;
            let perms = KeyPermissionsBuilder::builder()
                .posessor(
                    Permission::VIEW
                        | Permission::READ
                        | Permission::WRITE
                        | Permission::SEARCH
                        | Permission::SETATTR,
                )
                .build();
            let seconds = usize::try_from(timeout).unwrap_or(usize::MAX);
            let done = key.set_timeout(seconds).and_then(|()| key.set_perms(perms));
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
            if let Ok(key) = self.ring.search(description) {
                match key.invalidate() {
                    Ok(()) => tracing::debug!(keyring = self.name, "token cache: token removed"),
                    Err(e) => tracing::debug!(error = %why(e), "token cache: cannot remove"),
                }
            }
        }
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
