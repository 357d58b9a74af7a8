//! Access rules as people write them: `SERVICE:METHOD:PATH` on the command
//! line and in the wizard, or a JSON/YAML list in a file. Checked here against
//! what Keystone accepts *and stores* (its schema allows 225-character paths
//! but the database column holds 128), so a bad rule fails before any
//! request instead of as a 400 or 500 from the server.

use std::io::Read;
use std::path::Path;

use serde_yaml::Value;

use super::InputError;
use crate::keystone::AccessRule;

/// Keystone's `access_rule.path` column is `VARCHAR(128)`.
pub const MAX_PATH_CHARS: usize = 128;
/// Keystone's `access_rule.service` column is `VARCHAR(64)`.
pub const MAX_SERVICE_CHARS: usize = 64;
/// A rules file is a short list; anything bigger is the wrong file.
const MAX_FILE_BYTES: u64 = 1024 * 1024;
const METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "PATCH", "POST", "PUT"];
const KEYS: [&str; 4] = ["service", "method", "path", "id"];

/// Parses `SERVICE:METHOD:PATH`. Only the first two colons split, so a path
/// may itself contain ':'. The method may be typed in lower case; it is
/// returned in upper case, as Keystone requires. Blanks around the whole
/// rule (from a wizard field or a shell line) are ignored.
pub fn parse_access_rule(text: &str) -> Result<AccessRule, InputError> {
    let text = text.trim();
    let shape = || InputError::AccessRuleShape(text.to_string());
    let mut parts = text.splitn(3, ':');
    let (Some(service), Some(method), Some(path)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(shape());
    };
    if service.is_empty() && method.is_empty() {
        return Err(shape());
    }
    Ok(AccessRule {
        id: None,
        service: check_service(service)?,
        method: check_method(method)?,
        path: check_path(path)?,
    })
}

fn check_service(service: &str) -> Result<String, InputError> {
    let bad = |why: &str| InputError::AccessRuleService {
        service: service.to_string(),
        why: why.to_string(),
    };
    if service.is_empty() {
        return Err(bad("it is empty"));
    }
    if service.contains('_') {
        return Err(bad("it contains '_'"));
    }
    if !service
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(bad(
            "it contains a character other than a letter, digit or '-'",
        ));
    }
    if service.len() > MAX_SERVICE_CHARS {
        return Err(bad("it is longer than 64 characters"));
    }
    Ok(service.to_string())
}

fn check_method(method: &str) -> Result<String, InputError> {
    let upper = method.to_ascii_uppercase();
    if METHODS.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(InputError::AccessRuleMethod(method.to_string()))
    }
}

fn check_path(path: &str) -> Result<String, InputError> {
    let bad = |why: String| InputError::AccessRulePath {
        path: path.to_string(),
        why,
    };
    if !path.starts_with('/') {
        return Err(bad("it does not start with '/'".to_string()));
    }
    let chars = path.chars().count();
    if chars > MAX_PATH_CHARS {
        return Err(bad(format!(
            "it is {chars} characters long and Keystone stores at most {MAX_PATH_CHARS}"
        )));
    }
    if path.chars().any(char::is_control) {
        return Err(bad("it contains a control character".to_string()));
    }
    Ok(path.to_string())
}

/// Reads a JSON or YAML list of `{service, method, path}` (an `id` may come
/// along, e.g. from `access-rules list -f json`). JSON is read by the YAML
/// parser, which accepts it, so one code path serves both. An empty list is
/// refused: Keystone treats `[]` as "no restriction", the opposite of what
/// someone passing a rules file means.
pub fn parse_access_rules_file(path: &Path) -> Result<Vec<AccessRule>, InputError> {
    let text = read_limited(path)?;
    let value: Value = serde_yaml::from_str(&text).map_err(|e| InputError::RulesFileSyntax {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let shape = |message: &str| InputError::RulesFileShape {
        path: path.to_path_buf(),
        message: message.to_string(),
    };
    let items = match value {
        Value::Sequence(items) => items,
        Value::Null => return Err(shape("the file is empty")),
        Value::Mapping(_) => {
            return Err(shape(
                "it holds a mapping; put the rules in a list, one {service, method, path} per item",
            ));
        }
        _ => return Err(shape("it holds a single value, not a list")),
    };
    if items.is_empty() {
        return Err(shape(
            "the list is empty, and Keystone reads an empty list as \"no restriction\"; \
             leave out --access-rules for an unrestricted credential",
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            parse_item(item).map_err(|message| InputError::RulesFileItem {
                path: path.to_path_buf(),
                index,
                message,
            })
        })
        .collect()
}

fn read_limited(path: &Path) -> Result<String, InputError> {
    let fail = |message: String| InputError::RulesFileRead {
        path: path.to_path_buf(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(
            "it is larger than 1 MiB; is it the right file?".to_string(),
        ));
    }
    String::from_utf8(bytes).map_err(|_| fail("it is not UTF-8 text".to_string()))
}

fn parse_item(item: &Value) -> Result<AccessRule, String> {
    let Value::Mapping(map) = item else {
        return Err(
            "expected a mapping such as {service: compute, method: GET, path: /v2.1/servers}"
                .to_string(),
        );
    };
    for key in map.keys() {
        match key.as_str() {
            Some(k) if KEYS.contains(&k) => {}
            _ => {
                return Err(format!(
                    "unknown key {}; an access rule has only service, method, path (and id)",
                    describe(key)
                ));
            }
        }
    }
    let field = |name: &str| -> Result<String, String> {
        match map.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!("`{name}` must be text, not {}", describe(other))),
            None => Err(format!(
                "`{name}` is missing; give service, method and path together \
                 (Keystone answers an item without a path with a server error)"
            )),
        }
    };
    let id = match map.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s))
            if !s.is_empty()
                && s.len() <= 64
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
        {
            Some(s.clone())
        }
        Some(other) => {
            return Err(format!(
                "`id` {} is not a Keystone id (letters, digits and '-', at most 64)",
                describe(other)
            ));
        }
    };
    let service = check_service(&field("service")?).map_err(|e| e.to_string())?;
    let method = check_method(&field("method")?).map_err(|e| e.to_string())?;
    let path = check_path(&field("path")?).map_err(|e| e.to_string())?;
    Ok(AccessRule {
        id,
        service,
        method,
        path,
    })
}

