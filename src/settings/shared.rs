//! The settings both front ends read: the expiry warning window, the
//! clipboard delay, the export folder, the token cache switch and the
//! default store. The
//! command line reads only these (`settings::load_shared`), so a mistake in
//! the TUI's own sections (`[keys]`, `[colours]`) cannot stop a script.

use std::path::PathBuf;

/// The default of `expiry_warning_days`: `expiry::DEFAULT_WARNING` in days.
pub const DEFAULT_EXPIRY_WARNING_DAYS: u32 = 14;
/// The default of `clipboard_clear_seconds`: `clipboard::DEFAULT_CLEAR_AFTER`.
pub const DEFAULT_CLIPBOARD_CLEAR_SECONDS: u64 = crate::clipboard::DEFAULT_CLEAR_AFTER.as_secs();

/// Allowed `expiry_warning_days`: 0 (never mark "expiring") to ten years.
pub const EXPIRY_WARNING_RANGE: (i64, i64) = (0, 3650);
/// The default of `fleet_cloud_timeout_seconds`: `fleet::DEFAULT_CLOUD_DEADLINE`.
pub const DEFAULT_FLEET_CLOUD_TIMEOUT_SECONDS: u64 = crate::fleet::DEFAULT_CLOUD_DEADLINE.as_secs();
/// Allowed `fleet_cloud_timeout_seconds`: a second to an hour.
pub const FLEET_CLOUD_TIMEOUT_RANGE: (i64, i64) = (1, 3600);

/// The default of `ephemeral_max_hours`: a day.
pub const DEFAULT_EPHEMERAL_MAX_HOURS: u32 = 24;
/// Allowed `ephemeral_max_hours`: an hour to a year.
pub const EPHEMERAL_MAX_HOURS_RANGE: (i64, i64) = (1, 8760);

/// Allowed `clipboard_clear_seconds`: at least 1 (a secret always leaves the
/// clipboard again), at most an hour.
pub const CLIPBOARD_CLEAR_RANGE: (i64, i64) = (1, 3600);

/// config.toml's top-level settings, with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    /// Credentials expiring within this many days are marked "expiring".
    pub expiry_warning_days: u32,
    /// A copied secret is cleared from the clipboard after this many seconds.
    pub clipboard_clear_seconds: u64,
    /// Where exports go by default (a leading `~` expanded); `None`: the
    /// current directory.
    pub export_dir: Option<PathBuf>,
    /// `token_cache`: the command line keeps its token in the kernel
    /// keyring between commands (keystone's token cache).
    pub token_cache: bool,
    /// One cloud's time in the fleet (`list --all-clouds`, the TUI's
    /// picker), login and list together.
    pub fleet_cloud_timeout_seconds: u64,
    /// `default_store`: where the terminal UI's store key keeps a new
    /// secret (`secret-service`, `pass:PATH`, `vault:MOUNT/PATH`); `None`:
    /// not set, the UI asks.
    pub default_store: Option<crate::store::StoreAddress>,
    /// The longest life `exec --ephemeral TTL` may give its credential.
    pub ephemeral_max_hours: u32,
    /// `[recipients]`: a hand-off's recipients by name (`--to NAME`): an
    /// age or SSH public key, or a file of them (`~` expanded); each
    /// checked when the file is read.
    pub recipients: std::collections::BTreeMap<String, String>,
    /// `[stores]`: store addresses by name (`--store NAME`, `--from NAME`,
    /// `default_store = "NAME"`, the secret screen's store pick list).
    pub stores: std::collections::BTreeMap<String, crate::store::StoreAddress>,
}

impl Default for Shared {
    fn default() -> Self {
        Shared {
            expiry_warning_days: DEFAULT_EXPIRY_WARNING_DAYS,
            clipboard_clear_seconds: DEFAULT_CLIPBOARD_CLEAR_SECONDS,
            export_dir: None,
            token_cache: true,
            fleet_cloud_timeout_seconds: DEFAULT_FLEET_CLOUD_TIMEOUT_SECONDS,
            default_store: None,
            ephemeral_max_hours: DEFAULT_EPHEMERAL_MAX_HOURS,
            recipients: Default::default(),
            stores: Default::default(),
        }
    }
}

impl Shared {
    /// The warning window as `expiry::state` takes it.
    pub fn expiry_warning(&self) -> chrono::Duration {
        chrono::Duration::days(i64::from(self.expiry_warning_days))
    }

    /// How long one cloud of the fleet may take.
    pub fn fleet_cloud_deadline(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.fleet_cloud_timeout_seconds)
    }

    /// The longest TTL of `exec --ephemeral`.
    pub fn ephemeral_max_ttl(&self) -> chrono::Duration {
        chrono::Duration::hours(i64::from(self.ephemeral_max_hours))
    }

    /// How long a copied secret stays on the clipboard.
    pub fn clipboard_clear_after(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.clipboard_clear_seconds)
    }
}
