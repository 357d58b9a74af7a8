//! A QR code as text: two modules per character cell with half blocks, so
//! a 29-module code takes 15 rows. Light modules are drawn (full, upper or
//! lower half block) and dark ones left as the black background, so the
//! code reads dark-on-light whatever the terminal's own colours.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the code, in modules (scanners want some light margin).
const QUIET: usize = 2;

/// The lines of the rendered code, or None when the text cannot be encoded.
pub fn lines(text: &str) -> Option<Vec<String>> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let light = |x: usize, y: usize| -> bool {
        if x < QUIET || y < QUIET || x >= width + QUIET || y >= width + QUIET {
            return true;
        }
        colors[(y - QUIET) * width + (x - QUIET)] == Color::Light
    };
    let mut out = Vec::with_capacity(size.div_ceil(2));
    for row in (0..size).step_by(2) {
        let line: String = (0..size)
            .map(|x| {
                let top = light(x, row);
                let bottom = row + 1 >= size || light(x, row + 1);
                match (top, bottom) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                }
            })
            .collect();
        out.push(line);
    }
    Some(out)
}

/// The code's size in cells (columns, rows), for layout.
pub fn size(lines: &[String]) -> (u16, u16) {
    let cols = lines.first().map_or(0, |l| l.chars().count());
    (
        u16::try_from(cols).unwrap_or(u16::MAX),
        u16::try_from(lines.len()).unwrap_or(u16::MAX),
    )
}
