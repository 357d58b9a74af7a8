//! The review's warning for a federated (SSO) user, by where the roles on
//! the project come from: the rule and the words of `appcred create`
//! (`keystone::federated`), asked of Keystone when the wizard opens. Until
//! the answer is in, or when Keystone would not list what tells direct
//! roles from group ones, the review says so instead of guessing.

use crate::keystone::federated::{RoleSource, create_warning};

/// What the wizard knows about where the user's roles come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RoleSourceStatus {
    /// A local user (or a token on no project): nothing to warn about.
    #[default]
    NotFederated,
    /// A federated user; Keystone has not answered yet.
    Loading,
    /// Keystone's answer.
    Known(RoleSource),
    /// The lists were refused or failed: Keystone's reason.
    Unknown(String),
}

impl RoleSourceStatus {
    /// The review's warning, if any.
    pub fn warning(&self) -> Option<String> {
        match self {
            RoleSourceStatus::NotFederated => None,
            RoleSourceStatus::Known(source) => create_warning(source),
            RoleSourceStatus::Loading => Some(
                "You logged in through an identity provider (federated user). Checking whether \
                 your roles on this project are direct or come only from its groups (then \
                 Keystone may refuse the credential, or it stops authenticating when the \
                 membership lapses)…"
                    .to_string(),
            ),
            RoleSourceStatus::Unknown(why) => Some(format!(
                "You logged in through an identity provider (federated user), and appcred could \
                 not tell whether your roles on this project are direct or come only from its \
                 groups ({why}). If only from groups, Keystone refuses the credential \
                 (authorization ttl 0) or it stops authenticating when the membership lapses; a \
                 direct role assignment (or a service account) avoids this."
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_for_groups_none_for_a_direct_role_and_unknown_said() {
        assert_eq!(RoleSourceStatus::NotFederated.warning(), None);
        assert_eq!(RoleSourceStatus::Known(RoleSource::Direct).warning(), None);
        let ttl0 = RoleSourceStatus::Known(RoleSource::GroupsOnly { until: None });
        let text = ttl0.warning().unwrap_or_default();
        assert!(text.contains("Keystone will refuse"), "{text}");
        let until = chrono::DateTime::parse_from_rfc3339("2030-01-02T03:04:00Z")
            .map(|t| t.with_timezone(&chrono::Utc))
            .ok();
        let ttl = RoleSourceStatus::Known(RoleSource::GroupsOnly { until });
        let text = ttl.warning().unwrap_or_default();
        assert!(
            text.contains("stop authenticating") && text.contains("2030-01-02 03:04 UTC"),
            "{text}"
        );
        let loading = RoleSourceStatus::Loading.warning().unwrap_or_default();
        assert!(loading.contains("Checking whether"), "{loading}");
        let unknown = RoleSourceStatus::Unknown("403 Forbidden".into())
            .warning()
            .unwrap_or_default();
        assert!(
            unknown.contains("could not tell") && unknown.contains("403 Forbidden"),
            "{unknown}"
        );
    }
}
