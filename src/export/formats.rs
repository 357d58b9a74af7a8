//! The one table of what a credential can become: one [`Output`] row per
//! export format, with everything either front end needs to offer it. The
//! command line's `--format`/`--export` values and their messages, the
//! secret screen's export keys, their config names and hints, its default
//! file names and prompt titles, the man page and the completions all read
//! these rows; nothing else lists the formats.
//!
//! Adding a format: a variant of [`ExportFormat`] and its row in
//! [`OUTPUTS`] (same order; checked when compiling), here, and the renderer
//! the row names (e.g. in `consumers.rs`). The agreement tests
//! (`formats_tests.rs`) then check the new row against the others; the
//! one generated list in the docs, docs/exports.md, follows with
//! `APPCRED_UPDATE_DOCS=1` (tests/it/docs_cli.rs). The key tables in the
//! README and the config docs give the export keys one row pointing there,
//! so they do not change.
//!
//! Destinations that are not a rendered file are rows of [`DESTINATIONS`],
//! told apart by their [`OutputKind`]: a secret store (`pass:PATH`,
//! `vault:MOUNT/PATH`, `secret-service`) is [`OutputKind::Store`], with its
//! address syntax in place of a file name pattern; an export encrypted to
//! an age recipient (a hand-off) is [`OutputKind::Recipient`]. They share the secret screen's
//! columns ([`ScreenKey`]: key, config name, help, hint, prompt) and the
//! command line's flag, so the front ends branch on the kind (a path
//! prompt and `--output` for files, an address for stores), not on single
//! destinations.

use zeroize::Zeroizing;

use super::ExportData;
use super::consumers::{ConsumerOptions, render_cloud_conf, render_env, render_k8s_secret};
use super::render::{render_clouds_yaml, render_json, render_openrc};

/// What an export writes: the formats users' tools read. The names, texts
/// and keys of each are its row in [`OUTPUTS`] ([`ExportFormat::output`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Openrc,
    Clouds,
    Json,
    CloudConf,
    K8sSecret,
    Env,
}

/// How a row's credential reaches the user. See the module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputKind {
    /// Rendered text written 0600 to a file (or printed to stdout).
    File,
    /// The credential kept in a secret store at an address.
    Store,
    /// An export encrypted with age to a recipient (a hand-off), written
    /// armoured to a file only the recipient can open.
    Recipient,
}

/// The secret screen's side of a row: its default key, that key's config
/// name (`[keys.reveal] export_openrc = ...`), the help overlay's and the
/// hint bar's words, and the export prompt's title ("Export as ...").
#[derive(Debug, Clone, Copy)]
pub struct ScreenKey {
    pub key: char,
    pub action: &'static str,
    pub help: &'static str,
    pub hint: &'static str,
    pub prompt: &'static str,
}

/// Renders a credential's export: the text holds the secret.
pub type Render = fn(&ExportData, &ConsumerOptions) -> Zeroizing<String>;

/// One row of the table: one thing a credential can become.
#[derive(Clone, Copy)]
pub struct Output {
    pub format: ExportFormat,
    pub kind: OutputKind,
    /// The command line's name (`--format NAME`, `--export NAME`).
    pub name: &'static str,
    /// One line for `--help` and the man page.
    pub description: &'static str,
    /// What the file is, in the `export` command's summary ("Write an ...").
    pub noun: &'static str,
    /// The secret screen's default file, `{name}` the credential's name
    /// (made file-safe). For a merging row: the file merged into.
    pub file_name: &'static str,
    /// Extensions that pick this format for `--output FILE` alone.
    pub extensions: &'static [&'static str],
    /// Merges into an existing file (a clouds.yaml entry) instead of
    /// replacing it; such a row also has an entry name to ask for.
    pub merges: bool,
    pub screen: ScreenKey,
    pub render: Render,
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Every export format, in the order `--help` lists them.
pub const OUTPUTS: &[Output] = &[
    Output {
        format: ExportFormat::Openrc,
        kind: OutputKind::File,
        name: "openrc",
        description: "A shell file for `source` (OS_* variables)",
        noun: "openrc",
        file_name: "app-cred-{name}-openrc.sh",
        extensions: &["sh", "rc", "openrc"],
        merges: false,
        screen: ScreenKey {
            key: 'o',
            action: "export_openrc",
            help: "export an openrc file",
            hint: "openrc",
            prompt: "openrc file (source it in a shell)",
        },
        render: |d, _| render_openrc(d),
    },
    Output {
        format: ExportFormat::Clouds,
        kind: OutputKind::File,
        name: "clouds",
        description: "A clouds.yaml entry",
        noun: "clouds.yaml entry",
        file_name: "clouds.yaml",
        extensions: &["yaml", "yml"],
        merges: true,
        screen: ScreenKey {
            key: 'c',
            action: "export_clouds",
            help: "export into a clouds.yaml",
            hint: "clouds.yaml",
            prompt: "clouds.yaml entry (merged; the rest of the file is kept)",
        },
        render: |d, _| render_clouds_yaml(d),
    },
    Output {
        format: ExportFormat::Json,
        kind: OutputKind::File,
        name: "json",
        description: r#"{"id","name","secret","auth_url","region_name","project_id","expires_at"}"#,
        noun: "JSON",
        file_name: "app-cred-{name}.json",
        extensions: &["json"],
        merges: false,
        screen: ScreenKey {
            key: 'j',
            action: "export_json",
            help: "export a JSON file",
            hint: "JSON",
            prompt: "JSON file",
        },
        render: |d, _| render_json(d),
    },
    Output {
        format: ExportFormat::CloudConf,
        kind: OutputKind::File,
        name: "cloud-conf",
        description: "cloud.conf's [Global] section (cloud-provider-openstack, CSI, Magnum)",
        noun: "cloud.conf",
        file_name: "app-cred-{name}-cloud.conf",
        extensions: &["conf"],
        merges: false,
        screen: ScreenKey {
            key: 'g',
            action: "export_cloud_conf",
            help: "export a cloud.conf (Kubernetes cloud provider, CSI drivers)",
            hint: "cloud.conf",
            prompt: "cloud.conf (cloud-provider-openstack, CSI, Magnum)",
        },
        render: |d, _| render_cloud_conf(d),
    },
    Output {
        format: ExportFormat::K8sSecret,
        kind: OutputKind::File,
        name: "k8s-secret",
        description: "A Kubernetes Secret manifest holding cloud.conf (or clouds.yaml)",
        noun: "Kubernetes Secret",
        file_name: "app-cred-{name}-secret.yaml",
        // .yaml already means a clouds.yaml.
        extensions: &[],
        merges: false,
        screen: ScreenKey {
            key: 'k',
            action: "export_k8s_secret",
            help: "export a Kubernetes Secret manifest",
            hint: "k8s Secret",
            prompt: "Kubernetes Secret cloud-config in kube-system (kubectl apply -f)",
        },
        render: render_k8s_secret,
    },
    Output {
        format: ExportFormat::Env,
        kind: OutputKind::File,
        name: "env",
        description: "export/unset lines for eval in bash or zsh (--shell fish for fish)",
        noun: "env lines",
        file_name: "app-cred-{name}.env",
        extensions: &["env"],
        merges: false,
        screen: ScreenKey {
            key: 'e',
            action: "export_env",
            help: "export env lines (export OS_...=...)",
            hint: "env",
            prompt: "env file (export lines for bash/zsh)",
        },
        render: |d, o| render_env(d, o.shell),
    },
];

