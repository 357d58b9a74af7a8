//! The async Keystone v3 client: authentication (every method, receipts,
//! one reused token), scopes, roles, application credentials and access
//! rules, and errors that carry a hint for a person. It knows no UI.

pub mod types;

pub use types::*;
