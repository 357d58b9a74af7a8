//! `exec --ephemeral`'s flags, flattened into `exec`'s own.

use clap::Args;

#[derive(Debug, Clone, Default, Args)]
pub struct EphemeralArgs {
    /// Run CMD with a credential made for it, living TTL at most (30m, 2h,
    /// 1d; config.toml's ephemeral_max_hours, 24 unless set), deleted when
    /// CMD ends
    #[arg(long = "ephemeral", value_name = "TTL")]
    pub ttl: Option<String>,
    /// A role for the ephemeral credential (name or id; repeatable; held
    /// roles only). None: all your roles
    #[arg(long = "role", value_name = "NAME|ID", requires = "ttl")]
    pub roles: Vec<String>,
    /// The ephemeral credential takes this preset's roles (e.g. magnum)
    #[arg(long, value_name = "NAME", requires = "ttl", conflicts_with = "roles")]
    pub preset: Option<String>,
    /// Limit the ephemeral credential to SERVICE:METHOD:PATH (repeatable)
    #[arg(
        long = "access-rule",
        value_name = "SERVICE:METHOD:PATH",
        requires = "ttl"
    )]
    pub access_rules: Vec<String>,
}
