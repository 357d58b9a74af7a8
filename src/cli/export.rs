//! `appcred export NAME|ID --format FORMAT --secret-stdin` (a format of
//! the export table, `crate::export::OUTPUTS`): the files users' tools
//! read, for a credential created elsewhere. Keystone
//! keeps only a hash of the secret, so the secret comes from stdin.

use crate::keystone;

use super::args::{ExportArgs, Format};
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::format_arg::export_needs_format;
use super::output::note;
use super::sealed;
use super::stores;
use super::write_export::{Target, consumer_options, emit};
use crate::export::export_data;
use crate::store::Overwrite;

pub async fn run(ctx: &Ctx, args: &ExportArgs) -> CliResult<u8> {
    let to = sealed::recipients(&args.to, args.merge)?;
    let format = ctx.global.format.and_then(Format::export);
    let format = format.or((!to.is_empty()).then_some(sealed::DEFAULT_FORMAT));
    if format.is_none() && args.stores.is_empty() {
        return Err(CliError::usage(export_needs_format()));
    }
    let stores = stores::parse(&args.stores)?;
    if !args.secret_stdin {
        return Err(CliError::usage("export needs the secret on standard input: pass --secret-stdin")
            .with_hint("Keystone stores only a hash of the secret and cannot give it back; e.g. `pass show ci | appcred export ci --format openrc --secret-stdin`"));
    }
    let target = match format {
        Some(format) => Some(Target {
            format,
            output: args.output.clone(),
            force: args.force,
            merge: args.merge,
            options: consumer_options(format, &args.consumer)?,
            to,
        }),
        None => None,
    };
    if let Some(t) = &target {
        t.check()?;
    }
    let secret = crate::validation::read_secret_stdin(std::io::stdin().lock())?;
    let cred = ctx
        .session
        .find_credential(&ctx.session.user_id(), &args.credential)
        .await?;
    // The credential's own entry may be replaced (storing it again).
    let allowed = Overwrite {
        ids: &[cred.id.as_str()],
        force: args.force,
    };
    stores::check_all(&stores, &ctx.cloud, &cred.name, allowed).await?;
    // A mistyped or stale secret would make a file that fails later, far
    // from here; one token request now (never for --no-verify) catches it.
    if !args.no_verify {
        let report = keystone::verify_application_credential(&ctx.cloud, &cred.id, &secret).await?;
        if !report.works {
            return Err(CliError::new(format!(
                "the secret does not authenticate as {} ({}): {}; nothing was written",
                cred.name,
                cred.id,
                report.reason.unwrap_or_else(|| "refused".into())
            ))
            .with_hint(
                "check you piped the right secret; pass --no-verify to write the file anyway",
            ));
        }
    }
    let d = export_data(&ctx.cloud, args.cloud_name.as_deref(), &cred, &secret);
    if let Some(path) = target
        .as_ref()
        .map(|t| emit(&ctx.env, t, &d))
        .transpose()?
        .flatten()
    {
        note(&format!("wrote {} (mode 0600)", path.display()));
    }
    let kept = stores::keep(&stores, &d, &ctx.cloud.name, allowed).await;
    match kept.failed.into_iter().next() {
        Some((_, e)) => Err(e),
        None => Ok(0),
    }
}
