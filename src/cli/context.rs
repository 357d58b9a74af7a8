//! What every subcommand starts from: the resolved cloud and one logged-in
//! session whose token is reused for all of the command's requests.

use crate::config::{self, CloudConfig, Environment, Overrides};
use crate::keystone::Session;

use super::args::{Format, GlobalArgs};
use super::error::CliResult;
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
        let cloud = resolve_cloud(&global, &env)?;
        let session = Session::login(&cloud, &TerminalPrompter).await?;
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
    /// `--user NAME|ID` (another user's, where policy allows it: admins).
    pub async fn target_user(&self, user: Option<&str>) -> CliResult<String> {
        match user {
            None => Ok(self.session.user_id()),
            Some(u) => Ok(self.session.find_user(u).await?.id),
        }
    }
}

/// The cloud for these flags: clouds.yaml, secure.yaml, `OS_*`, then flags.
pub fn resolve_cloud(global: &GlobalArgs, env: &Environment) -> CliResult<CloudConfig> {
    Ok(config::resolve(env, &overrides(global))?)
}

pub fn overrides(g: &GlobalArgs) -> Overrides {
    Overrides {
        cloud: g.os_cloud.clone(),
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
    }
}
