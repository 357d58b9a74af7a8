//! `appcred list --all-clouds` and `appcred --os-cloud A --os-cloud B list`:
//! every chosen cloud logged in to at once (never prompting), one table with
//! a Cloud column, `-f json` records with `cloud`, or `-f prometheus`.
//!
//! Exit codes, so cron can tell "expiring" from "could not check": 0 all
//! listed (and nothing matched the watch), 3 all listed and something
//! matched, 4 some clouds could not be listed, 5 some could not be listed
//! and the others had matches, 1 none could be listed.

use chrono::Utc;
use serde::Serialize;

use crate::config::Environment;
use crate::expiry;
use crate::fleet::{self, CloudListing, FleetOptions, Unlisted};
use crate::keystone::ApplicationCredential;

use super::args::{Format, GlobalArgs, ListArgs, SortKey};
use super::context::{overrides, token_cache_off};
use super::error::{CliError, CliResult};
use super::list::{self, sort, watched};
use super::output::{note, print_records, print_text};
use super::records::{Cell, Column, Fit, Records};
use super::{EXIT_FOUND, EXIT_PARTIAL, EXIT_PARTIAL_FOUND};

/// A fleet listing rather than one cloud's: `--all-clouds`, several
/// `--os-cloud`, or `-f prometheus` (whose series always carry `cloud`).
pub fn wanted(global: &GlobalArgs, args: &ListArgs) -> bool {
    args.all_clouds || global.os_cloud.len() > 1 || global.format == Some(Format::Prometheus)
}

/// A JSON record: the credential as `list -f json` prints it, plus `cloud`.
#[derive(Serialize)]
struct Record<'a> {
    cloud: &'a str,
    #[serde(flatten)]
    credential: &'a ApplicationCredential,
}

pub async fn run(global: &GlobalArgs, args: &ListArgs) -> CliResult<u8> {
    let prometheus = global.format == Some(Format::Prometheus);
    if args.user.is_some() {
        return Err(CliError::usage(
            "--user works on one cloud (a user's name or id differs between clouds); drop --all-clouds or give one --os-cloud",
        ));
    }
    let window = args
        .expiring
        .as_deref()
        .map(expiry::parse_duration)
        .transpose()?;
    let env = Environment::from_process();
    let names = cloud_names(global, args, &env)?;
    let settings = crate::settings::load_shared(&env).map_err(|e| CliError::new(e.to_string()))?;
    let options = FleetOptions {
        use_cache: token_cache_off(global, &env).is_none(),
        overrides: overrides(global),
        deadline: Some(settings.fleet_cloud_deadline()),
    };
    let mut listings = fleet::list_clouds(&env, &names, &options).await;
    let now = Utc::now();
    let warning = settings.expiry_warning();

    let mut matched = 0;
    for l in &mut listings {
        match &mut l.outcome {
            Ok(creds) => {
                creds.retain(|c| watched(c, now, args.expired, window));
                sort(creds, args.sort.unwrap_or(SortKey::Name));
                matched += creds.len();
            }
            Err(why) => report(&l.cloud, why),
        }
    }
    let listed = listings.iter().filter(|l| l.outcome.is_ok()).count();

    if prometheus {
        let text = fleet::render_prometheus(&listings, now);
        match &args.output {
            Some(path) => {
                if !args.force {
                    refuse_foreign(path)?;
                }
                crate::export::replace_public(path, text.as_bytes(), 0o644)?;
            }
            None => print_text(&text)?,
        }
    } else if listed > 0 {
        print_listings(global, &listings, now, warning)?;
    }

    let watching = args.expired || window.is_some();
    let found = watching && matched > 0;
    match (listed, listed == listings.len()) {
        (0, _) => Err(CliError::new(format!(
            "no cloud could be listed ({} tried; the reasons are above)",
            listings.len()
        ))),
        (_, true) if found => Ok(EXIT_FOUND),
        (_, true) => Ok(0),
        (_, false) if found => Ok(EXIT_PARTIAL_FOUND),
        (_, false) => Ok(EXIT_PARTIAL),
    }
}

