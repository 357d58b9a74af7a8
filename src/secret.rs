//! The one place a secret lives: passwords, passcodes, tokens and application
//! credential secrets. The bytes are zeroized on drop and never printed:
//! `Debug` and `Display` both say `[REDACTED]`, so a secret that ends up in a
//! log line, an error or a panic message gives nothing away.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer};

/// A secret string. Read it with [`Secret::expose`] at the last moment
/// (building a request body, writing an export the user asked for).
#[derive(Clone)]
pub struct Secret(SecretString);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(SecretString::from(value.into()))
    }

    /// The secret's text. Call it only where the value must leave the program.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

impl Eq for Secret {}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // clouds.yaml may hold a number where a string is meant (a numeric
        // password or passcode); accept both, as openstacksdk does.
        let value = serde_yaml::Value::deserialize(deserializer)?;
        match value {
            serde_yaml::Value::String(s) => Ok(Secret::new(s)),
            serde_yaml::Value::Number(n) => Ok(Secret::new(n.to_string())),
            serde_yaml::Value::Bool(b) => Ok(Secret::new(b.to_string())),
            _ => Err(serde::de::Error::custom("expected a string")),
        }
    }
}

/// A JSON document that carries a secret on its way out (a login body, a
/// create request, a Vault write) or in (a Vault read): every string in it is
/// zeroized on drop. Read it through `Deref` as a [`serde_json::Value`].
pub struct SecretJson(serde_json::Value);

impl SecretJson {
    pub fn new(value: serde_json::Value) -> Self {
        SecretJson(value)
    }
}

impl std::ops::Deref for SecretJson {
    type Target = serde_json::Value;
    fn deref(&self) -> &serde_json::Value {
        &self.0
    }
}

impl std::ops::DerefMut for SecretJson {
    fn deref_mut(&mut self) -> &mut serde_json::Value {
        &mut self.0
    }
}

impl fmt::Debug for SecretJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl Drop for SecretJson {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

/// Zeroizes every string value in `value` (the keys are field names).
fn wipe(value: &mut serde_json::Value) {
    use serde_json::Value;
    use zeroize::Zeroize;
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => {
            for (_, v) in map.iter_mut() {
                wipe(v);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_json_wipes_every_string_and_redacts() {
        let mut doc = serde_json::json!({"auth": {"secret": "s3cret", "list": ["a", {"b": "c"}]}});
        wipe(&mut doc);
        assert_eq!(
            doc,
            serde_json::json!({"auth": {"secret": "", "list": ["", {"b": ""}]}})
        );
        let held = SecretJson::new(serde_json::json!({"secret": "s3cret"}));
        assert_eq!(format!("{held:?}"), "[REDACTED]");
        assert_eq!(held["secret"], "s3cret");
    }

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?}"), "[REDACTED]");
        assert_eq!(format!("{s}"), "[REDACTED]");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some([REDACTED])");
        assert_eq!(s.expose(), "hunter2-very-secret");
    }
}
