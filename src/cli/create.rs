//! `appcred create`: every check happens before the one request that
//! creates, so a refusal never leaves a half-made credential behind. Roles
//! are matched against what the user holds here and sent by id.

use chrono::Utc;
use serde_json::json;

use crate::expiry;
use crate::keystone::federated;
use crate::keystone::{
    AccessRule, ApplicationCredential, CreatedCredential, HeldRole, NewApplicationCredential,
};
use crate::secret::Secret;
use crate::validation;

use super::args::CreateArgs;
use super::context::Ctx;
use super::error::{CliError, CliResult};
use super::interrupt::Shield;
use super::output::{note, print_secret_text, print_text, render_records};
use super::show;
use super::stores;
use super::write_export::{Target, emit};
use crate::export::export_data;
use crate::store::Overwrite;

/// The checks that need no Keystone: run before logging in, so a typo in a
/// name, an expiry, an access rule or the output file fails at once, with
/// nothing sent (not even a login or a password prompt).
pub fn precheck(args: &CreateArgs) -> CliResult {
    if let Some(t) = stores::export_target(&args.export, &args.stores)? {
        t.check()?;
    }
    stores::parse(&args.stores)?;
    match &args.name {
        Some(name) => validation::validate_name(name)?,
        None if args.preset.is_none() => {
            return Err(CliError::usage("create needs a NAME (or --preset)"));
        }
        None => {}
    }
    if let Some(d) = &args.description {
        validation::validate_description(d)?;
    }
    if let Some(w) = &args.expires {
        expiry::parse_expiry(w, Utc::now())?;
    }
    access_rules(args)?;
    Ok(())
}

pub async fn run(ctx: &Ctx, args: &CreateArgs) -> CliResult<u8> {
    let target = stores::export_target(&args.export, &args.stores)?;
    let held = ctx.session.held_roles().await?;
    let plan = plan(ctx, args, &held)?;
    let role_source = ctx.session.federated_role_source().await;
    if let Some(warning) = federated::create_warning(&role_source) {
        note(&format!("warning: {warning}"));
    }
    let new = plan.request;
    if let Some(t) = &target {
        t.check()?;
        check_merge_target(ctx, args, t, &new.name)?;
    }
    // Each store is asked first: nothing is created for a secret with
    // nowhere to go.
    let allowed = Overwrite {
        ids: &[],
        force: args.export.force,
    };
    stores::check_all(
        &stores::parse(&args.stores)?,
        &ctx.cloud,
        &new.name,
        allowed,
    )
    .await?;
    let secret = if args.secret_stdin {
        Some(validation::read_secret_stdin(std::io::stdin().lock())?)
    } else {
        None
    };
    let new = NewApplicationCredential { secret, ..new };

    // From here until the secret is saved or shown, a signal must not lose
    // the credential (interrupt.rs).
    let wait = crate::keystone::request_timeout(ctx.cloud.api_timeout);
    let shield = Shield::raise(wait).ok();
    let created = ctx
        .session
        .create_credential(&new)
        .await
        .map_err(|e| federated::explain_create_error(e, &role_source));
    let caught = shield.as_ref().and_then(Shield::caught);
    let created = match created {
        Ok(c) => c,
        Err(e) => {
            let mut e = CliError::from(e);
            if let Some(code) = shield.as_ref().and_then(Shield::exit_code) {
                e.code = code;
            }
            return Err(e);
        }
    };
    let to_file = target.as_ref().is_some_and(|t| t.output.is_some());
    if let (Some((_, signal)), false) = (caught, to_file) {
        // Nowhere safe to put the secret of a command being stopped: take
        // the credential back.
        let why = CliError::new(format!(
            "{signal} received while Keystone was creating the credential"
        ));
        let mut e = roll_back(ctx, &created.credential, why).await;
        e.code = shield.as_ref().and_then(Shield::exit_code).unwrap_or(1);
        return Err(e);
    }
    let code = report(ctx, args, &created, target.as_ref(), &plan.role_note).await?;
    match shield.as_ref().and_then(|s| s.caught().zip(s.exit_code())) {
        Some(((_, signal), code)) => {
            note(&format!(
                "{signal} received during the create: the credential {} ({}) was kept, its \
                 secret {}; stopping now.",
                created.credential.name,
                created.credential.id,
                if to_file {
                    "is in the file written above"
                } else {
                    "was shown above"
                }
            ));
            Ok(code)
        }
        None => Ok(code),
    }
}

