//! `appcred import FILE --identity PATH`: the recipient's side of a
//! hand-off (`--to`). The file is opened in memory (`crate::handoff`), the
//! credential in it proven to log in, then kept where asked: stores
//! (`--store`), a file in any export format (`--output`, `-f`), or a
//! clouds.yaml entry (`--merge`), with the rules `export` follows. No
//! login of the user's own is needed: the hand-off carries its auth URL.

use std::io::Read;

use crate::config::Environment;
use crate::expiry;
use crate::handoff::{self, Identity};
use crate::keystone;
use crate::secret::Secret;
use crate::store::Overwrite;

use super::args::{ExportTarget, Format, GlobalArgs, ImportArgs};
use super::error::{CliError, CliResult};
use super::output::note;
use super::prompt::interactive;
use super::stores;
use super::write_export::{Target, emit};

/// A hand-off is a few kilobytes; anything far larger is not one.
const MAX_FILE: u64 = 1 << 20;

pub async fn run(global: &GlobalArgs, args: &ImportArgs) -> CliResult<u8> {
    if let Some(name) = &args.export.cloud_name {
        crate::validation::validate_cloud_name(name)?;
    }
    let stores = stores::parse(&args.stores)?;
    let target = target(global, args)?;
    if target.is_none() && stores.is_empty() {
        return Err(CliError::usage(
            "import needs somewhere to keep the credential: --store URI, or --output FILE (with --export FORMAT), or --export FORMAT for standard output",
        ));
    }
    if let Some(t) = &target {
        t.check()?;
    }
    let identity = Identity::load(&args.identity, &ask_passphrase)?;
    let file = args.file.display().to_string();
    let sealed = read_limited(&args.file)?;
    let plain = handoff::open(&file, &sealed, &identity)?;
    let text = std::str::from_utf8(&plain)
        .map_err(|_| CliError::new(format!("{file} does not hold a text export")))?;
    let (credential, kind) = handoff::read_credential(text)?;
    let d = handoff::export_data(&credential, args.export.cloud_name.as_deref());
    let cloud = credential.to_cloud();
    note(&format!(
        "{file} holds the {kind} export of {} ({}) at {}.",
        crate::terminal_text::visible(&d.name),
        crate::terminal_text::visible(&d.id),
        crate::terminal_text::visible(&d.auth_url)
    ));

    let allowed = Overwrite {
        ids: &[d.id.as_str()],
        force: args.export.force,
    };
    stores::check_all(&stores, &cloud, &d.name, allowed).await?;
    if !args.no_verify {
        let report = keystone::verify_application_credential(&cloud, &d.id, &d.secret).await?;
        if !report.works {
            return Err(CliError::new(format!(
                "the credential in {file} does not log in: {}; nothing was written",
                report.reason.unwrap_or_else(|| "refused".into())
            ))
            .with_hint("ask the sender for a fresh hand-off; --no-verify keeps it anyway"));
        }
        note("It logs in.");
    }
    match d.expires_at {
        Some(t) => note(&format!(
            "It expires {} ({}, {}).",
            expiry::utc_text(t),
            expiry::local_text(t),
            expiry::relative(Some(t), chrono::Utc::now())
        )),
        None if handoff::never_expires(text, kind) => note("It never expires."),
        None => note("The hand-off does not say when it expires."),
    }
    let env = Environment::from_process();
    if let Some(path) = target
        .as_ref()
        .map(|t| emit(&env, t, &d))
        .transpose()?
        .flatten()
    {
        note(&format!("Wrote {} (mode 0600).", path.display()));
    }
    let kept = stores::keep(&stores, &d, &cloud.name, allowed).await;
    match kept.failed.into_iter().next() {
        Some((_, e)) => Err(e),
        None => Ok(0),
    }
}

/// The file target `--export`/`--output`/`--merge` ask for, as create
/// builds it; `-f FORMAT` stands for `--export FORMAT`.
fn target(global: &GlobalArgs, args: &ImportArgs) -> CliResult<Option<Target>> {
    let e = ExportTarget {
        export: args
            .export
            .export
            .or(global.format.and_then(Format::export)),
        ..args.export.clone()
    };
    stores::export_target(&e, &args.stores)
}

fn read_limited(path: &std::path::Path) -> CliResult<Vec<u8>> {
    let shown = path.display();
    let f = std::fs::File::open(path)
        .map_err(|e| CliError::new(format!("cannot read {shown}: {e}")))?;
    let mut bytes = Vec::new();
    f.take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::new(format!("cannot read {shown}: {e}")))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(CliError::new(format!(
            "{shown} is larger than a hand-off can be (1 MiB)"
        )));
    }
    Ok(bytes)
}

/// An SSH key's passphrase, asked on the terminal; none without one.
fn ask_passphrase(prompt: &str) -> Option<Secret> {
    if !interactive() {
        return None;
    }
    rpassword::prompt_password(prompt).ok().map(Secret::new)
}
