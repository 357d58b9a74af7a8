//! The credential table. Only the rows on screen are built, so drawing costs
//! the same at 10 or 10,000 credentials.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table, TableState};

use crate::expiry;
use crate::keys::{Action, KeyContext};
use crate::keystone::ApplicationCredential;
use crate::terminal_text;
use crate::tui::model::table::{flag_parts, roles_text};
use crate::tui::model::{Model, Pane};
use crate::tui::widgets::layout::inner;
use crate::tui::widgets::{action_hints, context_hints, pane, truncate};

/// The name column never takes more than this; the roles need room too.
const NAME_CAP: usize = 40;
/// What the roles keep when names are long: `member, reader` and a bit.
const ROLES_MIN: usize = 16;
/// `expired 59 min ago`, the longest relative expiry text.
const EXPIRES: usize = 18;
/// The marker column (`●`) and the gaps between the five columns.
const FIXED: usize = 1 + 4;
/// The project column, when there is one: names are cut with `…` past it.
const PROJECT_WIDTH: usize = 12;
/// The selection symbol (`▶`) in front of every row.
const HIGHLIGHT: usize = 1;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let theme = &model.ctx.theme;
    let table = &model.table;
    let mut title = vec![Span::styled(
        format!(
            " Credentials {}/{} · by {} ",
            table.visible.len(),
            table.items.len(),
            table.sort.label()
        ),
        theme.title(),
    )];
    if table.filtering || !table.filter.value().is_empty() {
        let cursor = if table.filtering { "▏" } else { "" };
        title.push(Span::styled(
            format!("/{}{cursor} ", table.filter.value()),
            theme.key(),
        ));
    }
    if !table.marked.is_empty() {
        title.push(Span::styled(
            format!("{} marked ", table.marked.len()),
            theme.marked(),
        ));
    }
    let focused = model.focus == Pane::Credentials;
    // While a filter is typed, every other key is a character of it.
    let hints = if table.filtering {
        context_hints(&model.ctx, KeyContext::Filter, &[])
    } else {
        action_hints(
            &model.ctx,
            KeyContext::CredentialTable,
            &[
                (Action::Mark, "mark"),
                (Action::Delete, "delete"),
                (Action::Filter, "filter"),
                (Action::Sort, "sort"),
            ],
        )
    };
    let block = pane(Line::from(title), focused, theme).title_bottom(hints);

    if let Some(message) = empty_message(model) {
        frame.render_widget(Paragraph::new(message).block(block), area);
        return;
    }

    let rows_height = usize::from(inner(area).height.saturating_sub(1));
    let end = (table.offset + rows_height).min(table.visible.len());
    let sizes = column_sizes(inner(area).width, model);
    let rows = table.visible[table.offset..end]
        .iter()
        .map(|&i| row(model, &table.items[i], sizes));
    let as_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    let mut widths: Vec<Constraint> = sizes.map(|n| Constraint::Length(as_u16(n))).to_vec();
    let mut titles = vec!["", "Name", "Roles", "Expires", "Flags"];
    if table.widths.many_projects {
        widths.insert(2, Constraint::Length(as_u16(sizes[5])));
        titles.insert(2, "Project");
    }
    widths.truncate(titles.len());
    let header =
        Row::new(titles).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED));
    let widget = Table::new(rows, widths)
        .header(header)
        .block(block)
        .row_highlight_style(theme.selected())
        // A visible marker as well as reverse video: the selection must not
        // depend on how a terminal renders attributes.
        .highlight_symbol("▶")
        .highlight_spacing(HighlightSpacing::Always);
    // A throwaway state: the model's own selection and offset decide what
    // is shown, so drawing never changes anything.
    let mut state = TableState::default().with_selected(
        (!table.visible.is_empty()).then(|| table.selected.saturating_sub(table.offset)),
    );
    frame.render_stateful_widget(widget, area, &mut state);
}

