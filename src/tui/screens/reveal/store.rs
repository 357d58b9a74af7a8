//! Keeping the secret in a store from the secret screen (issue 25): the
//! store key (`crate::export::DESTINATIONS`) writes to config.toml's
//! `default_store` at once; with none set, or after a store failed, it
//! opens a prompt for an address, prefilled with the default. With
//! `[stores]` in config.toml it opens a pick list instead (the hand-off's
//! keys and rows): the default first, each named store, then "another
//! address…" for the prompt. The write is
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
use crate::keys::Action;
use crate::store::{StoreAddress, StoreError};
use crate::tui::context::Context;
use crate::tui::widgets::truncate;

/// One row of the store list: a store (named in `[stores]`, or the default
/// given as an address), or, with no address, "another address…".
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Choice {
    pub(super) name: Option<String>,
    pub(super) address: Option<StoreAddress>,
    pub(super) default: bool,
}

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

    /// Offers config.toml's `[stores]` (name -> address) to the store key.
    pub fn with_stores(mut self, stores: std::collections::BTreeMap<String, StoreAddress>) -> Self {
        self.stores = stores;
        self
    }

    /// The store list's rows: `default_store` first (under its name when
    /// it is one of `[stores]`), each other store by name, then "another
    /// address…".
    pub(super) fn store_choices(&self) -> Vec<Choice> {
        let named_as = |a: &StoreAddress| {
            self.stores
                .iter()
                .find(|(_, b)| *b == a)
                .map(|(n, _)| n.clone())
        };
        let default = self.default_store.iter().map(|a| Choice {
            name: named_as(a),
            address: Some(a.clone()),
            default: true,
        });
        let others = self
            .stores
            .iter()
            .filter(|(_, a)| self.default_store.as_ref() != Some(*a))
            .map(|(n, a)| Choice {
                name: Some(n.clone()),
                address: Some(a.clone()),
                default: false,
            });
        let another = Choice {
            name: None,
            address: None,
            default: false,
        };
        default.chain(others).chain([another]).collect()
    }

    /// The store key: the list when `[stores]` names some, else the
    /// default store at once, else the address prompt.
    pub(super) fn store_key(&mut self) -> Outcome {
        if !self.stores.is_empty() {
            self.status = None;
            self.error = None;
            self.mode = Mode::StorePick(0);
            return Outcome::Redraw;
        }
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

    /// A key in the store list: Up/Down move, Enter stores to the
    /// highlighted store (or opens the address prompt), Esc closes it.
    pub(super) fn store_pick_step(&mut self, action: Option<Action>) -> Outcome {
        let choices = self.store_choices();
        let Mode::StorePick(at) = &mut self.mode else {
            return Outcome::None;
        };
        match action {
            Some(Action::Up | Action::Down) => {
                super::handoff::move_in_list(at, choices.len(), action);
                Outcome::Redraw
            }
            Some(Action::Back) => {
                self.mode = Mode::Normal;
                Outcome::Redraw
            }
            Some(Action::Confirm) => match choices.get(*at).and_then(|c| c.address.clone()) {
                Some(address) => {
                    self.mode = Mode::Normal;
                    self.start_store(address)
                }
                None => {
                    self.mode = Mode::Store(Input::default());
                    Outcome::Redraw
                }
            },
            _ => Outcome::None,
        }
    }

    /// The store list's height: a title and its rows.
    pub(super) fn store_pick_height(&self) -> u16 {
        u16::try_from(self.store_choices().len() + 1).unwrap_or(u16::MAX)
    }

    /// Enter in the address prompt: a store address (or a `[stores]`
    /// name), or why not.
    pub(super) fn submit_store(&mut self) -> Outcome {
        let Mode::Store(input) = &self.mode else {
            return Outcome::None;
        };
        match crate::store::resolve(input.value(), &self.stores) {
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
    /// config.toml binds it) offers the `[stores]` list next time, or
    /// without one asks for an address (prefilled with the default).
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

/// The store list: a title, then the stores (the highlighted one marked,
/// names and addresses made terminal-safe), then "another address…".
pub(super) fn draw_pick(
    state: &RevealState,
    at: usize,
    ctx: &Context,
    frame: &mut Frame,
    area: Rect,
) {
    let width = usize::from(area.width);
    let choices = state.store_choices();
    let names: Vec<String> = choices
        .iter()
        .map(|c| {
            c.name
                .as_deref()
                .map(|n| crate::terminal_text::name(n).into_owned())
                .unwrap_or_default()
        })
        .collect();
    let column = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(24);
    let rows = choices.iter().zip(&names).map(|(c, name)| {
        let Some(address) = &c.address else {
            return "another address…".to_string();
        };
        let name = truncate(name, column);
        let pad = column.saturating_sub(name.chars().count());
        let address = crate::terminal_text::visible(&address.to_string()).into_owned();
        let default = if c.default { "  (default)" } else { "" };
        format!("{name}{}  {address}{default}", " ".repeat(pad))
    });
    let mut lines = vec![ratatui::text::Line::styled(
        truncate(
            "Store the secret in (straight to the store, never to a file):",
            width,
        ),
        ctx.theme.title(),
    )];
    lines.extend(super::handoff_view::list_rows(
        rows.collect(),
        at,
        area.height,
        width,
        ctx,
    ));
    frame.render_widget(Paragraph::new(lines), area);
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
