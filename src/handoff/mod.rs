//! A hand-off only its recipient can open: an export encrypted with age
//! (the `age` crate, rage's library, which speaks the format of the `age`
//! tool) to age public keys or SSH public keys, ASCII-armoured; and the
//! way back, an armoured file opened with an age identity or an SSH
//! private key and read into a credential.
//!
//! Everything stays in memory: the plaintext is rendered into a zeroizing
//! buffer, sealed to ciphertext (which is no secret), and the opened text
//! is read into a [`StoredCredential`](crate::store::StoredCredential)
//! from a zeroizing buffer too. No temporary file ever holds plaintext.

mod error;
mod open;
mod read;
mod recipients;
mod seal;
#[cfg(test)]
mod tests;

pub use error::HandoffError;
pub use open::{Identity, Passphrase, open};
pub use read::{export_data, never_expires, read_credential};
pub use recipients::{Recipients, describe, looks_like_key, parse_recipients};
pub use seal::{DEFAULT_FORMAT, seal, seal_export};