/// `--merge` into an existing clouds.yaml: try the edit (with a placeholder
/// id and secret) before creating, so a cloud name already taken or a file
/// that cannot take the entry is refused with nothing created.
fn check_merge_target(ctx: &Ctx, args: &CreateArgs, t: &Target, name: &str) -> CliResult {
    let Some(path) = t.output.as_ref().filter(|p| t.merge && p.exists()) else {
        return Ok(());
    };
    let placeholder = ApplicationCredential {
        id: "0".repeat(32),
        name: name.to_string(),
        description: None,
        user_id: None,
        project_id: None,
        roles: Vec::new(),
        unrestricted: None,
        expires_at: None,
        access_rules: None,
    };
    let d = export_data(
        &ctx.cloud,
        args.export.cloud_name.as_deref(),
        &placeholder,
        &Secret::new("placeholder"),
    );
    crate::export::check_writable(path, t.force)
        .and_then(|()| crate::export::check_merge(path, &d))
        .map_err(|e| CliError::new(format!("{e}")).with_hint("no credential was created"))
}

/// The secret could not be saved where the user asked: delete the new
/// credential again (its secret is gone for good), so nothing is left behind.
pub async fn roll_back(ctx: &Ctx, cred: &ApplicationCredential, e: CliError) -> CliError {
    match ctx
        .session
        .delete_credential(&ctx.session.user_id(), &cred.id)
        .await
    {
        Ok(()) => CliError {
            message: format!(
                "{}; the new credential {} ({}) was deleted again, so nothing is left behind",
                e.message, cred.name, cred.id
            ),
            hint: e.hint,
            code: 1,
        },
        Err(de) => CliError::new(format!(
            "{}; the new credential {} ({}) exists but its secret was not saved, and deleting it \
             failed: {de}",
            e.message, cred.name, cred.id
        ))
        .with_hint(format!("delete it with `appcred delete {}`", cred.id)),
    }
}

/// The request to send, and a sentence about the roles for the user.
pub struct Plan {
    pub request: NewApplicationCredential,
    pub role_note: Option<String>,
}

fn plan(ctx: &Ctx, args: &CreateArgs, held: &[HeldRole]) -> CliResult<Plan> {
    let mut name = args.name.clone();
    let mut description = args.description.clone();
    let mut wanted_roles = args.roles.clone();
    let mut expires = args.expires.clone();
    if let Some(preset) = &args.preset {
        let values = super::preset::apply(preset, args.cluster.as_deref(), &args.params, held)?;
        name = name.or(Some(values.name));
        description = description.or(Some(values.description));
        expires = expires.or(values.expires);
        if wanted_roles.is_empty() {
            wanted_roles = values.role_ids;
        }
    } else if args.cluster.is_some() || !args.params.is_empty() {
        return Err(CliError::usage(
            "--cluster and --param go with --preset (e.g. --preset magnum --cluster ID)",
        ));
    }
    let name = name.ok_or_else(|| CliError::usage("create needs a NAME (or --preset)"))?;
    validation::validate_name(&name)?;
    if let Some(d) = &description {
        validation::validate_description(d)?;
    }
    let expires_at = expires
        .as_deref()
        .map(|w| expiry::parse_expiry(w, Utc::now()))
        .transpose()?;
    let access_rules = access_rules(args)?;
    let role_ids = match_roles(&wanted_roles, held)?;
    let role_note = if role_ids.is_empty() {
        let mut names: Vec<&str> = held.iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        Some(format!(
            "No --role given: the credential gets all {} of your roles on {} ({}), as Keystone does by default.",
            names.len(),
            ctx.session.token_info().scope.label(),
            names.join(", ")
        ))
    } else {
        None
    };
    Ok(Plan {
        request: NewApplicationCredential {
            name,
            description,
            secret: None,
            expires_at,
            role_ids,
            unrestricted: args.unrestricted,
            access_rules,
        },
        role_note,
    })
}

