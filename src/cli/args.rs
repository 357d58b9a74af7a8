//! The whole command line, declared with clap. `main.rs` parses it and hands
//! the result to `cli::run` (a subcommand) or `tui::run` (none).
//!
//! The global `--os-*` flags mirror the OpenStack CLI so an operator's habits
//! carry over; they override clouds.yaml and the `OS_*` variables.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use super::format_arg::Format;
pub use crate::export::ExportFormat;

const EXAMPLES: &str = "\
Examples:
  appcred                                  open the terminal UI (pick a cloud)
  appcred --os-cloud mycloud               open the terminal UI on one cloud
  appcred --os-cloud mycloud list -f json  list your application credentials as JSON
  appcred --os-cloud mycloud create ci --role member --expires 30d --export clouds --output ci.yaml
  appcred --os-cloud mycloud rotate ci --delete-old
  appcred --os-cloud mycloud list --expiring 30d   exit code 3 when any expire within 30 days
  appcred list --all-clouds --expiring 30d         every cloud in clouds.yaml at once";

/// `appcred --version`: `appcred 0.1.0 (1a2b3c4)`, the version, then the
/// commit it was built from (build.rs: `unknown` where it cannot tell,
/// `debug build` in a debug build). Scripts read the second word.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("APPCRED_COMMIT"), ")");

