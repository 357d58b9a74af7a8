//! Finding a secret in text it must not reach (logs, stderr, screens), in
//! whatever form a leak would have: a secret with quotes or backslashes
//! written JSON- or Debug-escaped (`\"`), or shell-quoted (`'\''`), no
//! longer contains itself. So the scan looks for its longest run of
//! characters no escaping changes (unique to the secret when the test made
//! it so), and for each escaped form of the whole.

/// Characters that JSON, Rust's Debug, shell quoting and URL encoding leave
/// as they are (RFC 3986's unreserved).
fn plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')
}

/// The secret's longest run of [`plain`] characters: what any escaped copy
/// still contains whole.
pub fn marker(secret: &str) -> &str {
    secret
        .split(|c| !plain(c))
        .max_by_key(|run| run.len())
        .unwrap_or_default()
}

/// The forms the secret can take when a leak writes it out.
pub fn forms(secret: &str) -> Vec<(&'static str, String)> {
    let json = serde_json::to_string(secret).unwrap_or_default();
    let debug = format!("{secret:?}");
    let mut forms = vec![
        ("as is", secret.to_string()),
        ("JSON-escaped", json.trim_matches('"').to_string()),
        ("Debug-escaped", debug.trim_matches('"').to_string()),
        ("shell-quoted", secret.replace('\'', "'\\''")),
    ];
    // A marker too short to be the secret's own (a password of symbols)
    // would match innocent text: then the whole forms are the scan.
    let marker = marker(secret);
    if marker.len() >= 12 {
        forms.push(("its plain part", marker.to_string()));
    }
    forms
}

/// The form in which `secret` is in `text`, if it is.
pub fn found(text: &str, secret: &str) -> Option<&'static str> {
    forms(secret)
        .into_iter()
        .find(|(_, form)| !form.is_empty() && text.contains(form.as_str()))
        .map(|(how, _)| how)
}

/// Fails, without printing the secret or the text, when `what` holds it.
pub fn assert_no_leak(what: &str, text: &str, secret: &str) {
    if let Some(how) = found(text, secret) {
        panic!("{what} contains a secret ({how}; {} chars)", secret.len());
    }
}
