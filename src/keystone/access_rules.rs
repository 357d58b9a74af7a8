//! Access rules: `/v3/users/{user_id}/access_rules`. Keystone has no create
//! route; rules are made together with a credential.

use serde::Deserialize;

use super::error::KeystoneError;
use super::session::Session;
use super::types::AccessRule;

#[derive(Deserialize)]
struct One {
    access_rule: AccessRule,
}

impl Session {
    /// The user's access rules, sorted by service, path, method.
    pub async fn list_access_rules(&self, user_id: &str) -> Result<Vec<AccessRule>, KeystoneError> {
        let url = self.url(&["users", user_id, "access_rules"]);
        let mut rules: Vec<AccessRule> = self.list_all(url, "access_rules").await?;
        rules.sort_by(|a, b| {
            (&a.service, &a.path, &a.method).cmp(&(&b.service, &b.path, &b.method))
        });
        Ok(rules)
    }

    pub async fn get_access_rule(
        &self,
        user_id: &str,
        id: &str,
    ) -> Result<AccessRule, KeystoneError> {
        let one: One = self
            .get_json(self.url(&["users", user_id, "access_rules", id]))
            .await?;
        Ok(one.access_rule)
    }

    /// Fails with 403 "May not delete access rule in use" while a credential
    /// still uses it (the error's hint says so).
    pub async fn delete_access_rule(&self, user_id: &str, id: &str) -> Result<(), KeystoneError> {
        self.delete(self.url(&["users", user_id, "access_rules", id]))
            .await
    }
}
