//! Reading YAML back to check an edit before it is put in place. serde_yaml
//! drops comments, so appcred edits text; this is how it proves the edit
//! meant what it should.

use std::ops::Deref;
use std::path::Path;

use serde_yaml::Value;
use zeroize::Zeroize;

use super::ExportError;

/// A parsed document whose strings are wiped on drop: the files hold
/// secrets, ours and the user's other ones. (serde_yaml's own scratch
/// buffers are outside our reach; this covers what we keep.)
pub(crate) struct Scrubbed(pub(crate) Value);

impl Deref for Scrubbed {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.0
    }
}

impl Drop for Scrubbed {
    fn drop(&mut self) {
        scrub(&mut self.0);
    }
}

fn scrub(v: &mut Value) {
    match v {
        Value::String(s) => s.zeroize(),
        Value::Sequence(items) => items.iter_mut().for_each(scrub),
        Value::Mapping(m) => m.values_mut().for_each(scrub),
        Value::Tagged(t) => scrub(&mut t.value),
        _ => {}
    }
}

/// Parses a whole file; an empty or comment-only file is `Null`.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Scrubbed, ExportError> {
    serde_yaml::from_str::<Value>(text)
        .map(Scrubbed)
        .map_err(|e| ExportError::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
}

/// The value at a path of mapping keys, e.g. `["clouds", "prod", "auth"]`.
pub(crate) fn get<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter()
        .try_fold(v, |cur, key| cur.as_mapping()?.get(*key))
}

/// A string-ish scalar as openstacksdk would read it (it accepts numbers).
pub(crate) fn as_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
