//! Reading and rewriting `NAME=VALUE` assignments in a POSIX shell file (an
//! openrc, an `env` file): the value as one shell word, quoted any of the
//! ways people and tools write it. A word we cannot read for sure (a `$`
//! expansion, a command substitution) is `None`: not safe to rewrite.

use zeroize::Zeroizing;

/// The value of the shell word at the start of `s`, and its length in
/// bytes; `None` when the word expands something.
pub fn read_word(s: &str) -> Option<(Zeroizing<String>, usize)> {
    let mut out = Zeroizing::new(String::new());
    let mut chars = s.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            '\'' => {
                chars.next();
                loop {
                    let (_, c) = chars.next()?;
                    if c == '\'' {
                        break;
                    }
                    out.push(c);
                }
            }
            '"' => {
                chars.next();
                loop {
                    let (_, c) = chars.next()?;
                    match c {
                        '"' => break,
                        '\\' => {
                            let (_, n) = chars.next()?;
                            if !matches!(n, '"' | '\\' | '$' | '`') {
                                out.push('\\');
                            }
                            out.push(n);
                        }
                        '$' | '`' => return None,
                        c => out.push(c),
                    }
                }
            }
            '\\' => {
                chars.next();
                let (_, n) = chars.next()?;
                out.push(n);
            }
            c if c.is_whitespace() || c == ';' || c == '&' || c == '|' => return Some((out, i)),
            '$' | '`' | '(' | ')' | '<' | '>' => return None,
            c => {
                chars.next();
                out.push(c);
            }
        }
    }
    Some((out, s.len()))
}

/// Where `NAME=` starts its value on this line (after optional `export `),
/// or None when the line is no assignment of `name`.
pub fn value_start(line: &str, name: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let rest = trimmed.strip_prefix("export ").map(str::trim_start);
    let (body, offset) = match rest {
        Some(r) => (r, line.len() - r.len()),
        None => (trimmed, lead),
    };
    body.strip_prefix(name)?
        .strip_prefix('=')
        .map(|_| offset + name.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_like_a_shell() {
        let w = |s: &str| read_word(s).map(|(v, n)| (v.to_string(), n));
        assert_eq!(w("'a'\"'\"'b' rest"), Some(("a'b".into(), 9)));
        assert_eq!(w("\"x\\\"y\";"), Some(("x\"y".into(), 6)));
        assert_eq!(w("abc123"), Some(("abc123".into(), 6)));
        assert_eq!(w("\"$HOME\""), None);
        assert_eq!(w("$(cat f)"), None);
        assert_eq!(value_start("export OS_X='v'", "OS_X"), Some(12));
        assert_eq!(value_start("  OS_X=v", "OS_X"), Some(7));
        assert_eq!(value_start("OS_XY=v", "OS_X"), None);
    }
}