/// Each wanted role (name or id) must be one the user holds on this scope;
/// the error names the culprit and lists what is held.
pub fn match_roles(wanted: &[String], held: &[HeldRole]) -> CliResult<Vec<String>> {
    let mut ids: Vec<String> = Vec::new();
    for w in wanted {
        let found = held
            .iter()
            .find(|r| r.id == *w)
            .or_else(|| held.iter().find(|r| r.name == *w));
        match found {
            Some(r) if !ids.contains(&r.id) => ids.push(r.id.clone()),
            Some(_) => {}
            None => {
                let mut names: Vec<&str> = held.iter().map(|r| r.name.as_str()).collect();
                names.sort_unstable();
                return Err(CliError::new(format!(
                    "you do not hold the role {w:?} on this scope; nothing was created"
                ))
                .with_hint(format!("roles you hold here: {}", names.join(", "))));
            }
        }
    }
    Ok(ids)
}

fn access_rules(args: &CreateArgs) -> CliResult<Vec<AccessRule>> {
    if let Some(file) = &args.access_rules_file {
        return Ok(validation::parse_access_rules_file(file)?);
    }
    Ok(args
        .access_rules
        .iter()
        .map(|r| validation::parse_access_rule(r))
        .collect::<Result<_, _>>()?)
}

async fn report(
    ctx: &Ctx,
    args: &CreateArgs,
    created: &CreatedCredential,
    target: Option<&Target>,
    role_note: &Option<String>,
) -> CliResult<u8> {
    let cred = &created.credential;
    if let Some(n) = role_note {
        note(n);
    }
    if let Some(t) = cred.expires_at {
        note(&format!(
            "Expires {} ({}).",
            expiry::utc_text(t),
            expiry::local_text(t)
        ));
    }
    // With --output the secret goes only into that file; otherwise it is
    // shown once, here, or printed as the export on stdout. Then the
    // stores: a store that fails keeps the secret where the user sees it.
    let to_file = target.is_some_and(|t| t.output.is_some());
    let d = export_data(
        &ctx.cloud,
        args.export.cloud_name.as_deref(),
        cred,
        &created.secret,
    );
    let mut printed = false;
    if let Some(t) = target {
        let written = match emit(&ctx.env, t, &d) {
            Ok(w) => w,
            Err(e) => return Err(roll_back(ctx, cred, e).await),
        };
        match written {
            Some(path) => note(&format!(
                "Wrote {} (mode 0600){}.",
                path.display(),
                if args.stores.is_empty() {
                    "; the secret is only in that file"
                } else {
                    ""
                }
            )),
            None => printed = true,
        }
    }
    let stores = stores::parse(&args.stores)?;
    let allowed = Overwrite {
        ids: &[],
        force: args.export.force,
    };
    let kept = stores::keep(&stores, &d, &ctx.cloud.name, allowed).await;
    let secret_is = match (to_file, printed) {
        (true, _) => "is in the file written above",
        (false, true) => "was printed above",
        (false, false) => "is shown above",
    };
    if printed {
        return kept.error(&cred.name, secret_is).map_or(Ok(0), Err);
    }
    let to_file = to_file || (!stores.is_empty() && kept.all_good());
    let mut json = serde_json::to_value(cred).map_err(|e| CliError::new(e.to_string()))?;
    if !to_file {
        json["secret"] = json!(created.secret.expose());
    }
    let secret = (!to_file).then_some(&created.secret);
    let record = show::record(cred, &ctx.global, secret);
    let text = render_records(&ctx.global, record, Some(&json))?;
    if to_file {
        print_text(&text)?;
    } else if let Err(e) = print_secret_text(&text) {
        return Err(roll_back(ctx, cred, e).await);
    } else if matches!(
        ctx.global.format,
        None | Some(crate::cli::args::Format::Table)
    ) {
        note("Save the secret now: Keystone keeps only a hash and will never show it again.");
    }
    kept.error(&cred.name, secret_is).map_or(Ok(0), Err)
}
