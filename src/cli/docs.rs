//! `appcred completions SHELL` and `appcred man`, generated from the clap
//! definitions so they never drift from the real command line.
//!
//! The man page is one page, as people expect of `man appcred`: clap_mangen
//! renders the top command, then every subcommand gets its own subsection
//! (synopsis, options, examples) instead of a pointer to `appcred-list(1)`
//! pages nobody installs; FILES, ENVIRONMENT and EXIT STATUS are written here.

use std::io::Write;

use clap::CommandFactory;

use super::args::Cli;
use super::error::{CliError, CliResult};
use super::output::print_text;

pub fn completions(shell: clap_complete::Shell) -> CliResult<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "appcred", &mut buf);
    print_text(&String::from_utf8_lossy(&buf))?;
    Ok(0)
}

pub fn man() -> CliResult<u8> {
    let page = man_page().map_err(|e| CliError::new(format!("cannot render the man page: {e}")))?;
    print_text(&String::from_utf8_lossy(&page))?;
    Ok(0)
}

/// The whole man page, roff.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut top = Cli::command();
    top.build();
    let man = clap_mangen::Man::new(top.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    writeln!(out, ".SH COMMANDS")?;
    writeln!(
        out,
        "Without a command, appcred opens the terminal UI. The commands, each with the global options above:"
    )?;
    for sub in top.get_subcommands().filter(|s| shown(s)) {
        subcommand(&mut out, sub)?;
    }
    if let Some(examples) = top.get_after_help() {
        writeln!(out, ".SH EXAMPLES")?;
        let examples = examples.to_string();
        preformatted(&mut out, examples.trim_start_matches("Examples:\n"))?;
    }
    out.extend_from_slice(STATIC_SECTIONS.as_bytes());
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// `.SS appcred list`: what it does, its synopsis and own options (the
/// global ones are listed once, at the top), its examples; nested commands
/// (`access-rules list`) follow as their own subsections.
fn subcommand(out: &mut Vec<u8>, sub: &clap::Command) -> std::io::Result<()> {
    let name = sub.get_bin_name().unwrap_or_else(|| sub.get_name());
    writeln!(out, ".SS \"{}\"", escape(name))?;
    if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
        writeln!(out, "{}", escape(&about.to_string()))?;
    }
    let own = sub
        .clone()
        .mut_args(|a| {
            if a.is_global_set() || a.get_id() == "help" {
                a.hide(true)
            } else {
                a
            }
        })
        .disable_help_subcommand(true);
    let man = clap_mangen::Man::new(own);
    writeln!(out, ".PP")?;
    demoted(out, &man, |m, w| m.render_synopsis_section(w))?;
    demoted(out, &man, |m, w| m.render_options_section(w))?;
    if let Some(examples) = sub.get_after_help() {
        preformatted(out, &examples.to_string())?;
    }
    for nested in sub.get_subcommands().filter(|s| shown(s)) {
        subcommand(out, nested)?;
    }
    Ok(())
}

/// Commands a person uses (clap's own `help` subcommand is left out: the
/// page is the help).
fn shown(cmd: &clap::Command) -> bool {
    !cmd.is_hide_set() && cmd.get_name() != "help"
}

/// A section clap_mangen renders, without its `.SH` heading (we are inside a
/// subsection already).
fn demoted(
    out: &mut Vec<u8>,
    man: &clap_mangen::Man,
    render: impl Fn(&clap_mangen::Man, &mut Vec<u8>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    render(man, &mut buf)?;
    for line in String::from_utf8_lossy(&buf).lines() {
        if !line.starts_with(".SH ") {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Lines kept as written (examples), in a no-fill block.
fn preformatted(out: &mut Vec<u8>, text: &str) -> std::io::Result<()> {
    writeln!(out, ".PP\n.nf\n.RS 2")?;
    for line in text.lines() {
        writeln!(out, "{}", escape(line))?;
    }
    writeln!(out, ".RE\n.fi")
}

/// Text roff would otherwise read as requests or escapes.
fn escape(line: &str) -> String {
    let body = line.replace('\\', "\\e").replace('-', "\\-");
    if body.starts_with(['.', '\'']) {
        format!("\\&{body}")
    } else {
        body
    }
}

const STATIC_SECTIONS: &str = r#".SH FILES
.TP
\fBclouds.yaml\fR
Read as openstacksdk reads it: \fB$OS_CLIENT_CONFIG_FILE\fR, then \fB./\fR, \fB$XDG_CONFIG_HOME/openstack/\fR (else \fB~/.config/openstack/\fR), \fB$XDG_CONFIG_DIRS/openstack/\fR (else \fB/etc/xdg/openstack/\fR), \fB/etc/openstack/\fR; each as clouds.yaml, clouds.yml or clouds.json. \fBsecure.yaml\fR (or \fB$OS_CLIENT_SECURE_FILE\fR) is merged over it; \fBclouds\-public.yaml\fR supplies profiles.
.TP
\fB~/.config/appcred/config.toml\fR
appcred's own settings (key bindings, colours, expiry warning window, clipboard clear delay, export folder, token cache); \fB$XDG_CONFIG_HOME/appcred/config.toml\fR when that is set, or the file \fB$APPCRED_CONFIG\fR names. Missing: the defaults. A mistake in it is an error naming the line; the commands read only its top-level settings, so a mistake in \fB[keys]\fR or \fB[colours]\fR stops only the terminal UI.
.TP
\fB~/.local/state/appcred/appcred.log\fR
The terminal UI's log (\fB$XDG_STATE_HOME/appcred/appcred.log\fR when set), created 0600. The command line logs only with \fB\-\-log\-file\fR or \fB$APPCRED_LOG\fR. Secrets are never logged.
.SH ENVIRONMENT
.TP
\fBOS_CLOUD\fR, \fBOS_CLIENT_CONFIG_FILE\fR, \fBOS_CLIENT_SECURE_FILE\fR
Which cloud, and which clouds.yaml and secure.yaml.
.TP
\fBOS_AUTH_URL\fR, \fBOS_USERNAME\fR, \fBOS_PASSWORD\fR, \fBOS_PROJECT_NAME\fR, ...
An openrc's variables form a cloud when no cloud is named; \fB\-\-os\-*\fR flags override them.
.TP
\fBAPPCRED_CONFIG\fR
The settings file to read instead of config.toml.
.TP
\fBAPPCRED_LOG\fR
Log level (error, warn, info, debug, trace); turns on the command line's log.
.TP
\fBNO_COLOR\fR
Set and not empty: no colours in the terminal UI (markers instead).
.SH EXIT STATUS
0 success; 1 an error (the message says what failed and what to do); 2 a usage error; 3 \fBlist \-\-expiring\fR or \fB\-\-expired\fR found credentials.
"#;
