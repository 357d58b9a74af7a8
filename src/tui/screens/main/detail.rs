//! The detail pane: every field of the selected credential, access rules
//! in full, and where appcred put it (`crate::held`, when recorded).
//! `update` asks [`line_count`] to keep scrolling in range.

use crate::terminal_text::{self, visible};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::expiry;
use crate::tui::model::{Model, Pane};
use crate::tui::screens::main::main_layout;
use crate::tui::widgets::{hanging_spans, pane};

const LABEL_WIDTH: usize = 14;

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let block = pane(" Detail ", model.focus == Pane::Detail, &model.ctx.theme);
    let width = block.inner(area).width;
    let paragraph = Paragraph::new(lines_at(model, width))
        .block(block)
        .scroll((model.detail_scroll, 0));
    frame.render_widget(paragraph, area);
}

/// How many rows the detail has at the current terminal size.
pub fn line_count(model: &Model) -> u16 {
    u16::try_from(lines(model).len()).unwrap_or(u16::MAX)
}

/// The detail's rows as the pane shows them at the current terminal size.
pub fn lines(model: &Model) -> Vec<Line<'static>> {
    let width = main_layout(model).detail.width.saturating_sub(2);
    lines_at(model, width)
}

/// The fields, each value wrapped to `width` right of its label: a value
/// longer than its row (a 64-character LDAP user id, a long path) goes on
/// under its own column, its label on its first row, and is shown whole.
struct Fields {
    lines: Vec<Line<'static>>,
    width: u16,
    label_style: Style,
}

impl Fields {
    fn add<'v>(&mut self, label: &str, value: impl Into<Span<'v>>) {
        self.add_spans(label, vec![value.into()]);
    }

    fn add_spans(&mut self, label: &str, value: Vec<Span<'_>>) {
        let label = Span::styled(format!("{label:<LABEL_WIDTH$}"), self.label_style);
        self.lines
            .extend(hanging_spans(label, LABEL_WIDTH, &value, self.width));
    }
}

fn lines_at(model: &Model, width: u16) -> Vec<Line<'static>> {
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
    let mut f = Fields {
        lines: Vec::new(),
        width,
        label_style: theme.muted(),
    };
    f.add(
        "Name",
        Span::styled(terminal_text::name(&c.name).into_owned(), theme.title()),
    );
    f.add("ID", visible(&c.id).into_owned());
    f.add("Description", text(&c.description));
    f.add(
        "Project",
        match &c.project_id {
            Some(id) => match model.scopes.project_name(id) {
                Some(name) => Span::raw(format!("{} ({})", visible(name), visible(id))),
                None => Span::raw(visible(id).into_owned()),
            },
            None => none(),
        },
    );
    f.add("User", text(&c.user_id));
    f.add(
        "Roles",
        if roles.is_empty() {
            none()
        } else {
            Span::raw(roles)
        },
    );
    f.add("Expires", Span::styled(expires, theme.expiry(state)));
    f.add("Unrestricted", unrestricted);
    let rules = c.access_rules.as_deref().unwrap_or(&[]);
    if rules.is_empty() {
        f.add("Access rules", "none (any API the roles allow)");
    } else {
        f.add("Access rules", format!("{}", rules.len()));
        for rule in rules {
            let rule = format!(
                "{} {} {}",
                visible(&rule.service),
                visible(&rule.method),
                visible(&rule.path)
            );
            f.lines
                .extend(hanging_spans(Span::raw("  "), 2, &[Span::raw(rule)], width));
        }
    }
    // "Held in": a row per place appcred recorded putting the credential;
    // none when there is none (the pane stays as it was).
    for (i, p) in model.table.held.places(&c.id).iter().enumerate() {
        let kind = Span::styled(format!("{} ", p.kind.as_str()), theme.muted());
        let place = Span::raw(visible(&p.describe()).into_owned());
        f.add_spans(if i == 0 { "Held in" } else { "" }, vec![kind, place]);
    }
    f.lines
}
