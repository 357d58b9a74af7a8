//! Wrapping text ourselves where `Paragraph`'s wrap would do it wrong: a
//! value that must stay right of its label (a hanging indent), hint bars
//! that must never split a key from its words, and rows whose height must
//! be known before they are drawn (table cells, help entries).

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::tui::context::Context;

/// `text` broken at spaces into rows of at most `width` columns; a word
/// wider than a row is cut across rows. Spaces inside a row stay as they
/// are; a row a break started drops its leading ones. Never empty: ""
/// gives one "" row.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    let mut used = 0;
    // The row was started by a break (its leading spaces are dropped).
    let mut broken = false;
    for (i, word) in text.split(' ').enumerate() {
        let mut word: Vec<char> = word.chars().collect();
        if word.is_empty() && broken && used == 0 {
            continue;
        }
        let joint = usize::from(i > 0 && !(broken && used == 0));
        if used > 0 && used + joint + word.len() > width {
            rows.push(std::mem::take(&mut row).trim_end().to_string());
            (used, broken) = (0, true);
            if word.is_empty() {
                continue;
            }
        }
        while word.len() > width {
            if used > 0 {
                rows.push(std::mem::take(&mut row));
                used = 0;
            }
            let rest = word.split_off(width);
            rows.push(word.into_iter().collect());
            word = rest;
            broken = true;
        }
        if i > 0 && !(broken && used == 0) {
            row.push(' ');
            used += 1;
        }
        row.extend(&word);
        used += word.len();
    }
    if used > 0 || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// A label and its value, the value wrapped so that every row of it starts
/// at column `indent` (after the label), never at the left edge.
pub fn hanging<'a>(
    label: Span<'a>,
    indent: usize,
    value: &str,
    style: Style,
    width: u16,
) -> Vec<Line<'a>> {
    hanging_spans(
        label,
        indent,
        &[Span::styled(value.to_string(), style)],
        width,
    )
}

/// [`hanging`] for a value of several differently styled pieces: wrapped
/// as one text (at spaces, a word wider than a row cut across rows), each
/// piece keeping its style. The label is on the first row, so a value too
/// long for it (a 64-character LDAP user id) wraps under the value's own
/// column, not onto a row of its own under an empty label.
pub fn hanging_spans<'a>(
    label: Span<'a>,
    indent: usize,
    value: &[Span<'_>],
    width: u16,
) -> Vec<Line<'a>> {
    let room = usize::from(width).saturating_sub(indent).max(1);
    let chars: Vec<(char, Style)> = value
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let text: String = chars.iter().map(|(c, _)| c).collect();
    let first_style = value.first().map(|s| s.style).unwrap_or_default();
    let mut label = Some(label);
    let mut at = 0;
    wrap_words(&text, room)
        .into_iter()
        .map(|row| {
            let row: Vec<char> = row.chars().collect();
            // A row is the text's next run of characters, after the spaces
            // the break dropped.
            while at < chars.len()
                && chars[at].0 == ' '
                && !chars[at..]
                    .iter()
                    .map(|(c, _)| *c)
                    .take(row.len())
                    .eq(row.iter().copied())
            {
                at += 1;
            }
            let end = (at + row.len()).min(chars.len());
            let mut spans = vec![
                label
                    .take()
                    .unwrap_or_else(|| Span::raw(" ".repeat(indent))),
            ];
            spans.extend(styled_runs(&chars[at..end], first_style));
            at = end;
            Line::from(spans)
        })
        .collect()
}

/// `chars` as spans, one per run of one style; one empty span for none.
fn styled_runs(chars: &[(char, Style)], empty: Style) -> Vec<Span<'static>> {
    let mut runs: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style = chars.first().map_or(empty, |(_, s)| *s);
    for (c, s) in chars {
        if *s != style && !text.is_empty() {
            runs.push(Span::styled(std::mem::take(&mut text), style));
        }
        style = *s;
        text.push(*c);
    }
    if !text.is_empty() || runs.is_empty() {
        runs.push(Span::styled(text, style));
    }
    runs
}

/// A hint bar of (key, words) pairs in rows of at most `width` columns:
/// a pair is never split across rows (`g` on one row, `cloud.conf` on the
/// next reads as two hints).
pub fn hint_rows(
    ctx: &Context,
    pairs: Vec<(String, &'static str)>,
    width: u16,
) -> Vec<Line<'static>> {
    const SEP: &str = " · ";
    let theme = &ctx.theme;
    let width = usize::from(width.max(1));
    let mut rows = Vec::new();
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for (key, what) in pairs {
        let pair = key.chars().count() + 1 + what.chars().count();
        if used > 0 && used + SEP.chars().count() + pair > width {
            rows.push(Line::from(std::mem::take(&mut spans)));
            used = 0;
        }
        if used > 0 {
            spans.push(Span::styled(SEP, theme.muted()));
            used += SEP.chars().count();
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {what}")));
        used += pair;
    }
    rows.push(Line::from(spans));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_spaces_and_long_ones_are_cut() {
        assert_eq!(wrap_words("ab cd ef", 5), ["ab cd", "ef"]);
        assert_eq!(wrap_words("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrap_words("", 5), [""]);
        assert_eq!(wrap_words("a▏  (b)", 9), ["a▏  (b)"]);
        assert_eq!(wrap_words("ab  cd", 3), ["ab", "cd"]);
    }

    #[test]
    fn a_hanging_value_never_starts_at_the_edge() {
        let lines = hanging(Span::raw("Label "), 6, "one two three", Style::new(), 12);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["Label one", "      two", "      three"]);
    }

    #[test]
    fn styled_pieces_wrap_as_one_text_and_keep_their_styles() {
        let muted = Style::new().dim();
        let value = [
            Span::styled("openrc ", muted),
            Span::raw("/a/b/c.sh (entry x)"),
        ];
        let lines = hanging_spans(Span::raw("Held "), 5, &value, 16);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["Held openrc", "     /a/b/c.sh", "     (entry x)"]);
        assert_eq!(lines[0].spans[1].style, muted);
        assert_eq!(lines[1].spans[1].style, Style::new());
        // A word longer than a row is cut, the label on its first row.
        let id = "0123456789abcdef";
        let lines = hanging_spans(Span::raw("User "), 5, &[Span::raw(id)], 11);
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["User 012345", "     6789ab", "     cdef"]);
        let lines = hanging_spans(Span::raw("Note "), 5, &[], 11);
        assert_eq!(lines.len(), 1);
    }

    #[test]
    fn hint_pairs_stay_whole() {
        let ctx = crate::tui::testing::context_with(crate::expiry::utc_text);
        let pairs = vec![("o".to_string(), "openrc"), ("g".to_string(), "cloud.conf")];
        let rows: Vec<String> = hint_rows(&ctx, pairs, 14)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(rows, ["o openrc", "g cloud.conf"]);
    }
}
