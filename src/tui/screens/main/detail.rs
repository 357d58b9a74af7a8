//! The detail pane: every field of the selected credential, access rules
//! in full, and where appcred put it (`crate::held`, when recorded).
//! `update` asks [`line_count`] to keep scrolling in range.

use crate::terminal_text::{self, visible};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::expiry;
use crate::tui::model::{Model, Pane};
use crate::tui::widgets::pane;

const LABEL_WIDTH: usize = 14;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let block = pane(" Detail ", model.focus == Pane::Detail, &model.ctx.theme);
    let paragraph = Paragraph::new(lines(model))
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((model.detail_scroll, 0));
    frame.render_widget(paragraph, area);
}

/// How many lines the detail has (before wrapping).
pub fn line_count(model: &Model) -> u16 {
    u16::try_from(lines(model).len()).unwrap_or(u16::MAX)
}

fn field<'a>(label: &'a str, value: impl Into<Span<'a>>, model: &Model) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{label:<LABEL_WIDTH$}"), model.ctx.theme.muted()),
        value.into(),
    ])
}

pub fn lines(model: &Model) -> Vec<Line<'_>> {
    let theme = &model.ctx.theme;
    let Some(c) = model.table.selected_credential() else {
        return vec![Line::styled("Nothing selected.", theme.muted())];
    };
    let state = expiry::state(c.expires_at, model.ctx.now, model.table.warning);
    let expires = match c.expires_at {
        Some(at) => format!(
            "{}{} ({})",
            theme.expiry_marker(state),
            expiry::utc_text(at),
            expiry::relative(Some(at), model.ctx.now)
        ),
        None => "never".to_string(),
    };
    let none = || Span::styled("-", theme.muted());
    let text = |v: &Option<String>| match v {
        Some(v) if !v.is_empty() => Span::raw(visible(v).into_owned()),
        _ => none(),
    };
    let roles = c
        .roles
        .iter()
        .map(|r| visible(&r.name))
        .collect::<Vec<_>>()
        .join(", ");
    let unrestricted = if c.is_unrestricted() {
        Span::styled(
            "yes: it may create credentials and trusts (dangerous)",
            theme.danger(),
        )
    } else {
        Span::raw("no")
    };
    let mut lines = vec![
        field(
            "Name",
            Span::styled(terminal_text::name(&c.name).into_owned(), theme.title()),
            model,
        ),
        field("ID", c.id.clone(), model),
        field("Description", text(&c.description), model),
        field(
            "Project",
            match &c.project_id {
                Some(id) => match model.scopes.project_name(id) {
                    Some(name) => Span::raw(format!("{} ({id})", visible(name))),
                    None => Span::raw(id.clone()),
                },
                None => none(),
            },
            model,
        ),
        field("User", text(&c.user_id), model),
        field(
            "Roles",
            if roles.is_empty() {
                none()
            } else {
                Span::raw(roles)
            },
            model,
        ),
        field("Expires", Span::styled(expires, theme.expiry(state)), model),
        field("Unrestricted", unrestricted, model),
    ];
    let rules = c.access_rules.as_deref().unwrap_or(&[]);
    if rules.is_empty() {
        lines.push(field(
            "Access rules",
            "none (any API the roles allow)",
            model,
        ));
    } else {
        lines.push(field("Access rules", format!("{}", rules.len()), model));
        for rule in rules {
            lines.push(Line::from(format!(
                "  {} {} {}",
                visible(&rule.service),
                visible(&rule.method),
                visible(&rule.path)
            )));
        }
    }
    lines.extend(held_in(model, &c.id));
    lines
}

/// "Held in": a line per place appcred recorded putting the credential;
/// nothing when there is none (the pane stays as it was).
fn held_in<'a>(model: &'a Model, id: &str) -> Vec<Line<'a>> {
    let theme = &model.ctx.theme;
    model
        .table
        .held
        .places(id)
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let label = if i == 0 { "Held in" } else { "" };
            let kind = Span::styled(format!("{} ", p.kind.as_str()), theme.muted());
            let place = Span::raw(visible(&p.describe()).into_owned());
            let mut line = field(label, kind, model);
            line.spans.push(place);
            line
        })
        .collect()
}
