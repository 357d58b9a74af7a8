//! Reading what the audit needs from Keystone, `concurrency` requests at a
//! time: the users, each one's credentials, and each owner's current roles
//! on each project a credential belongs to. Any refusal fails the whole
//! audit: a partial answer would look like a clean one.

use futures::stream::{self, StreamExt};

use super::*;

/// Reads the users of `target`, their credentials and their roles.
/// `progress` is called after each user's credentials arrive.
pub async fn collect(
    s: &Session,
    target: &Target,
    concurrency: usize,
    mut progress: impl FnMut(Progress),
) -> Result<Found, KeystoneError> {
    let concurrency = concurrency.clamp(1, 64);
    let (users, project_id) = users_of(s, target, concurrency).await?;
    let total = users.len();
    progress(Progress { done: 0, total });
    let mut per_user = stream::iter(users.into_iter().map(|u| async move {
        let creds = s.list_credentials(&u.id).await;
        (u, creds)
    }))
    .buffer_unordered(concurrency);
    let mut credentials: Vec<(User, ApplicationCredential)> = Vec::new();
    let mut done = 0;
    while let Some((user, creds)) = per_user.next().await {
        done += 1;
        progress(Progress { done, total });
        credentials.extend(
            creds?
                .into_iter()
                // A project audit is about that project's credentials.
                .filter(|c| project_id.is_none() || c.project_id == project_id)
                .map(|c| (user.clone(), c)),
        );
    }

    // The owners' current effective roles: one request per project (not
    // per owner), then looked up per (user, project). An owner with no
    // assignment left on the project holds nothing there.
    let mut projects: Vec<String> = credentials
        .iter()
        .filter_map(|(_, c)| c.project_id.clone())
        .collect();
    projects.sort();
    projects.dedup();
    let per_project: Vec<(String, HashMap<String, Vec<RoleRef>>)> =
        stream::iter(projects.into_iter().map(|pid| async move {
            let roles = s.project_effective_roles(&pid).await;
            roles.map(|r| (pid, r))
        }))
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .collect::<Result<_, KeystoneError>>()?;
    let mut held = HashMap::new();
    for (u, c) in &credentials {
        let Some(pid) = &c.project_id else { continue };
        let roles = per_project
            .iter()
            .find(|(p, _)| p == pid)
            .and_then(|(_, by_user)| by_user.get(&u.id).cloned())
            .unwrap_or_default();
        held.insert((u.id.clone(), pid.clone()), roles);
    }
    let federated = federated_owners(s, &credentials, &held, concurrency).await?;
    Ok(Found {
        users: total,
        credentials,
        held,
        federated,
    })
}

/// Which owners of a credential that lost a role are federated users: a
/// user's `federated` list (GET /v3/users/{id}, not in the user list), read
/// only for those owners. A user deleted meanwhile is not federated.
async fn federated_owners(
    s: &Session,
    credentials: &[(User, ApplicationCredential)],
    held: &HashMap<(String, String), Vec<RoleRef>>,
    concurrency: usize,
) -> Result<HashSet<String>, KeystoneError> {
    let mut owners: Vec<String> = credentials
        .iter()
        .filter(|(u, c)| {
            let Some(p) = &c.project_id else { return false };
            let roles = held.get(&(u.id.clone(), p.clone()));
            c.roles
                .iter()
                .any(|r| !roles.is_some_and(|h| h.iter().any(|x| x.id == r.id)))
        })
        .map(|(u, _)| u.id.clone())
        .collect();
    owners.sort_unstable();
    owners.dedup();
    let answers: Vec<Result<Option<String>, KeystoneError>> =
        stream::iter(owners.into_iter().map(|id| async move {
            match s
                .get_json::<serde_json::Value>(s.url(&["users", &id]))
                .await
            {
                Ok(doc) => Ok(doc["user"]["federated"]
                    .as_array()
                    .is_some_and(|f| !f.is_empty())
                    .then_some(id)),
                Err(e) if e.is_not_found() => Ok(None),
                Err(e) => Err(e),
            }
        }))
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let mut found = HashSet::new();
    for a in answers {
        found.extend(a?);
    }
    Ok(found)
}

/// The users to audit, and the project when the audit is of one project.
async fn users_of(
    s: &Session,
    target: &Target,
    concurrency: usize,
) -> Result<(Vec<User>, Option<String>), KeystoneError> {
    let p = match target {
        Target::Domain(d) => {
            let domain = s.find_domain(d).await?;
            return Ok((s.list_users(Some(&domain.id)).await?, None));
        }
        Target::Project(p) => p,
    };
    let project = s.find_project(p).await?;
    let members = s.project_users(&project.id).await?;
    // Assignments name users but not whether they are enabled: read each.
    let users: Vec<Result<Option<User>, KeystoneError>> =
        stream::iter(members.into_iter().map(|m| async move {
            match s.find_user(&m.id).await {
                Ok(u) => Ok(Some(u)),
                // Deleted since the assignments were read: nothing to audit.
                Err(KeystoneError::NotFound { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        }))
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let mut found = Vec::new();
    for u in users {
        found.extend(u?);
    }
    found.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok((found, Some(project.id)))
}