#[derive(Debug, Parser)]
#[command(
    name = "appcred",
    version = VERSION,
    about = "Manage OpenStack Keystone application credentials: a terminal UI and a scriptable command line",
    after_help = EXAMPLES
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--help` headings of the global flags, which come after each command's
/// own options (as `openstack --help` and `git` group theirs): which cloud,
/// who logs in, and how the answer is printed.
pub const CLOUD: &str = "Cloud options";
pub const LOGIN: &str = "Login options";
pub const OUTPUT: &str = "Output options";

/// Flags every subcommand accepts; the connection flags have the OpenStack
/// CLI's names.
#[derive(Debug, Clone, Default, Args)]
pub struct GlobalArgs {
    /// Cloud name in clouds.yaml (default: $OS_CLOUD); `list` takes several
    #[arg(long, global = true, value_name = "NAME", action = clap::ArgAction::Append, help_heading = CLOUD)]
    pub os_cloud: Vec<String>,
    /// Keystone URL, e.g. https://keystone.example:5000/v3
    #[arg(long, global = true, value_name = "URL", help_heading = CLOUD)]
    pub os_auth_url: Option<String>,
    /// password, v3password, token, v3token, v3applicationcredential, v3totp, v3multifactor,
    /// v3oidcdeviceauthz, v3oidcclientcredentials, v3oidcaccesstoken, v3oidcpassword,
    /// v3oidcauthcode, v3websso
    #[arg(long, global = true, value_name = "TYPE", help_heading = LOGIN)]
    pub os_auth_type: Option<String>,
    #[arg(long, global = true, value_name = "NAME", help_heading = LOGIN)]
    pub os_username: Option<String>,
    #[arg(long, global = true, value_name = "ID", help_heading = LOGIN)]
    pub os_user_id: Option<String>,
    #[arg(long, global = true, value_name = "NAME", help_heading = LOGIN)]
    pub os_user_domain_name: Option<String>,
    #[arg(long, global = true, value_name = "ID", help_heading = LOGIN)]
    pub os_user_domain_id: Option<String>,
    /// Project to scope to (by name; needs its domain)
    #[arg(long, global = true, value_name = "NAME", help_heading = LOGIN)]
    pub os_project_name: Option<String>,
    /// Project to scope to (by id)
    #[arg(long, global = true, value_name = "ID", help_heading = LOGIN)]
    pub os_project_id: Option<String>,
    #[arg(long, global = true, value_name = "NAME", help_heading = LOGIN)]
    pub os_project_domain_name: Option<String>,
    #[arg(long, global = true, value_name = "ID", help_heading = LOGIN)]
    pub os_project_domain_id: Option<String>,
    /// Domain to scope to (by name)
    #[arg(long, global = true, value_name = "NAME", help_heading = LOGIN)]
    pub os_domain_name: Option<String>,
    /// Domain to scope to (by id)
    #[arg(long, global = true, value_name = "ID", help_heading = LOGIN)]
    pub os_domain_id: Option<String>,
    /// Scope to the system ("all")
    #[arg(long, global = true, value_name = "SYSTEM", help_heading = LOGIN)]
    pub os_system_scope: Option<String>,
    #[arg(long, global = true, value_name = "REGION", help_heading = CLOUD)]
    pub os_region_name: Option<String>,
    /// public, internal or admin
    #[arg(long, global = true, value_name = "INTERFACE", help_heading = CLOUD)]
    pub os_interface: Option<String>,
    /// CA bundle to verify the server's certificate
    #[arg(long, global = true, value_name = "FILE", help_heading = CLOUD)]
    pub os_cacert: Option<PathBuf>,
    /// Do not verify the server's certificate (dangerous)
    #[arg(long, global = true, help_heading = CLOUD)]
    pub insecure: bool,
    #[command(flatten, next_help_heading = LOGIN)]
    pub oidc: super::oidc_args::OidcArgs,
    #[arg(
        short = 'f',
        long = "format",
        global = true,
        value_enum,
        value_name = "FORMAT",
        help_heading = OUTPUT,
        help = super::format_arg::format_help()
    )]
    pub format: Option<Format>,
    /// A column to print (repeatable; the OpenStack CLI's names, any case:
    /// -c id, -c "Expires At")
    #[arg(short = 'c', long = "column", global = true, value_name = "COLUMN", help_heading = OUTPUT)]
    pub columns: Vec<String>,
    /// -f shell: put this before every variable name
    #[arg(long, global = true, value_name = "PREFIX", default_value = "", help_heading = OUTPUT)]
    pub prefix: String,
    /// -f table: at most this many characters wide (0: no limit; also
    /// $CLIFF_MAX_TERM_WIDTH)
    #[arg(long, global = true, value_name = "N", help_heading = OUTPUT)]
    pub max_width: Option<usize>,
    /// -f table: fit the terminal's width even when piped (also
    /// $CLIFF_FIT_WIDTH=1)
    #[arg(long, global = true, help_heading = OUTPUT)]
    pub fit_width: bool,
    /// -f csv: write text cells exactly, formulas included (by default a
    /// cell starting with = + - @, a tab or a carriage return gets a leading
    /// ' so a spreadsheet shows it instead of running it)
    #[arg(long, global = true)]
    pub csv_raw: bool,
    /// Write a debug log to this file (never contains secrets)
    #[arg(long, global = true, value_name = "FILE", help_heading = OUTPUT)]
    pub log_file: Option<PathBuf>,
    /// More detail in the log file (-v debug, -vv trace)
    #[arg(short = 'v', long = "verbose", global = true, action = clap::ArgAction::Count, help_heading = OUTPUT)]
    pub verbose: u8,
    /// Neither use nor keep a token in the kernel keyring (also
    /// APPCRED_TOKEN_CACHE=off, or token_cache = false in config.toml)
    #[arg(long, global = true, help_heading = LOGIN)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    Name,
    Expires,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List your application credentials (or another user's, as admin)
    #[command(
        after_help = "Examples:\n  appcred list\n  appcred list --sort expires -f json\n  appcred list --expiring 30d   # exit 3 when any expire within 30 days\n  appcred list --all-clouds --expired   # every cloud; exit 4 when some could not be listed\n  appcred --os-cloud a --os-cloud b list -f json\n  appcred list --all-clouds -f prometheus --output /var/lib/node_exporter/appcred.prom"
    )]
    List(ListArgs),
    /// Show one application credential with every field
    #[command(after_help = "Examples:\n  appcred show ci-pipeline\n  appcred show 3f2a... -f json")]
    Show(ShowArgs),
    /// Create an application credential
    #[command(
        after_help = "Examples:\n  appcred create ci --role member --expires 30d\n  appcred create tf --access-rule compute:GET:/v2.1/servers/** --export clouds --output tf.yaml\n  printf '%s' \"$SECRET\" | appcred create backup --secret-stdin\n  appcred create --preset magnum --cluster 6b1c...\n  appcred create ci --expires 90d --store vault:secret/openstack/ci --store pass:openstack/ci"
    )]
    Create(CreateArgs),
    /// Delete application credentials
    #[command(after_help = "Examples:\n  appcred delete old-ci\n  appcred delete a1b2 c3d4 --yes")]
    Delete(DeleteArgs),
    #[command(
        about = super::format_arg::export_about(),
        after_help = "Examples:\n  printf '%s' \"$SECRET\" | appcred export ci --format openrc --secret-stdin --output ci-openrc.sh\n  printf '%s' \"$SECRET\" | appcred export ci --secret-stdin --store secret-service"
    )]
    Export(ExportArgs),
    /// Open a hand-off encrypted for you (`--to`), check it logs in, and keep it: in a store,
    /// a file, or a clouds.yaml entry
    #[command(
        after_help = "Examples:\n  appcred import ci.age --identity ~/.ssh/id_ed25519 --store pass:openstack/prod/ci\n  appcred import ci.age --identity ~/.config/age/key.txt --export openrc --output ci-openrc.sh\n  appcred import ci.age --identity ~/.ssh/id_ed25519 --export clouds --output ~/.config/openstack/clouds.yaml --merge"
    )]
    Import(ImportArgs),
    /// The roles you hold on the current scope (what a credential may carry)
    #[command(
        after_help = "Examples:\n  appcred roles\n  appcred --os-project-name demo --os-project-domain-name Default roles -f json"
    )]
    Roles,
    /// The projects, domains and system scope you may use
    #[command(after_help = "Examples:\n  appcred scopes\n  appcred scopes -f json")]
    Scopes,
    /// Your access rules (created with credentials)
    #[command(
        subcommand,
        name = "access-rules",
        after_help = "Examples:\n  appcred access-rules list\n  appcred access-rules show 8e1f...\n  appcred access-rules delete 8e1f... --yes"
    )]
    AccessRules(AccessRulesCommand),
    /// Replace a credential: clone it, verify the new one, then retire the old one
    #[command(
        after_help = "Examples:\n  appcred rotate ci\n  appcred rotate ci --expires 90d --export clouds --output ci.yaml --delete-old\n  appcred rotate ci --update ci-openrc.sh cloud.conf occm-secret.yaml --delete-old\n  appcred rotate ci --store vault:secret/openstack/ci"
    )]
    Rotate(RotateArgs),
    /// Prove an application credential authenticates
    #[command(
        after_help = "Examples:\n  printf '%s' \"$SECRET\" | appcred verify --id 3f2a... --secret-stdin\n  appcred --os-cloud ci-appcred verify"
    )]
    Verify(VerifyArgs),
    /// Delete expired credentials (or the leftovers of `exec --ephemeral`)
    #[command(
        after_help = "Examples:\n  appcred prune --expired\n  appcred prune --expired --yes\n  appcred prune --ephemeral --yes"
    )]
    Prune(PruneArgs),
    /// Every user's credentials in a domain or project, with problems flagged (admin)
    #[command(
        after_help = "Examples:\n  appcred audit --domain Default\n  appcred audit --project demo -f json"
    )]
    Audit(AuditArgs),
    /// Log in and keep the token in the kernel keyring for the next commands
    #[command(
        after_help = "Examples:\n  appcred --os-cloud mycloud login   # once, then:\n  appcred --os-cloud mycloud list    # no login, no password prompt\n  appcred login -f json"
    )]
    Login,
    /// Revoke the cached token at Keystone and remove it from the keyring
    #[command(after_help = "Examples:\n  appcred --os-cloud mycloud logout")]
    Logout,
    /// Print the cloud's settings (clouds.yaml, secure.yaml, OS_*, flags) as
    /// OS_* variables for eval
    #[command(
        after_help = "Examples:\n  eval \"$(appcred --os-cloud prod env)\"\n  appcred --os-cloud prod env --shell fish | source\n  eval \"$(appcred env --from pass:openstack/prod/ci)\""
    )]
    Env(EnvArgs),
    /// Run a command with the cloud's settings as OS_* variables in its
    /// environment only; its exit status is appcred's
    #[command(
        after_help = "Examples:\n  appcred --os-cloud prod exec -- openstack token issue\n  appcred --os-cloud ci exec -- terraform apply\n  appcred exec --from vault:secret/openstack/ci -- openstack server list\n  appcred --os-cloud prod exec --ephemeral 30m --role reader -- terraform plan"
    )]
    Exec(ExecArgs),
    /// An authentication helper for osc (--auth-helper-cmd): print KEY of the
    /// cloud's stored application credential
    #[command(
        after_help = "Examples:\n  appcred helper application_credential_secret ci\n  ln -s \"$(command -v appcred)\" ~/bin/appcred-auth-helper\n  osc --os-cloud ci --auth-helper-cmd ~/bin/appcred-auth-helper server list"
    )]
    Helper(HelperArgs),
    /// Print a shell completion script
    #[command(
        after_help = "Examples:\n  appcred completions bash > /etc/bash_completion.d/appcred"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    #[command(after_help = "Examples:\n  appcred man | man -l -")]
    Man,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum)]
    pub sort: Option<SortKey>,
    /// Another user's credentials (name or id; needs admin)
    #[arg(long, value_name = "NAME|ID")]
    pub user: Option<String>,
    /// The domain of --user's name (name or id); without it the name is looked for in every
    /// domain the admin can see
    #[arg(long, value_name = "NAME|ID", requires = "user")]
    pub user_domain: Option<String>,
    /// Only those expiring within this window or already expired (e.g. 30d); exit 3 if any
    #[arg(long, value_name = "DURATION")]
    pub expiring: Option<String>,
    /// Only expired ones; exit 3 if any
    #[arg(long, conflicts_with = "expiring")]
    pub expired: bool,
    /// Every cloud in clouds.yaml at once, in one table with a Cloud column
    #[arg(long, conflicts_with = "user")]
    pub all_clouds: bool,
    /// -f prometheus: write the metrics to this file atomically (for node_exporter)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// -f prometheus --output: replace the file even when appcred did not write it
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Credential name or id
    pub credential: String,
    /// Another user's credential (name or id; needs admin)
    #[arg(long, value_name = "NAME|ID")]
    pub user: Option<String>,
    /// The domain of --user's name (name or id); without it the name is looked for in every
    /// domain the admin can see
    #[arg(long, value_name = "NAME|ID", requires = "user")]
    pub user_domain: Option<String>,
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// Name (unique per user; may be left out with --preset)
    pub name: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// A role to delegate (name or id; repeatable). None: all your roles
    #[arg(long = "role", value_name = "NAME|ID")]
    pub roles: Vec<String>,
    /// Expiry: RFC 3339, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (UTC), or 12h, 30d, 2w, 1y
    #[arg(long, value_name = "WHEN")]
    pub expires: Option<String>,
    /// Allow it to create further credentials and trusts (dangerous)
    #[arg(long)]
    pub unrestricted: bool,
    /// Limit it to SERVICE:METHOD:PATH (repeatable), e.g. compute:GET:/v2.1/servers/**
    #[arg(long = "access-rule", value_name = "SERVICE:METHOD:PATH")]
    pub access_rules: Vec<String>,
    /// Access rules from a JSON or YAML file (a list of {service, method, path})
    #[arg(
        long = "access-rules",
        value_name = "FILE",
        conflicts_with = "access_rules"
    )]
    pub access_rules_file: Option<PathBuf>,
    /// Read a fixed secret from standard input (never from the command line)
    #[arg(long)]
    pub secret_stdin: bool,
    /// Keep the secret in this store too (repeatable): secret-service[:PLACE], pass:PATH,
    /// vault:MOUNT/PATH, or a name from config.toml's [stores]; each is checked before
    /// anything is created
    #[arg(long = "store", value_name = "URI")]
    pub stores: Vec<String>,
    #[command(flatten)]
    pub export: ExportTarget,
    /// A preset (e.g. magnum) that fills in name, description and roles
    #[arg(long, value_name = "PRESET")]
    pub preset: Option<String>,
    /// Cluster id for --preset magnum
    #[arg(long, value_name = "ID")]
    pub cluster: Option<String>,
    /// A preset's parameter (e.g. --param workspace=prod for --preset terraform)
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
}

/// Where a new secret goes. Without `--output` it is printed once.
#[derive(Debug, Args, Clone, Default)]
pub struct ExportTarget {
    #[arg(
        long = "export",
        value_enum,
        value_name = "FORMAT",
        help = super::format_arg::export_help()
    )]
    pub export: Option<ExportFormat>,
    /// Write the export (and the secret) only to this file, created 0600
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The exported cloud entry's name (default <cloud>-<credential>)
    #[arg(long, value_name = "NAME")]
    pub cloud_name: Option<String>,
    /// Replace an existing output file (with --merge: merge into a read-only clouds.yaml), or
    /// a --store entry holding another credential
    #[arg(long)]
    pub force: bool,
    /// Merge the entry into an existing clouds.yaml, keeping everything else
    #[arg(long)]
    pub merge: bool,
    /// Encrypt the export with age to this recipient (repeatable): an age public key, an SSH
    /// public key, or a file of them; armoured, to --output or stdout
    #[arg(long = "to", value_name = "RECIPIENT")]
    pub to: Vec<String>,
    #[command(flatten)]
    pub consumer: ConsumerArgs,
}

/// The options of the consumers' formats (k8s-secret, env).
#[derive(Debug, Args, Clone, Default)]
pub struct ConsumerArgs {
    /// k8s-secret: the Secret's name (default cloud-config)
    #[arg(long, value_name = "NAME")]
    pub k8s_name: Option<String>,
    /// k8s-secret: the Secret's namespace (default kube-system)
    #[arg(long, value_name = "NAMESPACE")]
    pub k8s_namespace: Option<String>,
    /// k8s-secret: the file the Secret holds (default cloud.conf)
    #[arg(long, value_enum, value_name = "KEY")]
    pub k8s_key: Option<crate::export::K8sKey>,
    /// env: the shell the lines are for (default bash)
    #[arg(long, value_enum, value_name = "SHELL")]
    pub shell: Option<crate::export::Shell>,
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Names or ids
    #[arg(required = true)]
    pub credentials: Vec<String>,
    /// Do not ask
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Another user's credentials (name or id; needs admin)
    #[arg(long, value_name = "NAME|ID")]
    pub user: Option<String>,
    /// The domain of --user's name (name or id); without it the name is looked for in every
    /// domain the admin can see
    #[arg(long, value_name = "NAME|ID", requires = "user")]
    pub user_domain: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Credential name or id
    pub credential: String,
    /// Read the secret from standard input (Keystone cannot give it back)
    #[arg(long)]
    pub secret_stdin: bool,
    /// The exported cloud entry's name (default <cloud>-<credential>)
    #[arg(long, value_name = "NAME")]
    pub cloud_name: Option<String>,
    /// Write to this file, created 0600 (default: standard output)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace an existing output file (with --merge: merge into a read-only clouds.yaml), or
    /// a --store entry holding another credential
    #[arg(long)]
    pub force: bool,
    /// Merge the entry into an existing clouds.yaml, keeping everything else
    #[arg(long)]
    pub merge: bool,
    /// Write the file even if the secret does not authenticate (e.g. an
    /// expired credential)
    #[arg(long)]
    pub no_verify: bool,
    /// Keep the secret in this store (repeatable): secret-service[:PLACE], pass:PATH,
    /// vault:MOUNT/PATH, or a name from config.toml's [stores]; -f FORMAT is then optional
    #[arg(long = "store", value_name = "URI")]
    pub stores: Vec<String>,
    /// Encrypt the export with age to this recipient (repeatable): an age public key, an SSH
    /// public key, or a file of them; armoured, to --output or stdout
    #[arg(long = "to", value_name = "RECIPIENT")]
    pub to: Vec<String>,
    #[command(flatten)]
    pub consumer: ConsumerArgs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The hand-off: an age-encrypted file (armoured or binary) holding a json, clouds or
    /// openrc export
    pub file: PathBuf,
    /// Your age identity file (age-keygen's) or SSH private key (asks for its passphrase)
    #[arg(long, value_name = "PATH")]
    pub identity: PathBuf,
    /// Keep the credential in this store (repeatable): secret-service[:PLACE], pass:PATH,
    /// vault:MOUNT/PATH, or a name from config.toml's [stores]
    #[arg(long = "store", value_name = "URI")]
    pub stores: Vec<String>,
    /// Keep it even if it does not log in (e.g. Keystone unreachable from here)
    #[arg(long)]
    pub no_verify: bool,
    /// Where the file goes: as for create (`-f FORMAT` works as `--export FORMAT`)
    #[command(flatten)]
    pub export: ExportTarget,
}

#[derive(Debug, Subcommand)]
pub enum AccessRulesCommand {
    /// List your access rules
    #[command(
        after_help = "Examples:\n  appcred access-rules list\n  appcred access-rules list -f json"
    )]
    List,
    /// Show one access rule
    #[command(after_help = "Examples:\n  appcred access-rules show 8e1f...")]
    Show { id: String },
    /// Delete access rules (refused while a credential uses them)
    #[command(
        after_help = "Examples:\n  appcred access-rules delete 8e1f...\n  appcred access-rules delete 8e1f... 0c4d... --yes"
    )]
    Delete {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long, short = 'y')]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// The credential to replace (name or id)
    pub credential: String,
    /// The new credential's name (default: the old name with a date suffix)
    #[arg(long)]
    pub name: Option<String>,
    /// The new expiry (default: the old lifetime from now)
    #[arg(long, value_name = "WHEN")]
    pub expires: Option<String>,
    /// Delete the old credential once the new one is verified
    #[arg(long)]
    pub delete_old: bool,
    /// Agree to drop roles you no longer hold, and to update clouds.yaml entries
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Update clouds.yaml entries that use the old credential's id
    #[arg(long)]
    pub update_clouds: bool,
    /// Rewrite these files (openrc/env, cloud.conf, Kubernetes Secret
    /// manifest, clouds.yaml, JSON) from the old credential to the new one,
    /// in place, beside the places appcred recorded putting it
    #[arg(long = "update", value_name = "FILE", num_args = 1..)]
    pub update: Vec<PathBuf>,
    /// Keep the secret in this store too (repeatable): secret-service[:PLACE], pass:PATH,
    /// vault:MOUNT/PATH, or a name from config.toml's [stores]; each is checked before
    /// anything is created
    #[arg(long = "store", value_name = "URI")]
    pub stores: Vec<String>,
    #[command(flatten)]
    pub export: ExportTarget,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Application credential id (default: the cloud's own application credential)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Read the secret from standard input
    #[arg(long)]
    pub secret_stdin: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("which").args(["expired", "ephemeral"]).required(true).multiple(true)))]
pub struct PruneArgs {
    /// Delete the expired ones
    #[arg(long)]
    pub expired: bool,
    /// Delete the leftovers of `exec --ephemeral`: expired ones, and those
    /// made on this host by a process that is gone
    #[arg(long)]
    pub ephemeral: bool,
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    #[arg(
        long,
        value_name = "NAME|ID",
        conflicts_with = "project",
        required_unless_present = "project"
    )]
    pub domain: Option<String>,
    #[arg(long, value_name = "NAME|ID")]
    pub project: Option<String>,
    /// Flag credentials expiring within this many days (default: config.toml's
    /// expiry_warning_days, 14 unless set; the TUI uses the same window)
    #[arg(long, value_name = "DAYS")]
    pub expiring_days: Option<u32>,
    /// Requests in flight at once
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub concurrency: usize,
}

#[derive(Debug, Args)]
pub struct EnvArgs {
    /// The shell the lines are for
    #[arg(long, value_enum, default_value = "bash", value_name = "SHELL")]
    pub shell: crate::export::Shell,
    /// The application credential kept in this store (secret-service[:PLACE], pass:PATH,
    /// vault:MOUNT/PATH, or a name from config.toml's [stores]) instead of the cloud's
    /// settings; nothing is written
    #[arg(long, value_name = "URI")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// The application credential kept in this store (secret-service[:PLACE], pass:PATH,
    /// vault:MOUNT/PATH, or a name from config.toml's [stores]) instead of the cloud's
    /// settings; nothing is written
    #[arg(long, value_name = "URI")]
    pub from: Option<String>,
    #[command(flatten)]
    pub ephemeral: super::ephemeral::EphemeralArgs,
    /// The command and its arguments (after --)
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "CMD"
    )]
    pub command: Vec<std::ffi::OsString>,
}

#[derive(Debug, Args)]
pub struct HelperArgs {
    /// The attribute asked for (osc's first argument), e.g. application_credential_secret
    pub key: String,
    /// The cloud's name (osc's second argument); its clouds.yaml entry names the store
    pub cloud: Option<String>,
    /// Read from this store (an address or a name from config.toml's [stores]) instead of
    /// the cloud's secret_store
    #[arg(long, value_name = "URI")]
    pub from: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    /// An identity provider's token or a client secret is random text that
    /// may begin with '-' (one in 64 base64url tokens does).
    #[test]
    fn a_token_or_client_secret_beginning_with_a_hyphen_is_a_value() {
        let cli = Cli::try_parse_from([
            "appcred",
            "--os-access-token",
            "-nXyZ_token",
            "list",
            "--os-client-secret",
            "--s3cret",
        ])
        .map_err(|e| e.to_string());
        let Ok(cli) = cli else {
            panic!("refused: {cli:?}")
        };
        assert_eq!(
            cli.global.oidc.os_access_token.as_deref(),
            Some("-nXyZ_token")
        );
        assert_eq!(
            cli.global.oidc.os_client_secret.as_deref(),
            Some("--s3cret")
        );
    }

    #[test]
    fn format_flag_works_after_the_subcommand() {
        let cli = Cli::try_parse_from(["appcred", "list", "-f", "json"]).map_err(|e| e.to_string());
        assert!(matches!(
            cli,
            Ok(Cli {
                global: GlobalArgs {
                    format: Some(Format::Json),
                    ..
                },
                ..
            })
        ));
    }
}
