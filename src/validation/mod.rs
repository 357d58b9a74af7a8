//! Checking what people type, before anything is sent: access rules
//! (`--access-rule`, `--access-rules FILE`, the wizard), names and
//! descriptions, and a secret piped on standard input. The command line and
//! the TUI wizard share these so both refuse the same things with the same
//! words.

mod access_rule;
mod text;

#[cfg(test)]
mod fuzz;

use std::path::PathBuf;

use thiserror::Error;

pub use access_rule::{
    MAX_PATH_CHARS, MAX_SERVICE_CHARS, parse_access_rule, parse_access_rules_file,
};
pub use text::{
    MAX_DESCRIPTION_BYTES, MAX_NAME_CHARS, MAX_SECRET_BYTES, read_secret_stdin,
    validate_cloud_name, validate_description, validate_name,
};

/// Why a value typed by a person was refused. Each message names the value
/// (never a secret), says what is wrong and how to write it instead.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum InputError {
    #[error(
        "cannot read {0:?} as an access rule: write SERVICE:METHOD:PATH, \
         e.g. compute:GET:/v2.1/servers/**"
    )]
    AccessRuleShape(String),
    #[error(
        "the access rule service {service:?} is not valid: {why}. The service is the catalog \
         *type* (compute, object-store, identity, volumev3), not its name; only letters, \
         digits and '-' are allowed (Keystone rejects '_')"
    )]
    AccessRuleService { service: String, why: String },
    #[error(
        "the access rule method {0:?} is not valid: use one of DELETE, GET, HEAD, PATCH, POST, PUT"
    )]
    AccessRuleMethod(String),
    #[error(
        "the access rule path {path:?} is not valid: {why}. A path starts with '/', \
         e.g. /v2.1/servers/* ('*' is one segment, '**' any number)"
    )]
    AccessRulePath { path: String, why: String },
    #[error("cannot read the access rules file {path}: {message}")]
    RulesFileRead { path: PathBuf, message: String },
    #[error(
        "the access rules file {path} is not valid JSON or YAML: {message}. \
         Write a list such as [{{\"service\": \"compute\", \"method\": \"GET\", \"path\": \"/v2.1/servers\"}}]"
    )]
    RulesFileSyntax { path: PathBuf, message: String },
    #[error("the access rules file {path} must hold a list of rules: {message}")]
    RulesFileShape { path: PathBuf, message: String },
    #[error("item {index} (counting from 0) of the access rules file {path}: {message}")]
    RulesFileItem {
        path: PathBuf,
        index: usize,
        message: String,
    },
    #[error("the {field} {value:?} is not valid: {why}")]
    Text {
        field: &'static str,
        value: String,
        why: String,
    },
    #[error("the {field} is not valid: {why}")]
    TextTooLong { field: &'static str, why: String },
    #[error("cannot read the secret from standard input: {0}")]
    SecretRead(String),
    #[error("the secret read from standard input was refused: {0}")]
    SecretRefused(String),
}
