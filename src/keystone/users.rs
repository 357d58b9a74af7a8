//! Admin helpers for audit and `--user`: finding projects and domains by
//! name or id, listing users (finding one: `user_search`).

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::error::KeystoneError;
use super::session::Session;
use super::types::{Domain, Project, User};

/// Something with an id, for reporting ambiguous names.
trait HasId {
    fn id(&self) -> &str;
}
impl HasId for Project {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for Domain {
    fn id(&self) -> &str {
        &self.id
    }
}

impl Session {
    /// `GET /v3/<collection>/<id>`, else `?name=`; one match or a clear error.
    async fn find_by_name_or_id<T: DeserializeOwned + HasId>(
        &self,
        collection: &str,
        member: &str,
        what: &'static str,
        name_or_id: &str,
    ) -> Result<T, KeystoneError> {
        match self
            .get_json::<Value>(self.url(&[collection, name_or_id]))
            .await
        {
            Ok(mut doc) => {
                let item = doc.get_mut(member).map(Value::take).unwrap_or(Value::Null);
                return serde_json::from_value(item).map_err(|e| KeystoneError::BadResponse {
                    action: format!("GET /v3/{collection}/{name_or_id}"),
                    detail: e.to_string(),
                });
            }
            Err(e) if e.status() == Some(404) => {}
            Err(e) => return Err(e),
        }
        let mut url = self.url(&[collection]);
        url.query_pairs_mut().append_pair("name", name_or_id);
        let mut found: Vec<T> = self.list_all(url, collection).await?;
        match found.len() {
            0 => Err(KeystoneError::NotFound {
                what,
                searched: name_or_id.to_string(),
            }),
            1 => Ok(found.remove(0)),
            _ => Err(KeystoneError::Ambiguous {
                what,
                name: name_or_id.to_string(),
                ids: found.iter().map(|x| x.id().to_string()).collect(),
            }),
        }
    }

    pub async fn find_project(&self, name_or_id: &str) -> Result<Project, KeystoneError> {
        self.find_by_name_or_id("projects", "project", "project", name_or_id)
            .await
    }

    pub async fn find_domain(&self, name_or_id: &str) -> Result<Domain, KeystoneError> {
        self.find_by_name_or_id("domains", "domain", "domain", name_or_id)
            .await
    }

    /// The projects of a domain (`GET /v3/projects?domain_id=`).
    pub async fn domain_projects(&self, domain_id: &str) -> Result<Vec<Project>, KeystoneError> {
        let mut url = self.url(&["projects"]);
        url.query_pairs_mut().append_pair("domain_id", domain_id);
        self.list_all(url, "projects").await
    }

    /// All users, or those of one domain; sorted by name.
    pub async fn list_users(&self, domain_id: Option<&str>) -> Result<Vec<User>, KeystoneError> {
        let mut url = self.url(&["users"]);
        if let Some(d) = domain_id {
            url.query_pairs_mut().append_pair("domain_id", d);
        }
        let mut users: Vec<User> = self.list_all(url, "users").await?;
        users.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(users)
    }
}
