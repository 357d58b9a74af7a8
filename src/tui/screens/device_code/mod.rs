//! The device-code screen: while a `v3oidcdeviceauthz` login polls the
//! identity provider, it shows where to go, the code to enter, a QR code of
//! the complete URL (for a phone), and a countdown; Esc cancels the login.
//!
//! `state` holds the prompt and the pre-rendered QR code, `host` answers
//! the login's notices and the keys on the model, `view` draws. The polling itself runs
//! in the login effect (a tokio task); this screen never waits on it.

pub mod host;
pub mod qr;
pub mod state;
pub mod view;

pub use state::DeviceCodeState;
pub use view::draw;

#[cfg(test)]
mod tests;
