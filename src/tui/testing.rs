//! Fixtures for the TUI's unit and snapshot tests: a fixed clock, fake ids,
//! a logged-in model. Nothing here talks to Keystone.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::keystone::{
    AccessRule, ApplicationCredential, CatalogService, Domain, DomainRef, HeldRole, Project,
    RoleOrigin, RoleRef, Scope, TokenInfo, UserRef,
};
use crate::tui::model::{Model, Screen};
use crate::tui::msg::{ExportInfo, ScopeChoices, SessionInfo};
use crate::tui::theme::Theme;

/// 2026-11-25 12:00 UTC: every snapshot is drawn at this instant.
pub fn now() -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(12, 0, 0))
        .map(|n| n.and_utc())
        .unwrap_or_default()
}

pub fn role(id: &str, name: &str) -> RoleRef {
    RoleRef {
        id: id.to_string(),
        name: name.to_string(),
    }
}

/// A credential with a fake id derived from its name.
pub fn credential(name: &str, expires_in_days: Option<i64>) -> ApplicationCredential {
    ApplicationCredential {
        id: format!("id-{name}"),
        name: name.to_string(),
        description: None,
        user_id: Some("u0000000000000000000000000000001".to_string()),
        project_id: Some("p0000000000000000000000000000001".to_string()),
        roles: vec![role("r-member", "member")],
        unrestricted: None,
        expires_at: expires_in_days.map(|d| now() + Duration::days(d)),
        access_rules: None,
    }
}

/// Five credentials covering every expiry state and flag.
pub fn credentials() -> Vec<ApplicationCredential> {
    let mut ci = credential("ci-pipeline", Some(12));
    ci.id = "a1000000000000000000000000000001".to_string();
    ci.roles = vec![role("r-member", "member"), role("r-reader", "reader")];
    ci.description = Some("GitLab runners deploy with this".to_string());
    let mut backup = credential("backup-nightly", Some(-3));
    backup.id = "a1000000000000000000000000000002".to_string();
    let mut terraform = credential("terraform", None);
    terraform.id = "a1000000000000000000000000000003".to_string();
    terraform.unrestricted = Some(true);
    terraform.access_rules = Some(vec![
        AccessRule {
            id: Some("rule-1".to_string()),
            service: "compute".to_string(),
            method: "GET".to_string(),
            path: "/v2.1/servers/**".to_string(),
        },
        AccessRule {
            id: Some("rule-2".to_string()),
            service: "image".to_string(),
            method: "GET".to_string(),
            path: "/v2/images".to_string(),
        },
    ]);
    let mut monitoring = credential("monitoring", Some(90));
    monitoring.id = "a1000000000000000000000000000004".to_string();
    monitoring.roles = vec![role("r-reader", "reader")];
    let mut old = credential("old-deploy", Some(-40));
    old.id = "a1000000000000000000000000000005".to_string();
    vec![ci, backup, terraform, monitoring, old]
}

pub fn token(scope: Scope) -> TokenInfo {
    TokenInfo {
        user: UserRef {
            id: "u0000000000000000000000000000001".to_string(),
            name: "demo".to_string(),
            domain: Some(DomainRef {
                id: "default".to_string(),
                name: "Default".to_string(),
            }),
            federation: None,
        },
        scope,
        roles: vec![role("r-member", "member"), role("r-reader", "reader")],
        methods: vec!["password".to_string()],
        issued_at: now(),
        expires_at: now() + Duration::hours(1),
        catalog: ["identity", "compute", "image"]
            .into_iter()
            .map(|t| CatalogService {
                service_type: t.to_string(),
                name: None,
                endpoints: Vec::new(),
            })
            .collect(),
        application_credential: None,
    }
}

pub fn project_scope(id: &str, name: &str) -> Scope {
    Scope::Project {
        id: id.to_string(),
        name: name.to_string(),
        domain: DomainRef {
            id: "default".to_string(),
            name: "Default".to_string(),
        },
    }
}

pub fn session() -> SessionInfo {
    SessionInfo {
        cloud: "devstack".to_string(),
        user_id: "u0000000000000000000000000000001".to_string(),
        token: token(project_scope("p0000000000000000000000000000001", "demo")),
        export: ExportInfo {
            cloud_name: "devstack".to_string(),
            auth_url: "http://keystone.test:5000/v3".to_string(),
            region_name: Some("RegionOne".to_string()),
            interface: "public".to_string(),
            cacert: None,
            clouds_file: None,
            home: Some("/home/demo".into()),
        },
    }
}

