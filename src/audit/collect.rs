//! Reading what the audit needs from Keystone, `concurrency` requests at a
//! time: the users (and the ids of owners who no longer resolve), each
//! one's credentials, and each owner's current roles
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
    let Audited {
        mut users,
        deleted,
        project_id,
    } = users_of(s, target, concurrency).await?;
    // An owner who no longer resolves is audited by id: Keystone still
    // lists their credentials to an admin.
    users.extend(deleted.iter().map(|id| User {
        id: id.clone(),
        name: String::new(),
        domain_id: None,
        enabled: true,
    }));
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
    let deleted: HashSet<String> = deleted.into_iter().collect();
    let federated = federated_owners(s, &credentials, &held, &deleted, concurrency).await?;
    Ok(Found {
        users: total,
        credentials,
        held,
        federated,
        deleted,
    })
}

/// Which owners of a credential that lost a role are federated users: a
/// user's `federated` list (GET /v3/users/{id}, not in the user list), read
/// only for those owners. A user deleted (meanwhile, or before: `deleted`)
/// is not federated.
async fn federated_owners(
    s: &Session,
    credentials: &[(User, ApplicationCredential)],
    held: &HashMap<(String, String), Vec<RoleRef>>,
    deleted: &HashSet<String>,
    concurrency: usize,
) -> Result<HashSet<String>, KeystoneError> {
    let mut owners: Vec<String> = credentials
        .iter()
        .filter(|(u, _)| !deleted.contains(&u.id))
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

/// Who to audit: the users, the ids of owners who no longer resolve, and
/// the project when the audit is of one project.
struct Audited {
    users: Vec<User>,
    deleted: Vec<String>,
    project_id: Option<String>,
}

/// The users to audit. A domain's: those Keystone lists in it, plus the
/// ids its role assignments (on the domain and on its projects) name that
/// answer 404. A project's: every user with an effective role on it (group
/// memberships expanded), read one by one; an id that answers 404 is kept
/// as deleted, not dropped: its credentials stay behind it.
async fn users_of(
    s: &Session,
    target: &Target,
    concurrency: usize,
) -> Result<Audited, KeystoneError> {
    match target {
        Target::Domain(d) => {
            let domain = s.find_domain(d).await?;
            let users = s.list_users(Some(&domain.id)).await?;
            let mut named = s.domain_users(&domain.id).await?;
            let projects = s.domain_projects(&domain.id).await?;
            let per_project: Vec<Result<Vec<String>, KeystoneError>> =
                stream::iter(projects.into_iter().map(|p| async move {
                    let users = s.project_users(&p.id).await?;
                    Ok(users.into_iter().map(|u| u.id).collect())
                }))
                .buffer_unordered(concurrency)
                .collect()
                .await;
            for ids in per_project {
                named.extend(ids?);
            }
            named.retain(|id| !users.iter().any(|u| &u.id == id));
            let (resolved, deleted) = resolve(s, named, concurrency).await?;
            // Users of other domains with a role here are not this audit's.
            let mut users = users;
            users.extend(
                resolved
                    .into_iter()
                    .filter(|u| u.domain_id.as_deref() == Some(domain.id.as_str())),
            );
            Ok(Audited {
                users,
                deleted,
                project_id: None,
            })
        }
        Target::Project(p) => {
            let project = s.find_project(p).await?;
            let members = s.project_users(&project.id).await?;
            let ids = members.into_iter().map(|m| m.id).collect();
            let (mut users, deleted) = resolve(s, ids, concurrency).await?;
            users.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
            Ok(Audited {
                users,
                deleted,
                project_id: Some(project.id),
            })
        }
    }
}

/// Each id read (assignments name users but not whether they are
/// enabled): the users, and the ids that answer 404.
async fn resolve(
    s: &Session,
    mut ids: Vec<String>,
    concurrency: usize,
) -> Result<(Vec<User>, Vec<String>), KeystoneError> {
    ids.sort_unstable();
    ids.dedup();
    let answers: Vec<Result<(String, Option<User>), KeystoneError>> =
        stream::iter(ids.into_iter().map(|id| async move {
            let user = s.get_user(&id).await?;
            Ok((id, user))
        }))
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let mut users = Vec::new();
    let mut deleted = Vec::new();
    for a in answers {
        match a? {
            (_, Some(u)) => users.push(u),
            (id, None) => deleted.push(id),
        }
    }
    deleted.sort_unstable();
    Ok((users, deleted))
}
