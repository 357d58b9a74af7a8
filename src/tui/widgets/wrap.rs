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
    let room = usize::from(width).saturating_sub(indent).max(1);
    let mut label = Some(label);
    wrap_words(value, room)
        .into_iter()
        .map(|row| {
            let first = label
                .take()
                .unwrap_or_else(|| Span::raw(" ".repeat(indent)));
            Line::from(vec![first, Span::styled(row, style)])
        })
        .collect()
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