pub fn scope_choices() -> ScopeChoices {
    let project = |id: &str, name: &str| Project {
        id: id.to_string(),
        name: name.to_string(),
        domain_id: Some("default".to_string()),
        description: None,
        enabled: true,
    };
    ScopeChoices {
        projects: vec![
            project("p0000000000000000000000000000001", "demo"),
            project("p0000000000000000000000000000002", "alt-demo"),
            project("p0000000000000000000000000000003", "admin"),
        ],
        domains: vec![Domain {
            id: "default".to_string(),
            name: "Default".to_string(),
            description: None,
            enabled: true,
        }],
        system: true,
    }
}

pub fn held_roles() -> Vec<HeldRole> {
    vec![
        HeldRole {
            id: "r-member".to_string(),
            name: "member".to_string(),
            origin: RoleOrigin::Direct,
        },
        HeldRole {
            id: "r-reader".to_string(),
            name: "reader".to_string(),
            origin: RoleOrigin::Implied {
                by: "member".to_string(),
            },
        },
    ]
}

/// A model logged in to "devstack" on project demo, with [`credentials`].
pub fn logged_in(width: u16, height: u16) -> Model {
    let mut model = Model::new(now(), Theme { color: true }, width, height);
    model.ctx.local_text = crate::expiry::utc_text;
    model.screen = Screen::Main;
    model.session = Some(session());
    model.requests_sent = 4;
    model.table.set_items(credentials());
    model.table.recount(now());
    model.scopes.set_choices(scope_choices());
    let scope = session().token.scope;
    model.scopes.select_current(&scope, 10);
    model.roles = held_roles();
    model.roles_status = crate::tui::screens::wizard::RolesStatus::Loaded;
    model
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

pub fn char_key(c: char) -> KeyEvent {
    let modifiers = if c.is_ascii_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), modifiers)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Hands the model a worker's `reply` to the request `tag`.
pub fn reply(
    model: &mut Model,
    tag: crate::tui::msg::Tag,
    reply: crate::tui::msg::Reply,
) -> Vec<crate::tui::msg::Effect> {
    crate::tui::update::update(
        model,
        crate::tui::msg::Msg::Reply {
            tag,
            requests_sent: None,
            reply,
        },
    )
}

/// Draws the model on a fresh test terminal of its size.
pub fn draw(model: &Model) -> Terminal<TestBackend> {
    let backend = TestBackend::new(model.width, model.height);
    let mut terminal = match Terminal::new(backend) {
        Ok(t) => t,
        Err(e) => panic!("test terminal: {e}"),
    };
    if let Err(e) = terminal.draw(|f| crate::tui::view::view(model, f)) {
        panic!("draw: {e}");
    }
    terminal
}

/// A drawn screen (a `TestBackend`'s text) as one line: each row without
/// its quotes, borders and padding, joined by a space, so a sentence
/// wrapped over rows reads whole (and a cut one does not).
pub fn flat(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '"' || c == '│' || c == ' '))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The shared context of a test: the fixed clock, the default palette,
/// default settings and `local_text` for the user's zone.
pub fn context_with(local_text: fn(DateTime<Utc>) -> String) -> crate::tui::context::Context {
    let mut ctx = crate::tui::context::Context::new(now(), crate::tui::theme::Palette::default());
    ctx.local_text = local_text;
    ctx
}

/// A clouds.yaml entry in Ada's clouds.yaml that uses `ci-pipeline`'s id
/// (the credential a rotation test replaces).
pub fn cloud_entry(cloud: &str) -> crate::export::EntryRef {
    let at = |key: &str| crate::export::ValueAt {
        file: std::path::PathBuf::from("/home/ada/.config/openstack/clouds.yaml"),
        keys: ["clouds", cloud, "auth", key].map(String::from).to_vec(),
    };
    crate::export::EntryRef {
        cloud_name: cloud.to_string(),
        old_id: "a1000000000000000000000000000001".to_string(),
        id_at: vec![at("application_credential_id")],
        secret_at: vec![at("application_credential_secret")],
    }
}