/// A destination that is not a rendered file (see the module docs): the
/// command line's flag and the secret screen's key for it.
#[derive(Debug, Clone, Copy)]
pub struct Destination {
    pub kind: OutputKind,
    /// The command line's flag (`--store`) and what it takes (`URI`).
    pub flag: &'static str,
    pub value: &'static str,
    pub screen: ScreenKey,
}

/// Every destination that is not a file, in the order the secret screen
/// lists them (after the files).
pub const DESTINATIONS: &[Destination] = &[
    Destination {
        kind: OutputKind::Store,
        flag: "--store",
        value: "URI",
        screen: ScreenKey {
            key: 's',
            action: "store",
            help: "keep the secret in a store (default_store, or one picked from [stores], else asks for its address)",
            hint: "store",
            prompt: "Store in (secret-service[:PLACE], pass:PATH, vault:MOUNT/PATH)",
        },
    },
    Destination {
        kind: OutputKind::Recipient,
        flag: "--to",
        value: "RECIPIENT",
        screen: ScreenKey {
            key: 'a',
            action: "hand_off",
            help: "hand it off: an export encrypted with age to a recipient from [recipients]",
            hint: "seal",
            prompt: "Hand off to",
        },
    },
];

impl OutputKind {
    /// This kind's row in [`DESTINATIONS`] (a file has none: its rows are
    /// the formats).
    pub fn destination(self) -> Option<&'static Destination> {
        DESTINATIONS.iter().find(|d| d.kind == self)
    }
}

// The rows stand in the enum's order, so a format finds its row by index.
const _: () = {
    let mut i = 0;
    while i < OUTPUTS.len() {
        assert!(OUTPUTS[i].format as usize == i, "OUTPUTS is out of order");
        i += 1;
    }
};

impl ExportFormat {
    /// Every format, in the table's order.
    pub const ALL: [ExportFormat; OUTPUTS.len()] = {
        let mut all = [ExportFormat::Openrc; OUTPUTS.len()];
        let mut i = 0;
        while i < OUTPUTS.len() {
            all[i] = OUTPUTS[i].format;
            i += 1;
        }
        all
    };

    /// This format's row.
    pub const fn output(self) -> &'static Output {
        &OUTPUTS[self as usize]
    }

    /// The command line's name: `k8s-secret`.
    pub const fn name(self) -> &'static str {
        self.output().name
    }

    /// The format named `name` on the command line.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        OUTPUTS.iter().find(|o| o.name == name).map(|o| o.format)
    }

    /// The format an output file's extension implies (`--output` alone).
    pub fn from_extension(extension: &str) -> Option<ExportFormat> {
        OUTPUTS
            .iter()
            .find(|o| o.extensions.contains(&extension))
            .map(|o| o.format)
    }
}

/// The formats' names as a sentence: `openrc, clouds, ... or env`.
pub fn names_or() -> String {
    or_list(OUTPUTS.iter().map(|o| o.name))
}

/// The formats' names joined by `sep`: `openrc|clouds|...|env`.
pub fn names_joined(sep: &str) -> String {
    OUTPUTS.iter().map(|o| o.name).collect::<Vec<_>>().join(sep)
}

/// What `appcred export` writes, for its summary line.
pub fn nouns_or() -> String {
    or_list(OUTPUTS.iter().map(|o| o.noun))
}

/// `a, b or c`.
fn or_list<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let words: Vec<&str> = words.collect();
    match words.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The command line takes the table's names, with its descriptions as the
/// values' help.
impl clap::ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let o = self.output();
        Some(clap::builder::PossibleValue::new(o.name).help(o.description))
    }
}

#[cfg(test)]
#[path = "formats_tests.rs"]
mod tests;
