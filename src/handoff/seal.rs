//! Sealing: the rendered export, encrypted from memory to memory and
//! ASCII-armoured (`-----BEGIN AGE ENCRYPTED FILE-----`), as `age -a`
//! writes it. The armoured text is ciphertext: no secret, no zeroizing.

use std::io::Write;

use age::armor::{ArmoredWriter, Format};

use super::{HandoffError, Recipients};
use crate::export::{self, ConsumerOptions, ExportData, ExportFormat};

/// What a hand-off seals when no format is asked for: the JSON export, the
/// one that carries name and expiry as well as what logs in, so `appcred
/// import` can render any format from it.
pub const DEFAULT_FORMAT: ExportFormat = ExportFormat::Json;

/// The hand-off both front ends write: the export in `format` rendered in
/// memory (a zeroizing buffer) and sealed to every recipient, armoured.
pub fn seal_export(
    format: ExportFormat,
    data: &ExportData,
    options: &ConsumerOptions,
    to: &Recipients,
) -> Result<String, HandoffError> {
    let text = export::render_with(format, data, options);
    seal(text.as_bytes(), to)
}

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
