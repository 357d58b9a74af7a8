//! Rotation's store step on the command line: every secret store recorded
//! as holding the old credential (`crate::held`) gets the successor, read
//! back and proven to log in (`rotation::stores`), with no `--store` named.
//! Reported per store, never raised: the new secret must still reach the
//! user; a store that fails keeps the old credential.

use serde_json::{Value, json};

use crate::export::ExportData;
use crate::held::RotationPlan;
use crate::rotation::stores::{StoreOutcome, update_store};
use crate::store::StoredCredential;

use super::super::context::Ctx;
use super::super::output::note;

/// Each recorded store's result (`{store, status, reason, recorded}`) and
/// why the old credential must stay, if one failed.
#[derive(Default)]
pub struct StoresOutcome {
    pub stores: Vec<Value>,
    pub failed: Vec<String>,
}

/// Updates the recorded stores of the plan but those in `already` (the
/// canonical addresses `--store` just wrote).
pub async fn update_recorded_stores(
    ctx: &Ctx,
    plan: &mut RotationPlan,
    old_id: &str,
    d: &ExportData,
    already: &[String],
) -> StoresOutcome {
    let successor = StoredCredential::from_export(d, &ctx.cloud.name);
    let mut out = StoresOutcome {
        stores: Vec::new(),
        failed: Vec::new(),
    };
    for place in plan.other_places() {
        let address = place.location.clone();
        if already.contains(&address) {
            plan.place_updated(&place);
            continue;
        }
        let outcome = update_store(&ctx.env, &ctx.cloud, &address, old_id, &successor).await;
        let (status, reason) = match outcome {
            StoreOutcome::Updated => {
                plan.place_updated(&place);
                note(&format!(
                    "Updated {address}: the credential read back from it logs in."
                ));
                ("updated", None)
            }
            StoreOutcome::Gone { reason } => {
                plan.place_gone(&place);
                note(&format!(
                    "Gone: {address} was recorded for the old credential, but {reason}; dropped from the record."
                ));
                ("gone", Some(reason))
            }
            StoreOutcome::Failed { reason } => {
                note(&format!("Could not update {address}: {reason}."));
                out.failed
                    .push(format!("{address} was not updated ({reason})"));
                ("failed", Some(reason))
            }
        };
        out.stores.push(json!({"store": address, "status": status,
                               "reason": reason, "recorded": true}));
    }
    out
}
