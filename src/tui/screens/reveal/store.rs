//! Keeping the secret in a store from the secret screen (issue 25): the
//! store key (`crate::export::DESTINATIONS`) writes to config.toml's
//! `default_store` at once; with none set, or after a store failed, it
//! opens a prompt for an address, prefilled with the default. The write is
//! the owner's effect (`Outcome::Store`); its answer comes back through
//! [`RevealState::stored`] or [`RevealState::store_failed`], and a failure
//! keeps the secret on screen so another destination can be picked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use tui_input::Input;

use super::{Mode, Outcome, RevealState};
use crate::export::OutputKind;
use crate::store::{StoreAddress, StoreError};
use crate::tui::context::Context;

/// The store row of the destinations table.
fn row() -> Option<&'static crate::export::Destination> {
    OutputKind::Store.destination()
}

impl RevealState {
    /// Offers `store` (config.toml's `default_store`) to the store key.
    pub fn with_default_store(mut self, store: Option<StoreAddress>) -> Self {
        self.default_store = store;
        self
    }

    /// The store key: the default store at once, else the address prompt.
    pub(super) fn store_key(&mut self) -> Outcome {
        match (&self.default_store, self.store_refused) {
            (Some(address), false) => {
                let address = address.clone();
                self.start_store(address)
            }
            (default, _) => {
                let typed = default.as_ref().map(ToString::to_string);
                self.status = None;
                self.error = None;
                self.mode = Mode::Store(Input::new(typed.unwrap_or_default()));
                Outcome::Redraw
            }
        }
    }

    /// Enter in the address prompt: a store address, or why not.
    pub(super) fn submit_store(&mut self) -> Outcome {
        let Mode::Store(input) = &self.mode else {
            return Outcome::None;
        };
        match input.value().trim().parse::<StoreAddress>() {
            Ok(address) => {
                self.mode = Mode::Normal;
                self.start_store(address)
            }
            Err(e) => {
                self.set_error(format!("{}; {}", e.message, e.hint));
                Outcome::Redraw
            }
        }
    }

    fn start_store(&mut self, address: StoreAddress) -> Outcome {
        self.status = Some(format!("Storing the secret in {address}…"));
        self.error = None;
        Outcome::Store { address }
    }

    /// The store took the secret at `written` (its canonical address).
    pub fn stored(&mut self, written: &str) {
        self.set_status(format!(
            "Stored the secret in {written}; rotation updates it there"
        ));
    }

    /// The store `address` failed: the secret stays on screen, the error
    /// names the store and the fix, and the store key (`key`, as
    /// config.toml binds it) asks for an address next time (prefilled with
    /// the default).
    pub fn store_failed(&mut self, address: &str, e: &StoreError, key: Option<String>) {
        self.store_refused = true;
        let again = match key {
            Some(key) => format!("{key} stores it elsewhere, or export or copy it"),
            None => "export or copy it".to_string(),
        };
        self.set_error(format!(
            "Not stored in {address}: {} — {}. The secret is still here: {again}.",
            e.message, e.hint
        ));
    }
}

/// The address prompt: a title, the field, and what it accepts.
pub(super) fn draw_prompt(ctx: &Context, input: &Input, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let title = row().map_or("Store in", |r| r.screen.prompt);
    let rows: [Rect; 4] = Layout::vertical([Constraint::Length(1); 4]).areas(area);
    frame.render_widget(Paragraph::new(Span::styled(title, theme.title())), rows[0]);
    super::view::field(ctx, "Address: ", input, true, rows[1], frame);
    frame.render_widget(
        Paragraph::new(Span::styled(
            "The secret goes straight to the store, never to a file.",
            theme.muted(),
        )),
        rows[3],
    );
}
