//! Source text with what is not code blanked out: comments, string and
//! character literals, and items marked `#[cfg(test)]` (tests sit above
//! every layer and may drive the whole program). Line breaks stay, so
//! offsets still point at the same line.

/// `source` with comments and literals replaced by spaces.
pub fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
                out.push(' ');
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if let Some(hashes) = raw_string_start(&chars, i) {
            // r"…", r#"…"#, br#"…"#: ends at a quote followed by as many #.
            let open = chars[i..].iter().position(|&c| c == '"').unwrap_or(0) + 1;
            for _ in 0..open {
                out.push(' ');
            }
            i += open;
            while i < chars.len() {
                let closes =
                    chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#'));
                if closes {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let step = if chars[i] == '\\' { 2 } else { 1 };
                for k in 0..step {
                    if let Some(&c) = chars.get(i + k) {
                        blank(&mut out, c);
                    }
                }
                i += step;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && is_char_literal(&chars, i) {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                let step = if chars[i] == '\\' { 2 } else { 1 };
                for _ in 0..step {
                    out.push(' ');
                }
                i += step;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// How many `#` a raw string opening at `i` has, if one opens there.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let before = i.checked_sub(1).map(|j| chars[j]);
    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some(hashes)
}

/// `'x'` and `'\n'` are characters; `'a` in `&'a str` is a lifetime.
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// What `#[cfg(test)]` marks, blanked, and the names of the test-only
/// child modules it declares (`#[cfg(test)] mod tests;`).
pub fn without_test_items(code: &str) -> (String, Vec<String>) {
    const MARK: &str = "#[cfg(test)]";
    let mut out: Vec<char> = code.chars().collect();
    let text: String = out.iter().collect();
    let mut test_modules = Vec::new();
    let mut from = 0;
    while let Some(found) = text[from..].find(MARK) {
        let start = from + found;
        // Byte offsets equal char offsets only for ASCII; map through chars.
        let start_char = text[..start].chars().count();
        let mut i = start_char + MARK.chars().count();
        // Skip further attributes and the item's head up to `;` or `{`.
        let mut depth = 0;
        let mut head = String::new();
        while i < out.len() {
            let c = out[i];
            if c == '{' && depth == 0 {
                break;
            }
            if c == ';' && depth == 0 {
                break;
            }
            if c == '[' || c == '(' {
                depth += 1;
            }
            if c == ']' || c == ')' {
                depth -= 1;
            }
            head.push(c);
            i += 1;
        }
        if out.get(i) == Some(&';') {
            let words: Vec<&str> = head.split_whitespace().collect();
            if let Some(pos) = words.iter().position(|w| *w == "mod")
                && let Some(name) = words.get(pos + 1)
            {
                test_modules.push(name.to_string());
            }
        } else if out.get(i) == Some(&'{') {
            let mut braces = 0;
            while i < out.len() {
                match out[i] {
                    '{' => braces += 1,
                    '}' => braces -= 1,
                    _ => {}
                }
                i += 1;
                if braces == 0 {
                    break;
                }
            }
        }
        for c in out
            .iter_mut()
            .take(i.min(text.chars().count()))
            .skip(start_char)
        {
            if *c != '\n' {
                *c = ' ';
            }
        }
        from = start + MARK.len();
    }
    (out.into_iter().collect(), test_modules)
}
