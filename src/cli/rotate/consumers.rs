//! Rotation's `--update FILE...` step: each named consumer file (openrc,
//! env, cloud.conf, Kubernetes Secret manifest, clouds.yaml) rewritten in
//! its own format by `rotation::consumers`, then proven: the credential read
//! back from what was written logs in. Reported per file, never raised: the
//! new secret must still reach the user. The files appcred recorded for the
//! old credential (`crate::held`) are among them without being named; one
//! that no longer holds the old id is reported as gone, not as a failure.

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::held::RotationPlan;
use crate::keystone::CreatedCredential;
use crate::rotation::consumers::{Outcome, prove, update_file};

use super::super::context::Ctx;
use super::super::output::note;

/// Every file's result, and whether all that were updated log in.
pub struct ConsumersOutcome {
    pub files: Vec<Value>,
    pub all_good: bool,
}

pub async fn update_consumers(
    ctx: &Ctx,
    files: &[PathBuf],
    old_id: &str,
    created: &CreatedCredential,
    plan: &mut RotationPlan,
) -> ConsumersOutcome {
    let mut out = ConsumersOutcome {
        files: Vec::new(),
        all_good: true,
    };
    for path in files {
        let shown = path.display();
        let recorded = plan.is_recorded(path);
        let mut entry = match update_file(path, old_id, &created.credential.id, &created.secret) {
            Outcome::Updated {
                kind,
                backup,
                read_back,
            } => {
                plan.file_updated(path, kind.as_str());
                let login = prove(&ctx.cloud, read_back.as_ref(), &created.credential.id).await;
                match &login {
                    Ok(()) => note(&format!(
                        "Updated {shown} ({}): the credential read back from it logs in.",
                        kind.as_str()
                    )),
                    Err(e) => {
                        out.all_good = false;
                        note(&format!(
                            "Updated {shown} ({}), but it does NOT log in: {e}",
                            kind.as_str()
                        ));
                    }
                }
                json!({"path": path, "status": "updated", "format": kind.as_str(),
                       "backup": backup, "login": login.is_ok(), "error": login.err()})
            }
            Outcome::Skipped { reason } if recorded => {
                plan.no_longer_holds(path);
                note(&format!(
                    "Gone: {shown} was recorded for the old credential, but {reason}; dropped from the record."
                ));
                json!({"path": path, "status": "gone", "reason": reason})
            }
            Outcome::Skipped { reason } => {
                note(&format!("Skipped {shown}: {reason}."));
                json!({"path": path, "status": "skipped", "reason": reason})
            }
            Outcome::Failed { reason } => {
                out.all_good = false;
                note(&format!("Could not update {shown}: {reason}."));
                json!({"path": path, "status": "failed", "reason": reason})
            }
        };
        if recorded {
            entry["recorded"] = json!(true);
        }
        out.files.push(entry);
    }
    out
}

/// The recorded places found gone before anything was rewritten: said, and
/// reported like the files (`status: gone`); not a failure.
pub fn report_gone(plan: &RotationPlan) -> Vec<Value> {
    plan.gone()
        .iter()
        .map(|p| {
            let reason = if p.is_gone() {
                "it is no longer there"
            } else {
                "it no longer holds the old credential's id"
            };
            note(&format!(
                "Gone: {} was recorded for the old credential, but {reason}; dropped from the record.",
                p.describe()
            ));
            json!({"path": p.location, "entry": p.entry, "status": "gone",
                   "reason": reason, "recorded": true})
        })
        .collect()
}
