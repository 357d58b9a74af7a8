//! The formats of the credential's consumers beyond the OpenStack client:
//! `cloud.conf` (the `[Global]` section cloud-provider-openstack, the
//! Cinder/Manila CSI drivers and Magnum read, a gcfg file), a Kubernetes
//! `Secret` manifest holding that file (or a clouds.yaml), and `env`: the
//! openrc's variables as lines for `eval` in bash/zsh or fish.

use std::fmt::Write as _;

use base64::Engine as _;
use zeroize::Zeroizing;

use super::ExportData;
use super::escape::{Out, comment_text, shell_quoted, yaml_string};
use super::render::{capacity, expiry_words, openrc_vars, render_clouds_yaml};

/// The shells `env` writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Shell {
    #[default]
    Bash,
    Zsh,
    Fish,
}

/// Which file a Kubernetes Secret carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum K8sKey {
    /// cloud-provider-openstack, the CSI drivers, Magnum
    #[default]
    #[value(name = "cloud.conf")]
    CloudConf,
    /// Cluster API Provider OpenStack and other clouds.yaml readers
    #[value(name = "clouds.yaml")]
    CloudsYaml,
}

impl K8sKey {
    pub fn name(self) -> &'static str {
        match self {
            K8sKey::CloudConf => "cloud.conf",
            K8sKey::CloudsYaml => "clouds.yaml",
        }
    }
}

/// What the consumers' formats need beyond the credential: the Secret's
/// name, namespace and key, and the shell `env` writes for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsumerOptions {
    pub k8s_name: String,
    pub k8s_namespace: String,
    pub k8s_key: K8sKey,
    pub shell: Shell,
}

impl Default for ConsumerOptions {
    /// Where cloud-provider-openstack looks: `cloud-config` in `kube-system`.
    fn default() -> Self {
        ConsumerOptions {
            k8s_name: "cloud-config".to_string(),
            k8s_namespace: "kube-system".to_string(),
            k8s_key: K8sKey::CloudConf,
            shell: Shell::Bash,
        }
    }
}

