//! Sealing: the rendered export, encrypted from memory to memory and
//! ASCII-armoured (`-----BEGIN AGE ENCRYPTED FILE-----`), as `age -a`
//! writes it. The armoured text is ciphertext: no secret, no zeroizing.

use std::io::Write;

use age::armor::{ArmoredWriter, Format};

use super::{HandoffError, Recipients};

/// `plaintext` encrypted to every recipient, armoured.
pub fn seal(plaintext: &[u8], to: &Recipients) -> Result<String, HandoffError> {
    let failed = |e: &dyn std::fmt::Display| {
        HandoffError::new(format!("could not encrypt the hand-off: {e}"))
    };
    let encryptor =
        age::Encryptor::with_recipients(to.each().into_iter()).map_err(|e| failed(&e))?;
    let mut armoured = Vec::with_capacity(plaintext.len() * 2 + 1024);
    let armor =
        ArmoredWriter::wrap_output(&mut armoured, Format::AsciiArmor).map_err(|e| failed(&e))?;
    let mut writer = encryptor.wrap_output(armor).map_err(|e| failed(&e))?;
    writer.write_all(plaintext).map_err(|e| failed(&e))?;
    writer
        .finish()
        .and_then(|armor| armor.finish())
        .map_err(|e| failed(&e))?;
    String::from_utf8(armoured).map_err(|e| failed(&e))
}