/// `-f prometheus --output FILE` replaces FILE only when appcred wrote it
/// (its metrics' first line), or with `--force`: a typo in a cron line must
/// not replace somebody's file, as `export --output` refuses the same.
fn refuse_foreign(path: &std::path::Path) -> CliResult {
    use std::io::Read;
    let mut head = [0u8; 64];
    let read = match std::fs::File::open(path) {
        Ok(mut f) => f.read(&mut head).unwrap_or(0),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(_) => 0,
    };
    if head[..read].starts_with(fleet::PROMETHEUS_FIRST_LINE.as_bytes()) {
        return Ok(());
    }
    Err(CliError::new(format!(
        "{} already exists and appcred did not write it (it does not begin with appcred's \
         metrics); it was left as it is",
        path.display()
    ))
    .with_hint("pass --force to replace it, or pick another --output"))
}

/// `--all-clouds`: every cloud in clouds.yaml, in file order (the `OS_*`
/// variables' cloud is not a clouds.yaml cloud: name it with --os-cloud).
/// Else the `--os-cloud` names, each once.
fn cloud_names(global: &GlobalArgs, args: &ListArgs, env: &Environment) -> CliResult<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    if args.all_clouds {
        let clouds = crate::config::list_clouds(env)?;
        names.extend(
            clouds
                .into_iter()
                .filter(|c| c.source_file.is_some())
                .map(|c| c.name),
        );
        if names.is_empty() {
            return Err(CliError::new("--all-clouds found no cloud in clouds.yaml")
                .with_hint("add clouds to ~/.config/openstack/clouds.yaml (or set OS_CLIENT_CONFIG_FILE), or name them with --os-cloud"));
        }
    }
    let chosen = if global.os_cloud.is_empty() {
        env.var("OS_CLOUD")
            .map(|c| vec![c.to_string()])
            .unwrap_or_default()
    } else {
        global.os_cloud.clone()
    };
    if !args.all_clouds {
        names = chosen;
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    if names.is_empty() {
        return Err(CliError::usage(
            "-f prometheus needs the clouds to check: --all-clouds, or --os-cloud NAME (repeatable)",
        ));
    }
    Ok(names)
}

/// A cloud that could not be listed, on stderr: its name, why, what to do.
fn report(cloud: &str, why: &Unlisted) {
    match why {
        Unlisted::NeedsPrompt { reason } => note(&format!(
            "{cloud}: not listed: {reason}\n  hint: several clouds are never prompted for; run \
             `appcred --os-cloud {cloud} login` first (the token is cached), or configure the secret"
        )),
        Unlisted::Failed { reason, hint } => {
            note(&format!("{cloud}: not listed: {reason}"));
            if let Some(h) = hint {
                note(&format!("  hint: {h}"));
            }
        }
    }
}

/// The merged records (Cloud, then the list's own columns) in any record
/// format; `-f json` without `-c` is the credentials' own JSON, each with
/// its `cloud`.
fn print_listings(
    global: &GlobalArgs,
    listings: &[CloudListing],
    now: chrono::DateTime<Utc>,
    warning: chrono::Duration,
) -> CliResult {
    let listed: Vec<(&str, &Vec<ApplicationCredential>)> = listings
        .iter()
        .filter_map(|l| {
            l.outcome
                .as_ref()
                .ok()
                .map(|creds| (l.cloud.as_str(), creds))
        })
        .collect();
    let json: Vec<Record> = listed
        .iter()
        .flat_map(|(cloud, creds)| {
            creds
                .iter()
                .map(move |credential| Record { cloud, credential })
        })
        .collect();
    let json = serde_json::to_value(&json).map_err(|e| CliError::new(e.to_string()))?;
    let mut columns = vec![Column::new("Cloud").fit(Fit::Shrink(8))];
    columns.extend(list::records(&[], now, warning).columns);
    let mut records = Records::list(columns);
    for (cloud, creds) in &listed {
        for row in list::records(creds, now, warning).rows {
            let mut cells = vec![Cell::text(cloud.to_string())];
            cells.extend(row);
            records.push(cells);
        }
    }
    print_records(global, records, Some(&json))
}
