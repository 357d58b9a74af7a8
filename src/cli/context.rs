//! What every subcommand starts from: the resolved cloud and one logged-in
//! session whose token is reused for all of the command's requests.

use std::sync::Arc;

use crate::config::{self, CloudConfig, Environment, Overrides};
use crate::keystone::{KeystoneError, Session, looks_like_id};

use super::args::{Format, GlobalArgs};
use super::error::{CliError, CliResult};
use super::note::note;
use super::prompt::TerminalPrompter;

pub struct Ctx {
    pub global: GlobalArgs,
    pub env: Environment,
    pub cloud: CloudConfig,
    pub session: Session,
}

impl Ctx {
    pub async fn connect(global: GlobalArgs) -> CliResult<Ctx> {
        let env = Environment::from_process();
        let cloud = resolve_cloud(&global, &env).await?;
        let session = match token_cache_off(&global, &env) {
            None => Session::login_cached(&cloud, Arc::new(TerminalPrompter)).await?,
            Some(why) => {
                tracing::debug!(why, "token cache off");
                Session::login(&cloud, &TerminalPrompter).await?
            }
        };
        Ok(Ctx {
            global,
            env,
            cloud,
            session,
        })
    }

    pub fn json(&self) -> bool {
        self.global.format == Some(Format::Json)
    }

    /// The user whose credentials a command works on: ourselves, or
    /// `--user NAME|ID` (another user's, where policy allows it: admins),
    /// its name looked for in `--user-domain` or else in every domain the
    /// token can see. An id no user answers to any more (deleted from the
    /// directory: Keystone keeps their credentials) is worked on by id.
    pub async fn target_user(&self, user: Option<&str>, domain: Option<&str>) -> CliResult<String> {
        let me = self.session.token_info().user;
        let Some(u) = user else {
            return Ok(me.id);
        };
        if u == me.id {
            return Ok(me.id);
        }
        match self.session.find_user_in(u, domain).await {
            Ok(found) => Ok(found.id),
            Err(KeystoneError::UserNotFound { .. }) if looks_like_id(u) => {
                note(&format!(
                    "user {u} not found (deleted from the directory?): working by id"
                ));
                Ok(u.to_string())
            }
            // A plain user may not look users up, not even by their own
            // name: that name is theirs.
            Err(e) if e.is_forbidden() && u == me.name => Ok(me.id),
            Err(e) if e.is_forbidden() => Err(CliError::new(format!(
                "cannot work on the credentials of user {u:?}: Keystone refused to look that user up ({})",
                e.message().unwrap_or("403 Forbidden")
            ))
            .with_hint(
                "only an admin (or a system reader) may see other users' credentials; \
                 without --user you see your own",
            )),
            Err(e) => Err(e.into()),
        }
    }
}

/// Why the token cache is off for this command, or None when it is on:
/// the rule both front ends share ([`crate::settings::token_cache_off`]).
pub fn token_cache_off(global: &GlobalArgs, env: &Environment) -> Option<&'static str> {
    crate::settings::token_cache_off(global.no_cache, env)
}

/// The cloud for these flags: clouds.yaml, secure.yaml, `OS_*`, then flags.
/// The cloud the flags, `OS_*` and clouds.yaml name, with its application
/// credential read from its `secret_store` when it names one.
pub async fn resolve_cloud(global: &GlobalArgs, env: &Environment) -> CliResult<CloudConfig> {
    let cloud = config::resolve(env, &overrides(global))?;
    Ok(crate::store::with_stored_secret(cloud, env).await?)
}

pub fn overrides(g: &GlobalArgs) -> Overrides {
    Overrides {
        cloud: g.os_cloud.first().cloned(),
        auth_url: g.os_auth_url.clone(),
        auth_type: g.os_auth_type.clone(),
        username: g.os_username.clone(),
        user_id: g.os_user_id.clone(),
        user_domain_name: g.os_user_domain_name.clone(),
        user_domain_id: g.os_user_domain_id.clone(),
        project_name: g.os_project_name.clone(),
        project_id: g.os_project_id.clone(),
        project_domain_name: g.os_project_domain_name.clone(),
        project_domain_id: g.os_project_domain_id.clone(),
        domain_name: g.os_domain_name.clone(),
        domain_id: g.os_domain_id.clone(),
        system_scope: g.os_system_scope.clone(),
        region_name: g.os_region_name.clone(),
        interface: g.os_interface.clone(),
        cacert: g.os_cacert.clone(),
        insecure: g.insecure,
        auth_options: g.oidc.options(),
        auth_secrets: g.oidc.secrets(),
    }
}