/// A gcfg value: always double-quoted, so `;` and `#` (comments outside
/// quotes) and spaces at the ends survive; `"` and `\` escaped, and the
/// escapes gcfg knows for newline, tab and backspace.
pub(crate) fn gcfg_quoted(out: &mut Out, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The `[Global]` section of cloud.conf for an application credential.
pub fn render_cloud_conf(d: &ExportData) -> Zeroizing<String> {
    let mut out = Out::with_capacity(capacity(d));
    out.push_str("# cloud.conf for the OpenStack application credential ");
    comment_text(&mut out, &d.name);
    out.push_str(" (");
    comment_text(&mut out, &d.id);
    let _ = write!(out, ")\n# Expires: {}\n", expiry_words(d));
    out.push_str(
        "# Created by appcred. It holds the secret: keep it private (0600).\n\
         # Read by cloud-provider-openstack, the Cinder/Manila CSI drivers and Magnum.\n\
         [Global]\n",
    );
    let mut item = |key: &str, value: &str| {
        out.push_str(key);
        out.push_str(" = ");
        gcfg_quoted(&mut out, value);
        out.push('\n');
    };
    item("auth-url", &d.auth_url);
    item("application-credential-id", &d.id);
    item("application-credential-secret", d.secret.expose());
    if let Some(region) = &d.region_name {
        item("region", region);
    }
    if let Some(ca) = &d.cacert {
        item("ca-file", &ca.to_string_lossy());
    }
    if !d.verify {
        out.push_str("tls-insecure = true\n");
    }
    out.finish()
}

/// A Kubernetes `Secret` (type Opaque) with the cloud.conf or clouds.yaml
/// under `data`, base64-encoded, for `kubectl apply -f`.
pub fn render_k8s_secret(d: &ExportData, o: &ConsumerOptions) -> Zeroizing<String> {
    let file = match o.k8s_key {
        K8sKey::CloudConf => render_cloud_conf(d),
        K8sKey::CloudsYaml => render_clouds_yaml(d),
    };
    let mut encoded = Zeroizing::new(vec![0u8; file.len().div_ceil(3) * 4 + 4]);
    let n = base64::engine::general_purpose::STANDARD
        .encode_slice(file.as_bytes(), &mut encoded[..])
        .unwrap_or(0);
    let mut out = Out::with_capacity(capacity(d) * 2 + encoded.len());
    out.push_str("# Kubernetes Secret for the OpenStack application credential ");
    comment_text(&mut out, &d.name);
    out.push_str(" (");
    comment_text(&mut out, &d.id);
    let _ = write!(out, ")\n# Expires: {}\n", expiry_words(d));
    out.push_str(
        "# Created by appcred. It holds the secret: keep it private (0600).\n\
         # Apply with: kubectl apply -f this-file\n\
         apiVersion: v1\nkind: Secret\nmetadata:\n  name: ",
    );
    yaml_string(&mut out, &o.k8s_name);
    out.push_str("\n  namespace: ");
    yaml_string(&mut out, &o.k8s_namespace);
    out.push_str("\ntype: Opaque\ndata:\n  ");
    yaml_string(&mut out, o.k8s_key.name());
    out.push_str(": ");
    out.push_str(std::str::from_utf8(&encoded[..n]).unwrap_or(""));
    out.push('\n');
    out.finish()
}

/// The openrc's unsets and exports as lines for `eval "$(...)"`: POSIX
/// `unset`/`export` for bash and zsh, `set -e`/`set -gx` for fish.
pub fn render_env(d: &ExportData, shell: Shell) -> Zeroizing<String> {
    let (unset, exports) = openrc_vars(d);
    let mut out = Out::with_capacity(capacity(d));
    write_env(&mut out, &unset, &exports, shell);
    out.finish()
}

/// Writes unsets and exports for `shell`.
pub(crate) fn write_env<V: AsRef<str>>(
    out: &mut Out,
    unset: &[&str],
    exports: &[(&str, V)],
    shell: Shell,
) {
    match shell {
        Shell::Bash | Shell::Zsh => {
            out.push_str("unset");
            for name in unset {
                out.push(' ');
                out.push_str(name);
            }
            out.push_str(";\n");
            for (name, value) in exports {
                out.push_str("export ");
                out.push_str(name);
                out.push('=');
                shell_quoted(out, value.as_ref());
                out.push_str(";\n");
            }
        }
        Shell::Fish => {
            // `set -e` fails (status 4) for a name not set, and fish's `set`
            // keeps the status it found: `or true` so `source F; and ...` works.
            out.push_str("set -e");
            for name in unset {
                out.push(' ');
                out.push_str(name);
            }
            out.push_str("; or true;\n");
            for (name, value) in exports {
                out.push_str("set -gx ");
                out.push_str(name);
                out.push(' ');
                fish_quoted(out, value.as_ref());
                out.push_str(";\n");
            }
        }
    }
}

/// fish's single quotes: only `\\` and `\'` are escapes inside them.
fn fish_quoted(out: &mut Out, s: &str) {
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\\' | '\'') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
}

/// A Kubernetes object name (DNS-1123 subdomain) or, with `label`, a
/// namespace (DNS-1123 label): why not, or None when fine.
pub fn k8s_name_problem(name: &str, label: bool) -> Option<String> {
    let max = if label { 63 } else { 253 };
    let ok_char =
        |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (!label && c == '.');
    let ends_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if name.is_empty() || name.len() > max {
        return Some(format!("it must be 1 to {max} characters"));
    }
    if !name.chars().all(ok_char) || !ends_ok(name.chars().next()) || !ends_ok(name.chars().last())
    {
        return Some(format!(
            "only lower-case letters, digits and '-'{} are allowed, starting and ending with a letter or digit",
            if label { "" } else { " or '.'" }
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcfg_quoting_and_k8s_names() {
        let mut out = Out::with_capacity(8);
        gcfg_quoted(&mut out, "a\"b\\c$d'e #f;g");
        assert_eq!(&*out.finish(), "\"a\\\"b\\\\c$d'e #f;g\"");
        let mut out = Out::with_capacity(8);
        fish_quoted(&mut out, "a'b\\c");
        assert_eq!(&*out.finish(), "'a\\'b\\\\c'");
        assert!(k8s_name_problem("cloud-config", false).is_none());
        assert!(k8s_name_problem("a.b", false).is_none());
        assert!(k8s_name_problem("a.b", true).is_some());
        assert!(k8s_name_problem("Cloud", false).is_some());
        assert!(k8s_name_problem("-x", true).is_some());
    }
}
