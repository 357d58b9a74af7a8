//! Colours, or none. With `NO_COLOR` set (https://no-color.org) nothing is
//! coloured; bold and reverse video remain, and the expiry column carries
//! markers (`!` expired, `~` expiring soon) so nothing is told by colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::expiry::ExpiryState;

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

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn expiry(&self, state: ExpiryState) -> Style {
        match state {
            ExpiryState::Expired => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            ExpiryState::Soon => self.fg(Color::Yellow),
            ExpiryState::Never => self.fg(Color::DarkGray),
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
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn muted(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => Style::new().fg(Color::Cyan),
            (true, false) => Style::new().add_modifier(Modifier::BOLD),
            (false, _) => self.muted(),
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn marked(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn current(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }
}