/// Sizes the columns from what they hold (widths the model keeps up to
/// date): names as wide as the longest (up to [`NAME_CAP`]), expiry and
/// flags whole, the roles what they need of the rest; when space is short the name
/// gives way first, down to what leaves the roles [`ROLES_MIN`].
/// The sixth size is the project column's (0 unless the list spans more
/// than one project).
fn column_sizes(inner_width: u16, model: &Model) -> [usize; 6] {
    let w = model.table.widths;
    let marker = if model.ctx.theme.color { 0 } else { 2 };
    let expires = EXPIRES + marker;
    let flags = w.flags.max("Flags".len());
    let project = if w.many_projects {
        PROJECT_WIDTH + 1
    } else {
        0
    };
    let room =
        usize::from(inner_width).saturating_sub(HIGHLIGHT + FIXED + expires + flags + project);
    let name_want = w.name.clamp("Name".len(), NAME_CAP);
    let roles_want = w.roles.max("Roles".len());
    let name = if name_want + roles_want <= room {
        name_want
    } else {
        let roles_floor = roles_want.min(ROLES_MIN);
        // Long names give way, but keep at least half of the room.
        name_want.min(room.saturating_sub(roles_floor).max(room / 2))
    };
    // Roles no wider than needed, so expiry sits next to them rather than
    // at the far edge of a wide terminal; the slack goes to the flags.
    let roles = room.saturating_sub(name).min(roles_want);
    [1, name, roles, expires, flags, project.saturating_sub(1)]
}

fn empty_message(model: &Model) -> Option<Line<'static>> {
    let table = &model.table;
    if !table.items.is_empty() && !table.visible.is_empty() {
        return None;
    }
    let theme = &model.ctx.theme;
    let text = if let Some(cloud) = &model.clouds.logging_in {
        format!("Logging in to {cloud}…")
    } else if table.loading {
        "Loading credentials…".to_string()
    } else if model.session.is_none() {
        "Not logged in. Press C to choose a cloud.".to_string()
    } else if table.items.is_empty() {
        "No application credentials here. Press n to create one.".to_string()
    } else {
        "Nothing matches the filter. Esc clears it.".to_string()
    };
    Some(Line::styled(text, theme.muted()))
}

/// One row; a name or roles wider than their column end in `…` so a cut
/// never passes for the whole text.
fn row<'a>(model: &Model, credential: &'a ApplicationCredential, sizes: [usize; 6]) -> Row<'a> {
    let theme = &model.ctx.theme;
    let marked = model.table.marked.contains(&credential.id);
    let state = expiry::state(credential.expires_at, model.ctx.now, model.table.warning);
    let expires = format!(
        "{}{}",
        theme.expiry_marker(state),
        expiry::relative(credential.expires_at, model.ctx.now)
    );
    let roles = truncate(&roles_text(credential), sizes[2]);
    let rotating = model.table.rotating.contains(&credential.id);
    let mut flags = Vec::new();
    for part in flag_parts(credential, rotating) {
        if !flags.is_empty() {
            flags.push(Span::raw(" "));
        }
        let style = match part.as_str() {
            "U" => theme.danger(),
            "rot" => theme.key(),
            _ => Style::new(),
        };
        flags.push(Span::styled(part, style));
    }
    let mut cells = vec![
        Cell::from(Span::styled(if marked { "●" } else { " " }, theme.marked())),
        Cell::from(truncate(&terminal_text::name(&credential.name), sizes[1])),
        Cell::from(roles),
        Cell::from(Span::styled(expires, theme.expiry(state))),
        Cell::from(Line::from(flags)),
    ];
    if model.table.widths.many_projects {
        // The project's name where the user can see it, else its id.
        let id = credential.project_id.as_deref().unwrap_or("-");
        let project = model.scopes.project_name(id).unwrap_or(id);
        cells.insert(2, Cell::from(truncate(project, sizes[5])));
    }
    Row::new(cells)
}
