//! `appcred verify`: proves an application credential authenticates, and
//! says what it can do: its project, roles, expiry and catalog. Exit 0 only
//! when it works, so scripts can gate a rollout on it.
//!
//! A token does not say when the credential itself expires (it is only
//! capped by it), and a 401 does not say why. So, besides logging in with
//! the credential, verify reads the credential with the cloud's own login
//! where that is allowed (its owner, or an admin) and without asking for
//! anything: that gives the expiry, and turns "refused" into "expired on
//! ..." or "its owner is disabled". Where it is not allowed, it says so.

use chrono::Utc;
use serde_json::json;

use crate::config::{AuthType, CloudConfig, Environment};
use crate::expiry;
use crate::keystone::{self, ApplicationCredential, NoPrompt, Session, VerifyReport};
use crate::secret::Secret;

use super::args::VerifyArgs;
use super::args::{Format, GlobalArgs};
use super::context::resolve_cloud;
use super::error::{CliError, CliResult};
use super::output::{fields, print_json, print_text};

pub async fn run(global: &GlobalArgs, args: &VerifyArgs) -> CliResult<u8> {
    let env = Environment::from_process();
    let cloud = resolve_cloud(global, &env).await?;
    let (id, secret) = id_and_secret(&cloud, args)?;
    if args.id.is_none() {
        openstack_client_view(&env, &cloud.name)?;
    }
    let mut report = keystone::verify_application_credential(&cloud, &id, &secret).await?;
    let details = read_credential(&cloud, &id).await;
    if let (false, Some(found)) = (report.works, &details) {
        if let Some(why) = precise_reason(found) {
            report.reason = Some(why);
        } else if let Some(why) =
            keystone::federated_owner_reason(&found.session, &found.credential, &report).await
        {
            report.reason = Some(why);
        }
    }
    let cred = details.as_ref().map(|d| &d.credential);
    print(global, &id, &report, cred)?;
    Ok(if report.works { 0 } else { 1 })
}

fn id_and_secret(cloud: &CloudConfig, args: &VerifyArgs) -> CliResult<(String, Secret)> {
    match (&args.id, args.secret_stdin) {
        (Some(id), true) => Ok((
            id.clone(),
            crate::validation::read_secret_stdin(std::io::stdin().lock())?,
        )),
        (Some(_), false) => Err(CliError::usage(
            "verify --id needs the secret on standard input: add --secret-stdin",
        )),
        (None, true) => Err(CliError::usage("--secret-stdin goes with --id ID")),
        (None, false) => (cloud.auth_type == AuthType::ApplicationCredential)
            .then(|| {
                cloud
                    .auth
                    .application_credential_id
                    .clone()
                    .zip(cloud.auth.application_credential_secret.clone())
            })
            .flatten()
            .ok_or_else(|| {
                CliError::usage(format!(
                    "cloud {:?} does not use an application credential (by id)",
                    cloud.name
                ))
                .with_hint(
                    "pass --id ID --secret-stdin, or pick a cloud whose auth_type is v3applicationcredential",
                )
            }),
    }
}

/// The credential as Keystone lists it, and whether its owner is enabled
/// (None when we may not read the user).
struct Details {
    credential: ApplicationCredential,
    /// The owner's login that read it (a federated owner's groups).
    session: Session,
    owner_enabled: Option<bool>,
}

/// Reads the credential with the cloud's own login, never prompting. Any
/// failure (no password at hand, not the owner, policy) means "unknown".
async fn read_credential(cloud: &CloudConfig, id: &str) -> Option<Details> {
    let session = match Session::login(cloud, &NoPrompt).await {
        Ok(s) => s,
        Err(e) => {
            tracing::debug!("verify: cannot read the credential's details: {e}");
            return None;
        }
    };
    let credential = session
        .get_credential(&session.user_id(), id)
        .await
        .map_err(|e| tracing::debug!("verify: cannot read credential {id}: {e}"))
        .ok()?;
    let owner_enabled = match &credential.user_id {
        Some(u) if *u == session.user_id() => Some(true),
        Some(u) => session.get_user(u).await.ok().flatten().map(|u| u.enabled),
        None => None,
    };
    Some(Details {
        credential,
        session,
        owner_enabled,
    })
}

/// Why Keystone said no, when the credential's details tell.
fn precise_reason(d: &Details) -> Option<String> {
    let now = Utc::now();
    if let Some(t) = d.credential.expires_at.filter(|t| *t <= now) {
        return Some(format!(
            "the credential expired {} ({}); rotate it with --expires, or create a new one",
            expiry::relative(Some(t), now),
            expiry::utc_text(t)
        ));
    }
    if d.owner_enabled == Some(false) {
        return Some(
            "its owner is disabled: it works again only if an admin re-enables the user"
                .to_string(),
        );
    }
    None
}

