//! The record's contents: per credential id, its places. Pure data and the
//! rules of changing it; reading and writing it is `file.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Place;

/// The layout's version: a later layout is refused (and set aside), never
/// misread.
pub(super) const VERSION: u32 = 1;

/// Every credential's places, by id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    pub(super) version: u32,
    #[serde(default)]
    pub(super) credentials: BTreeMap<String, Vec<Place>>,
}

impl Default for Ledger {
    fn default() -> Self {
        Ledger {
            version: VERSION,
            credentials: BTreeMap::new(),
        }
    }
}

impl Ledger {
    /// The places recorded for `id`, oldest first.
    pub fn places(&self, id: &str) -> &[Place] {
        self.credentials.get(id).map_or(&[], Vec::as_slice)
    }

    /// Records `place` for `id`. A spot holds one credential: the same spot
    /// recorded for any id before (this one included) is replaced.
    pub fn add(&mut self, id: &str, place: Place) {
        for places in self.credentials.values_mut() {
            places.retain(|p| !p.same_spot(&place));
        }
        self.credentials
            .entry(id.to_string())
            .or_default()
            .push(place);
        self.credentials.retain(|_, places| !places.is_empty());
    }

    /// Drops `spots` from `id`'s places.
    pub fn drop_spots(&mut self, id: &str, spots: &[Place]) {
        if let Some(places) = self.credentials.get_mut(id) {
            places.retain(|p| !spots.iter().any(|s| s.same_spot(p)));
            if places.is_empty() {
                self.credentials.remove(id);
            }
        }
    }

    /// Forgets every place of `id`.
    pub fn forget(&mut self, id: &str) {
        self.credentials.remove(id);
    }
}
