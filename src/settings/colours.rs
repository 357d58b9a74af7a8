//! The `[colours]` section: one colour per role the TUI's theme paints.
//! The defaults are the theme's built-in colours, so a config without the
//! section looks exactly like no config. `NO_COLOR` still turns them all off.

use ratatui::style::Color;

/// What each colour paints. Values: a name (`red`, `lightblue`, `darkgray`,
/// `reset` for the terminal's own), `#rrggbb`, or a 256-colour index (`208`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colours {
    /// An expired credential's expiry (bold).
    pub expired: Color,
    /// An expiry within the warning window (`expiry_warning_days`).
    pub expiring: Color,
    /// "never" in the expiry column.
    pub never: Color,
    /// Warnings and destructive things: unrestricted credentials, delete
    /// confirmations, errors (bold).
    pub danger: Color,
    /// Success: a verified credential, "copied", the current cloud or scope.
    pub ok: Color,
    /// Key names in the help and status bars, the focused pane's border.
    pub accent: Color,
    /// Secondary text and unfocused borders.
    pub muted: Color,
    /// Rows marked for deletion (bold).
    pub marked: Color,
}

impl Default for Colours {
    fn default() -> Self {
        Colours {
            expired: Color::Red,
            expiring: Color::Yellow,
            never: Color::DarkGray,
            danger: Color::Red,
            ok: Color::Green,
            accent: Color::Cyan,
            muted: Color::DarkGray,
            marked: Color::Magenta,
        }
    }
}

impl Colours {
    /// The config names, in the order the docs list them.
    pub const NAMES: [&'static str; 8] = [
        "expired", "expiring", "never", "danger", "ok", "accent", "muted", "marked",
    ];

    /// The slot for a config name (used while reading the file).
    pub(crate) fn slot(&mut self, name: &str) -> Option<&mut Color> {
        Some(match name {
            "expired" => &mut self.expired,
            "expiring" => &mut self.expiring,
            "never" => &mut self.never,
            "danger" => &mut self.danger,
            "ok" => &mut self.ok,
            "accent" => &mut self.accent,
            "muted" => &mut self.muted,
            "marked" => &mut self.marked,
            _ => return None,
        })
    }

    /// A colour by its config name, for tests and the docs.
    pub fn get(&self, name: &str) -> Option<Color> {
        let mut copy = *self;
        copy.slot(name).map(|c| *c)
    }
}

/// Parses a colour value, or says what is accepted.
pub fn parse_colour(text: &str) -> Result<Color, String> {
    let t = text.trim();
    // ratatui also takes "#rgb"-less hex like "ff0000"; insist on the `#`
    // form the docs show, so a typo'd name is not read as a colour.
    let looks_hex = t.len() == 6 && t.chars().all(|c| c.is_ascii_hexdigit());
    let parsed = if looks_hex || t.is_empty() {
        None
    } else {
        t.parse::<Color>().ok()
    };
    parsed.ok_or_else(|| {
        format!(
            "{text:?} is not a colour; use a name (black, red, green, yellow, blue, magenta, \
             cyan, gray, darkgray, lightred, lightgreen, lightyellow, lightblue, lightmagenta, \
             lightcyan, white, reset), \"#rrggbb\" or a 256-colour index such as \"208\""
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_values() {
        assert_eq!(parse_colour("red"), Ok(Color::Red));
        assert_eq!(parse_colour("Light Blue"), Ok(Color::LightBlue));
        assert_eq!(parse_colour("dark-grey"), Ok(Color::DarkGray));
        assert_eq!(parse_colour("#ff8000"), Ok(Color::Rgb(255, 128, 0)));
        assert_eq!(parse_colour("208"), Ok(Color::Indexed(208)));
        assert_eq!(parse_colour("reset"), Ok(Color::Reset));
        for bad in ["", "redd", "ff8000", "#ff80", "256", "#gggggg"] {
            assert!(parse_colour(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn every_name_has_a_slot() {
        let defaults = Colours::default();
        for name in Colours::NAMES {
            assert!(defaults.get(name).is_some(), "{name}");
        }
        assert_eq!(defaults.get("nope"), None);
    }
}