fn print(
    global: &GlobalArgs,
    id: &str,
    r: &VerifyReport,
    cred: Option<&ApplicationCredential>,
) -> CliResult {
    let token = r.token.as_ref();
    let now = Utc::now();
    if global.format == Some(Format::Json) {
        return print_json(&json!({
            "id": id,
            "works": r.works,
            "reason": r.reason,
            "project": token.map(|t| t.scope.clone()),
            "roles": token.map(|t| t.roles.clone()).unwrap_or_default(),
            "catalog_services": token.map(|t| t.catalog.len()),
            "token_expires_at": token.map(|t| t.expires_at.to_rfc3339()),
            "restricted": token.and_then(|t| t.application_credential.as_ref()).map(|a| a.restricted),
            "credential_expires_at": cred.and_then(|c| c.expires_at).map(|t| keystone::keystone_time::format(&t)),
            "credential": cred,
        }));
    }
    let mut rows = vec![
        ("application credential", id.to_string()),
        (
            "result",
            if r.works {
                "works".to_string()
            } else {
                format!("FAILS: {}", r.reason.clone().unwrap_or_default())
            },
        ),
    ];
    if let Some(c) = cred {
        rows.push(("name", c.name.clone()));
        rows.push(("expires", super::list::expires_text(c.expires_at, now)));
    } else {
        rows.push((
            "expires",
            "unknown (this login may not read the credential)".to_string(),
        ));
    }
    if let Some(t) = token {
        let mut roles: Vec<&str> = t.roles.iter().map(|x| x.name.as_str()).collect();
        roles.sort_unstable();
        rows.push(("project", t.scope.label()));
        rows.push(("roles", roles.join(", ")));
        rows.push(("catalog services", t.catalog.len().to_string()));
        rows.push((
            "token expires",
            format!(
                "{} ({})",
                expiry::utc_text(t.expires_at),
                expiry::relative(Some(t.expires_at), now)
            ),
        ));
        rows.push((
            "restricted",
            t.application_credential
                .as_ref()
                .map(|a| a.restricted.to_string())
                .unwrap_or_default(),
        ));
    }
    print_text(&fields(global, &rows))
}

/// The options keystoneauth's `v3applicationcredential` plugin takes (its
/// own and those every v3 plugin shares); it refuses any other.
const APP_CRED_OPTIONS: &[&str] = &[
    "auth_url",
    "system_scope",
    "domain_id",
    "domain_name",
    "project_id",
    "project_name",
    "project_domain_id",
    "project_domain_name",
    "trust_id",
    "application_credential_secret",
    "application_credential_id",
    "application_credential_name",
    "username",
    "user_id",
    "user_domain_id",
    "user_domain_name",
];

/// appcred logs in with what it needs from the cloud; the OpenStack client
/// hands everything under `auth:` (clouds.yaml with secure.yaml over it) to
/// its plugin, which refuses what it does not know, such as a password that
/// secure.yaml still holds for a cloud of that name. So `verify` reads the
/// files as that client would, and fails where it would.
fn openstack_client_view(env: &Environment, cloud: &str) -> CliResult {
    let Some(crate::config::FileAuth { auth_type, keys }) =
        crate::config::file_auth_keys(env, cloud)?
    else {
        return Ok(());
    };
    if !matches!(
        auth_type.as_deref(),
        Some("v3applicationcredential" | "applicationcredential")
    ) {
        return Ok(());
    }
    let mut unknown: Vec<&str> = keys
        .iter()
        .map(String::as_str)
        .filter(|k| !APP_CRED_OPTIONS.contains(k))
        .collect();
    unknown.sort_unstable();
    let has = |k: &str| keys.iter().any(|x| x == k);
    let why = if !unknown.is_empty() {
        format!(
            "its auth holds {}, which the v3applicationcredential plugin does not take",
            unknown.join(", ")
        )
    } else if has("username") && !has("user_domain_name") && !has("user_domain_id") {
        "its auth has a username without user_domain_name or user_domain_id".to_string()
    } else {
        return Ok(());
    };
    Err(CliError::new(format!(
        "cloud {cloud:?} would not work for the OpenStack client: {why} (clouds.yaml and \
         secure.yaml merged, as that client reads them)"
    ))
    .with_hint(format!(
        "remove those keys from {cloud:?} in secure.yaml or clouds.yaml (secure.yaml may hold an \
         old password for a cloud of the same name)"
    )))
}
