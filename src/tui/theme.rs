//! Colours, or none. With `NO_COLOR` set (https://no-color.org) nothing is
//! coloured; bold and reverse video remain, and the expiry column carries
//! markers (`!` expired, `~` expiring soon) so nothing is told by colour alone.
//!
//! Two types: [`Theme`] is only the switch (colour or not), what a caller
//! that builds a `Model` by hand chooses; [`Palette`] is what the views
//! paint with: the switch plus the colours by role from config.toml
//! (`settings::Colours`). The switch wins: `NO_COLOR` turns configured
//! colours off too.

use ratatui::style::{Color, Modifier, Style};

use crate::expiry::ExpiryState;
use crate::settings::Colours;

/// Whether to colour at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colours unless `NO_COLOR` is set to anything but the empty string.
    pub fn from_environment() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    /// The palette with these colours (ignored when colour is off).
    pub fn with_colours(self, colours: Colours) -> Palette {
        Palette {
            color: self.color,
            colours,
        }
    }
}

impl From<Theme> for Palette {
    fn from(theme: Theme) -> Self {
        theme.with_colours(Colours::default())
    }
}

/// The styles the views use, by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Palette {
    pub color: bool,
    pub colours: Colours,
}

impl Default for Palette {
    /// Coloured, with the built-in colours (tests and snapshots).
    fn default() -> Self {
        Theme { color: true }.into()
    }
}

impl Palette {
    /// No colour at all, as with `NO_COLOR`.
    pub fn plain() -> Self {
        Theme { color: false }.into()
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn expiry(&self, state: ExpiryState) -> Style {
        let c = &self.colours;
        match state {
            ExpiryState::Expired => self.fg(c.expired).add_modifier(Modifier::BOLD),
            ExpiryState::Soon => self.fg(c.expiring),
            ExpiryState::Never => self.fg(c.never),
            ExpiryState::Later => Style::new(),
        }
    }

    /// `! ` / `~ ` before an expiry when colours are off.
    pub fn expiry_marker(&self, state: ExpiryState) -> &'static str {
        match (self.color, state) {
            (false, ExpiryState::Expired) => "! ",
            (false, ExpiryState::Soon) => "~ ",
            _ => "",
        }
    }

    pub fn danger(&self) -> Style {
        self.fg(self.colours.danger).add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        self.fg(self.colours.muted)
    }

    pub fn ok(&self) -> Style {
        self.fg(self.colours.ok)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(self.colours.accent).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(self.colours.accent),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.muted(),
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn marked(&self) -> Style {
        self.fg(self.colours.marked).add_modifier(Modifier::BOLD)
    }

    pub fn current(&self) -> Style {
        self.fg(self.colours.ok).add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_colours_paint_and_no_color_still_wins() {
        let colours = Colours {
            danger: Color::LightMagenta,
            accent: Color::Rgb(255, 128, 0),
            ..Colours::default()
        };
        let coloured = Theme { color: true }.with_colours(colours);
        assert_eq!(coloured.danger().fg, Some(Color::LightMagenta));
        assert_eq!(coloured.key().fg, Some(Color::Rgb(255, 128, 0)));
        assert_eq!(coloured.border(true).fg, Some(Color::Rgb(255, 128, 0)));
        let plain = Theme { color: false }.with_colours(colours);
        assert_eq!(plain.danger().fg, None);
        assert_eq!(plain.key().fg, None);
        assert_eq!(plain.expiry(ExpiryState::Soon).fg, None);
        assert_eq!(plain.expiry_marker(ExpiryState::Soon), "~ ");
    }

    #[test]
    fn the_default_palette_is_the_built_in_one() {
        let p = Palette::default();
        assert_eq!(p.expiry(ExpiryState::Expired).fg, Some(Color::Red));
        assert_eq!(p.expiry(ExpiryState::Soon).fg, Some(Color::Yellow));
        assert_eq!(p.marked().fg, Some(Color::Magenta));
    }
}
