//! The audit screen: the choice of target, the progress, then one row per
//! credential with its owner and flags (what stops it working in the
//! danger colour, the rest as warnings). Pure: reads the state, draws.

use crate::terminal_text;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::{AuditState, Phase, Whom};
use crate::audit::{self, DEFAULT_CONCURRENCY};
use crate::expiry::{self, ExpiryState};
use crate::rotation::role_names;
use crate::tui::context::Context;
use crate::tui::widgets::context_hints;

/// Wide enough for the roles column too.
const WIDE: u16 = 120;

pub fn draw(state: &AuditState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let block = Block::bordered()
        .title(Span::styled(
            format!(" Audit: {} ", state.target_label()),
            theme.title(),
        ))
        .border_style(theme.border(true));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let [body, help] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        Paragraph::new(context_hints(ctx, state.key_context(), &[])),
        help,
    );
    match &state.phase {
        Phase::Asking => draw_asking(state, ctx, frame, body),
        Phase::Running(p) => {
            let width = 30usize;
            let filled = (p.done * width).checked_div(p.total).unwrap_or(0);
            let lines = vec![
                Line::from(format!(
                    "Reading every user's credentials in {}, {DEFAULT_CONCURRENCY} requests at a time…",
                    state.target_label()
                )),
                Line::from(""),
                Line::from(vec![
                    Span::styled("█".repeat(filled), theme.key()),
                    Span::styled("░".repeat(width - filled), theme.muted()),
                    Span::raw(if p.total == 0 {
                        "  finding the users".to_string()
                    } else {
                        format!("  {}/{} users", p.done, p.total)
                    }),
                ]),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        }
        Phase::Done { users, rows } => draw_rows(state, ctx, *users, rows, frame, body),
    }
}

fn draw_asking(state: &AuditState, ctx: &Context, frame: &mut Frame, area: Rect) {
    let theme = ctx.theme;
    let choice = |whom: Whom, label: String| {
        let on = state.whom == whom;
        Line::from(vec![
            Span::styled(if on { "(•) " } else { "( ) " }, theme.key()),
            Span::styled(label, if on { theme.title() } else { Style::new() }),
        ])
    };
    let lines = vec![
        Line::from("Every user's application credentials, with what would stop them working."),
        Line::from(""),
        choice(
            Whom::Project,
            format!(
                "project {}: its members' credentials on it",
                state.project.1
            ),
        ),
        choice(
            Whom::Domain,
            format!("domain {}: every user of the domain", state.domain.1),
        ),
        Line::from(""),
        Line::styled(
            format!(
                "Flags: owner disabled, expired, expiring within {} d, never expires, unrestricted, role no longer held, group membership lapsed (federated owner).",
                state.window.num_days()
            ),
            theme.muted(),
        ),
        Line::styled(
            "Needs a token allowed to list users and their credentials (an admin).",
            theme.muted(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn draw_rows(
    state: &AuditState,
    ctx: &Context,
    users: usize,
    rows: &[audit::Row],
    frame: &mut Frame,
    area: Rect,
) {
    let theme = ctx.theme;
    let flagged = rows.iter().filter(|r| !r.flags.is_empty()).count();
    // Flags whose name does not say what to do, explained under the count.
    let mut explained: Vec<audit::Flag> = rows.iter().flat_map(|r| r.flags.clone()).collect();
    explained.sort();
    explained.dedup();
    let mut lines = vec![Line::from(format!(
        "{} credentials of {users} users; {flagged} flagged.",
        rows.len()
    ))];
    for f in explained {
        if let Some(text) = f.note() {
            lines.push(Line::styled(text, theme.muted()));
        }
    }
    // Rows the wrapped lines take (about: wrapping breaks at words).
    let width = usize::from(area.width.max(1));
    let rows_taken: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(width).max(1) + 1)
        .sum();
    let height = u16::try_from(rows_taken - 1)
        .unwrap_or(u16::MAX)
        .min(area.height / 2)
        .max(1);
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let [summary, table_area] =
        Layout::vertical([Constraint::Length(height), Constraint::Min(1)]).areas(area);
    frame.render_widget(text, summary);
    let wide = area.width >= WIDE;
    let mut header = vec!["User", "Credential"];
    let mut widths = vec![Constraint::Length(12), Constraint::Fill(2)];
    if wide {
        header.push("Roles");
        widths.push(Constraint::Fill(2));
    }
    header.extend(["Expires", "Flags"]);
    widths.extend([Constraint::Length(18), Constraint::Fill(3)]);
    // The flags wrap inside their column, whole: `group_membership_lapsed`
    // cut to `group` names no flag.
    let flags_width = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(table_area)
        .last()
        .map_or(1, |r| usize::from(r.width.max(1)));
    let body = rows.iter().skip(state.offset).map(|r| {
        let c = &r.credential;
        let state_of = expiry::state(c.expires_at, ctx.now, state.window);
        let expires = format!(
            "{}{}",
            theme.expiry_marker(state_of),
            expiry::relative(c.expires_at, ctx.now)
        );
        let mut flags: Vec<Line> = vec![Line::default()];
        for f in &r.flags {
            let style = if f.is_broken() {
                theme.danger()
            } else {
                theme.expiry(ExpiryState::Soon)
            };
            let word = f.as_str();
            let used = flags.last().map_or(0, Line::width);
            if used > 0 && used + 1 + word.chars().count() > flags_width {
                flags.push(Line::default());
            }
            if let Some(line) = flags.last_mut() {
                if line.width() > 0 {
                    line.push_span(Span::raw(" "));
                }
                line.push_span(Span::styled(word, style));
            }
        }
        let height = u16::try_from(flags.len()).unwrap_or(1);
        let owner = terminal_text::name(&r.owner_label()).into_owned();
        let user = if r.user.enabled && !r.owner_deleted() {
            Span::raw(owner)
        } else {
            Span::styled(owner, theme.danger())
        };
        let mut cells = vec![
            Cell::from(user),
            Cell::from(terminal_text::name(&c.name).into_owned()),
        ];
        if wide {
            cells.push(Cell::from(role_names(&c.roles)));
        }
        cells.push(Cell::from(Span::styled(expires, theme.expiry(state_of))));
        cells.push(Cell::from(Text::from(flags)));
        Row::new(cells).height(height)
    });
    let table = Table::new(body, widths).header(
        Row::new(header).style(Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)),
    );
    frame.render_widget(table, table_area);
}