/// A short description of a YAML value for an error message.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s:?}"),
        Value::Null => "null".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Sequence(_) => "a list".to_string(),
        Value::Mapping(_) => "a mapping".to_string(),
        Value::Tagged(_) => "a tagged value".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(s: &str, m: &str, p: &str) -> AccessRule {
        AccessRule {
            id: None,
            service: s.into(),
            method: m.into(),
            path: p.into(),
        }
    }

    #[test]
    fn accepts_good_rules() {
        assert_eq!(
            parse_access_rule("compute:get:/v2.1/servers/**"),
            Ok(rule("compute", "GET", "/v2.1/servers/**"))
        );
        assert_eq!(
            parse_access_rule("object-store:PUT:/v1/AUTH_x/c:o:1"),
            Ok(rule("object-store", "PUT", "/v1/AUTH_x/c:o:1"))
        );
        let long = format!("/{}", "a".repeat(127));
        assert!(parse_access_rule(&format!("identity:HEAD:{long}")).is_ok());
    }

    #[test]
    fn refuses_bad_rules_with_the_reason() {
        let cases: [(&str, &str); 9] = [
            ("compute", "SERVICE:METHOD:PATH"),
            ("compute:GET", "SERVICE:METHOD:PATH"),
            ("object_store:GET:/v1", "catalog *type*"),
            (":GET:/v1", "it is empty"),
            ("compute:FETCH:/v2", "DELETE, GET"),
            ("compute:GET:v2", "start with '/'"),
            ("compute:GET:/v2\nx", "control character"),
            ("comp ute:GET:/v2", "other than a letter"),
            ("compute:GET:", "start with '/'"),
        ];
        for (input, want) in cases {
            let err = parse_access_rule(input)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(want), "{input:?}: {err}");
        }
        let long = format!("compute:GET:/{}", "a".repeat(128));
        let err = parse_access_rule(&long).err().map(|e| e.to_string());
        assert!(err.is_some_and(|e| e.contains("at most 128")));
    }

    fn file_with(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rules.yaml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn reads_json_and_yaml_files() {
        let (_d, json) = file_with(
            r#"[{"service":"compute","method":"get","path":"/v2.1/servers"},
                {"id":"abc-1","service":"identity","method":"GET","path":"/v3/users/*"}]"#,
        );
        let rules = parse_access_rules_file(&json).unwrap_or_default();
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0], rule("compute", "GET", "/v2.1/servers"));
        assert_eq!(rules[1].id.as_deref(), Some("abc-1"));
        let (_d, yaml) =
            file_with("# rules\n- service: image\n  method: HEAD\n  path: /v2/images\n");
        assert_eq!(
            parse_access_rules_file(&yaml),
            Ok(vec![rule("image", "HEAD", "/v2/images")])
        );
    }

    #[test]
    fn file_errors_name_the_file_and_item() {
        let cases = [
            (
                "- {service: compute, method: GET, path: /a, extra: 1}\n",
                "item 0",
                "\"extra\"",
            ),
            (
                "- {service: compute, method: GET, path: /a}\n- {service: compute, method: GET}\n",
                "item 1",
                "`path` is missing",
            ),
            (
                "- {service: compute, method: 3, path: /a}\n",
                "item 0",
                "must be text",
            ),
            ("- {service: a_b, method: GET, path: /a}\n", "item 0", "'_'"),
            ("[]\n", "rules.yaml", "no restriction"),
            ("", "rules.yaml", "empty"),
            ("service: compute\n", "rules.yaml", "mapping"),
            ("- [unclosed\n", "rules.yaml", "line"),
        ];
        for (text, where_, what) in cases {
            let (_d, path) = file_with(text);
            let err = parse_access_rules_file(&path)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                err.contains(where_) && err.contains(what),
                "{text:?}: {err}"
            );
            assert!(err.contains("rules.yaml"), "{err}");
        }
        let missing = parse_access_rules_file(Path::new("/nonexistent/rules.json"));
        assert!(matches!(missing, Err(InputError::RulesFileRead { .. })));
    }
}
