//! The module paths a file names: `use crate::a::{b, c::d}` trees and
//! `crate::a::b::f(..)` in expressions, with `super::` resolved against the
//! file's own module, and `child::…` / `self::child::…` paths to the
//! file's own child modules (`is_child` says which names those are).

/// Every path (as module segments, `crate` left off) the code names.
/// `module` is the file's module path (`["tui", "update"]` for
/// src/tui/update/mod.rs), for `super::`.
pub fn referenced(
    code: &str,
    module: &[String],
    is_child: impl Fn(&str) -> bool,
) -> Vec<Vec<String>> {
    let chars: Vec<char> = code.chars().collect();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !is_ident(chars[i - 1]) && chars[i - 1] != '$';
        let after_colons = i >= 2 && chars[i - 1] == ':' && chars[i - 2] == ':';
        if starts_word && !after_colons {
            if let Some(rest) = word_then_colons(&chars, i, "crate") {
                let mut found = Vec::new();
                tree(&chars, rest, Vec::new(), &mut found);
                paths.extend(found);
                i = rest;
                continue;
            }
            let self_rest = word_then_colons(&chars, i, "self");
            let word_end = self_rest.unwrap_or(i);
            let mut end = word_end;
            while chars.get(end).is_some_and(|c| is_ident(*c)) {
                end += 1;
            }
            let word: String = chars[word_end..end].iter().collect();
            if !word.is_empty()
                && is_child(&word)
                && word_then_colons(&chars, word_end, &word).is_some()
                || self_rest.is_some() && !word.is_empty() && is_child(&word)
            {
                let mut found = Vec::new();
                tree(&chars, word_end, module.to_vec(), &mut found);
                paths.extend(found);
                i = end;
                continue;
            }
            if word_then_colons(&chars, i, "super").is_some() {
                let mut base: Vec<String> = module.to_vec();
                let mut j = i;
                while let Some(rest) = word_then_colons(&chars, j, "super") {
                    base.pop();
                    j = rest;
                }
                let mut found = Vec::new();
                tree(&chars, j, base, &mut found);
                paths.extend(found);
                i = j;
                continue;
            }
        }
        i += 1;
    }
    paths
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The index after `word::` when `word` followed by `::` starts at `i`.
fn word_then_colons(chars: &[char], i: usize, word: &str) -> Option<usize> {
    let w: Vec<char> = word.chars().collect();
    let end = i + w.len();
    let matches = chars.get(i..end) == Some(&w[..])
        && chars.get(end..end + 2) == Some(&[':', ':'][..])
        && chars.get(end + 2) != Some(&'<');
    matches.then_some(end + 2)
}

fn skip_space(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// Reads one use tree (or expression path) at `i` under `prefix`; returns
/// where it ends.
fn tree(chars: &[char], i: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut i = skip_space(chars, i);
    let mut path = prefix;
    loop {
        match chars.get(i) {
            Some('{') => {
                i += 1;
                loop {
                    i = skip_space(chars, i);
                    match chars.get(i) {
                        Some('}') => return i + 1,
                        Some(',') => i += 1,
                        None => return i,
                        _ => {
                            let before = i;
                            i = tree(chars, i, path.clone(), out);
                            if i == before {
                                i += 1;
                            }
                        }
                    }
                }
            }
            Some('*') => {
                out.push(path);
                return i + 1;
            }
            Some(c) if is_ident(*c) => {
                let start = i;
                while chars.get(i).is_some_and(|c| is_ident(*c)) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if word != "self" {
                    path.push(word);
                }
                if chars.get(i..i + 2) == Some(&[':', ':'][..]) && chars.get(i + 2) != Some(&'<') {
                    i += 2;
                    continue;
                }
                out.push(path);
                // `as name` renames; the name is not a path.
                let j = skip_space(chars, i);
                if chars.get(j..j + 3) == Some(&['a', 's', ' '][..]) {
                    let mut k = skip_space(chars, j + 3);
                    while chars.get(k).is_some_and(|c| is_ident(*c)) {
                        k += 1;
                    }
                    return k;
                }
                return i;
            }
            _ => {
                out.push(path);
                return i;
            }
        }
    }
}
