//! Issue 12: the unscoped federated token in the token cache, through the
//! real SSO chain (support/sso.rs). A second `appcred` process on another
//! project, project id or with `scopes` rescopes the cached unscoped token:
//! no device code, no request to the identity provider, no federation
//! exchange (the binary's debug log lists every request it sent). With the
//! cache off it asks again; a revoked unscoped token costs one fresh login;
//! a misspelt project costs none; `logout` revokes both tokens. And the
//! wizard's federated warning for bob (a direct role: none) and a group-only
//! user (a warning), from a login taken from the cache. Each test has a
//! session keyring of its own (support/token_cache.rs).

use crate::support as common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::sso::{Bed, Out, bed, bed_alone, home, run_watching};
use crate::support::token_cache::{
    CachedKey, cached_keys, fresh_session_keyring, kernel_timeout, logged_requests,
};

const LIMIT: Duration = Duration::from_secs(120);
const LIST: &[&str] = &["list", "-f", "json"];
const FEDERATED: &str = "appcred:token:federated:";

/// One `appcred` process: what it printed, how many device codes it showed,
/// and the requests its debug log lists.
struct Run {
    out: Out,
    codes: usize,
    log: PathBuf,
}

impl Run {
    fn requests(&self) -> Vec<String> {
        logged_requests(&self.log)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Succeeded with no device code, no identity provider request and no
    /// federation exchange.
    fn stayed_at_keystone(&self) -> &Self {
        self.out.ok();
        assert_eq!(
            self.codes,
            0,
            "a device code was shown\n{}",
            self.out.show()
        );
        assert!(
            !self.out.stderr.contains("/device") && !self.out.stderr.contains("enter the code"),
            "{}",
            self.out.show()
        );
        let requests = self.requests();
        assert!(
            !requests.is_empty(),
            "no request logged: {}",
            self.log_text()
        );
        for r in &requests {
            assert!(
                r.contains(" /v3/") && !r.contains("OS-FEDERATION"),
                "not a plain Keystone request: {r}\n{requests:#?}"
            );
        }
        self
    }
}

/// How to run: the token cache on or off, and who approves device codes
/// (None: nobody; a code shown then ends the process at once).
struct How<'a> {
    cache: bool,
    approve_as: Option<&'a str>,
}

const CACHED_NOBODY: How = How {
    cache: true,
    approve_as: None,
};
const CACHED_ALICE: How = How {
    cache: true,
    approve_as: Some("alice"),
};

/// One test's bed, HOME and (joined on creation) session keyring.
struct Case {
    bed: Bed,
    home: tempfile::TempDir,
}

/// None (the reason printed) where no SSO bed runs.
fn case() -> Option<Case> {
    case_on(bed()?)
}

/// [`case()`] on the bed alone (support::sso::bed_alone): for a test that
/// sets the identity provider's ttl.
fn case_alone() -> Option<Case> {
    case_on(bed_alone()?)
}

fn case_on(bed: Bed) -> Option<Case> {
    fresh_session_keyring();
    Some(Case { bed, home: home() })
}

impl Case {
    /// `appcred --os-cloud CLOUD -v --log-file HOME/NAME.log ARGS`, bounded.
    fn run(&self, name: &str, cloud: &str, args: &[&str], how: How) -> Run {
        run(&self.bed, self.home.path(), name, cloud, args, how)
    }

    /// [`Case::run`] with `--os-project-name sso-project-2`: not the cloud's
    /// own project.
    fn on_project_2(&self, name: &str, cloud: &str, args: &[&str], how: How) -> Run {
        let mut all = vec!["--os-project-name", "sso-project-2"];
        all.extend_from_slice(args);
        self.run(name, cloud, &all, how)
    }

    /// The first device login, approved: a scoped and an unscoped token cached.
    fn first_device_login(&self) -> Run {
        let first = self.run("first", "sso-device", LIST, CACHED_ALICE);
        first.out.ok();
        assert_eq!(first.codes, 1, "{}", first.out.show());
        assert_eq!(scoped_keys(), 1, "the scoped token is cached");
        the_unscoped_key();
        first
    }
}

fn run(bed: &Bed, home: &Path, name: &str, cloud: &str, args: &[&str], how: How) -> Run {
    let log = home.join(format!("{name}.log"));
    let mut cmd = bed.appcred(home);
    if how.cache {
        cmd.env_remove("APPCRED_TOKEN_CACHE");
    }
    cmd.args(["--os-cloud", cloud, "-v", "--log-file"])
        .arg(&log)
        .args(args);
    let mut codes = 0;
    let out = run_watching(cmd, LIMIT, |line, child| {
        if let Some(code) = line.split("enter the code ").nth(1) {
            codes += 1;
            match how.approve_as {
                Some(user) => {
                    bed.sso(&["approve", code.trim(), user]);
                }
                None => {
                    let _ = child.kill();
                }
            }
        }
    });
    Run { out, codes, log }
}

fn federated_keys() -> Vec<CachedKey> {
    cached_keys()
        .into_iter()
        .filter(|k| k.description.starts_with(FEDERATED))
        .collect()
}

fn the_unscoped_key() -> CachedKey {
    let mut keys = federated_keys();
    assert_eq!(keys.len(), 1, "unscoped federated keys: {}", keys.len());
    keys.remove(0)
}

fn scoped_keys() -> usize {
    cached_keys().len() - federated_keys().len()
}

/// `METHOD /v3/auth/tokens` on `token` as the bed's Keystone admin, straight
/// to Keystone (GET validates, DELETE revokes): the status.
fn as_admin_on_token(bed: &Bed, method: reqwest::Method, token: &str) -> u16 {
    let keystone = bed.about["keystone"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let password = std::fs::read_to_string(bed.dir.join("keystone/run/admin-password"))
        .expect("the bed's admin password");
    common::block_on(async {
        let http = common::http();
        let body = serde_json::json!({"auth": {"identity": {"methods": ["password"],
            "password": {"user": {"name": "admin", "domain": {"id": "default"},
            "password": password.trim()}}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}});
        let login = http
            .post(format!("{keystone}/auth/tokens"))
            .json(&body)
            .send()
            .await
            .expect("admin login");
        let admin = login
            .headers()
            .get("x-subject-token")
            .and_then(|v| v.to_str().ok())
            .expect("an admin token")
            .to_string();
        http.request(method, format!("{keystone}/auth/tokens"))
            .header("X-Auth-Token", admin)
            .header("X-Subject-Token", token)
            .send()
            .await
            .expect("Keystone answers")
            .status()
            .as_u16()
    })
}

/// Keystone behind memcached may accept a revoked token for a moment: wait,
/// bounded, until it refuses it several times in a row.
fn wait_until_refused(bed: &Bed, token: &str) {
    let start = Instant::now();
    let mut refusals = 0;
    while refusals < 6 {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "Keystone still accepts the revoked token after 30 s"
        );
        match as_admin_on_token(bed, reqwest::Method::GET, token) {
            401 | 404 => refusals += 1,
            _ => {
                refusals = 0;
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    }
}

#[test]
fn another_project_id_and_scopes_rescope_the_cached_federated_token() {
    let Some(c) = case() else { return };
    let first = c.first_device_login();
    let unscoped = the_unscoped_key();
    let scoped = cached_keys()
        .into_iter()
        .find(|k| !k.description.starts_with(FEDERATED))
        .expect("the scoped key");
    // The same protections as a scoped token: its owner only, a kernel
    // timeout, and it does not open one project only (no scope kept with it).
    assert_eq!(unscoped.perms, 0x012c_0000, "perms {:08x}", unscoped.perms);
    assert_eq!(unscoped.perms, scoped.perms);
    let timeout = kernel_timeout(unscoped.id);
    assert!(
        timeout != "perm" && (timeout.ends_with('m') || timeout.ends_with('h')),
        "the kernel forgets the key by itself: timeout {timeout:?}"
    );
    assert_eq!(unscoped.value["kind"], "unscoped-federated");
    assert!(
        unscoped.value.get("scope").is_none(),
        "{:?}",
        unscoped.value
    );
    assert_ne!(unscoped.token(), scoped.token());
    let log = first.log_text();
    assert!(log.contains("unscoped federated token stored"), "{log}");

    // Another project: a rescope, nothing else.
    let second = c.on_project_2("second", "sso-device", LIST, CACHED_NOBODY);
    second.stayed_at_keystone();
    assert!(
        second
            .log_text()
            .contains("using the cached unscoped federated token"),
        "{}",
        second.log_text()
    );
    assert!(second.requests()[0].starts_with("POST /v3/auth/tokens 201"));
    assert!(second.out.json().is_array(), "{}", second.out.show());
    assert_eq!(scoped_keys(), 2, "the new scope is cached too");
    assert_eq!(
        the_unscoped_key().token(),
        unscoped.token(),
        "kept, not replaced"
    );

    // `scopes` on the other project by id: likewise.
    let project_2 = c.bed.project_id("sso-project-2");
    let scopes = c.run(
        "scopes",
        "sso-device",
        &["--os-project-id", &project_2, "scopes", "-f", "json"],
        CACHED_NOBODY,
    );
    scopes.stayed_at_keystone();
    let list = scopes.out.json();
    let current: Vec<&serde_json::Value> = list
        .as_array()
        .map(|a| a.iter().filter(|s| s["current"] == true).collect())
        .unwrap_or_default();
    assert_eq!(current.len(), 1, "{}", scopes.out.show());
    assert_eq!(current[0]["id"], project_2.as_str());

    // The same project again: the scoped token itself, one request.
    let again = c.on_project_2("again", "sso-device", LIST, CACHED_NOBODY);
    again.stayed_at_keystone();
    assert_eq!(again.requests().len(), 1, "{:?}", again.requests());

    // No token in any file this run wrote (its debug logs included).
    let needles = [unscoped.token(), scoped.token()];
    for entry in std::fs::read_dir(c.home.path())
        .expect("read HOME")
        .flatten()
    {
        let text = std::fs::read(entry.path()).unwrap_or_default();
        for n in &needles {
            assert!(
                !text.windows(n.len()).any(|w| w == n.as_bytes()),
                "a token in {}",
                entry.path().display()
            );
        }
    }

    // logout: both tokens revoked at Keystone and gone from the keyring.
    let out = c.run("logout", "sso-device", &["logout"], CACHED_NOBODY);
    out.out.ok().stderr_has(&[
        "revoked the cached token",
        "revoked the cached federated (unscoped) token",
    ]);
    assert!(
        federated_keys().is_empty(),
        "the unscoped token is forgotten"
    );
    wait_until_refused(&c.bed, &unscoped.token());
}

#[test]
fn client_credentials_second_process_skips_the_token_endpoint() {
    let Some(c) = case() else { return };
    let first = c.run("first", "sso-client", &["list"], CACHED_NOBODY);
    first.out.ok();
    let requests = first.requests();
    assert!(
        requests.iter().any(|r| r.starts_with("POST /token 200")),
        "the first login asks the identity provider: {requests:#?}"
    );
    assert!(
        requests.iter().any(|r| r.contains("OS-FEDERATION")),
        "{requests:#?}"
    );
    let second = c.on_project_2(
        "second",
        "sso-client",
        &["scopes", "-f", "json"],
        CACHED_NOBODY,
    );
    second.stayed_at_keystone();
    assert!(
        second.out.stdout.contains("sso-project-2"),
        "{}",
        second.out.show()
    );
}

#[test]
fn with_the_cache_off_another_project_asks_the_identity_provider_again() {
    let Some(c) = case() else { return };
    c.first_device_login();
    let before = cached_keys().len();
    for (name, flag) in [("env-off", None), ("flag-off", Some("--no-cache"))] {
        let mut args = vec!["--os-project-name", "sso-project-2", "list", "-f", "json"];
        if let Some(f) = flag {
            args.insert(0, f);
        }
        let how = How {
            cache: flag.is_some(),
            approve_as: Some("alice"),
        };
        let off = c.run(name, "sso-device", &args, how);
        off.out.ok().stderr_has(&["enter the code "]);
        assert_eq!(off.codes, 1, "{}", off.out.show());
        assert!(
            !off.log_text().contains("using the cached unscoped"),
            "{}",
            off.log_text()
        );
        assert_eq!(
            cached_keys().len(),
            before,
            "nothing cached with the cache off"
        );
    }
}

#[test]
fn a_revoked_unscoped_token_costs_one_fresh_login() {
    let Some(c) = case() else { return };
    c.first_device_login();
    let old = the_unscoped_key();
    assert_eq!(
        as_admin_on_token(&c.bed, reqwest::Method::DELETE, &old.token()),
        204,
        "revoking the cached unscoped token"
    );
    wait_until_refused(&c.bed, &old.token());

    let second = c.on_project_2("second", "sso-device", LIST, CACHED_ALICE);
    second.out.ok();
    assert_eq!(
        second.codes,
        1,
        "exactly one fresh login\n{}",
        second.out.show()
    );
    assert!(
        second
            .log_text()
            .contains("the kept unscoped token was refused"),
        "{}",
        second.log_text()
    );
    let new = the_unscoped_key();
    assert_eq!(new.description, old.description, "the same cloud");
    assert_ne!(new.token(), old.token(), "the refused token is replaced");

    // And the next process rescopes the new one.
    let project_2 = c.bed.project_id("sso-project-2");
    let third = c.run(
        "third",
        "sso-device",
        &["--os-project-id", &project_2, "list"],
        CACHED_NOBODY,
    );
    third.stayed_at_keystone();
}

#[test]
fn a_project_the_user_lacks_costs_no_login_and_keeps_the_token() {
    let Some(c) = case() else { return };
    c.first_device_login();
    let kept = the_unscoped_key();
    let wrong = c.run(
        "wrong",
        "sso-device",
        &["--os-project-name", "no-such-project", "list"],
        CACHED_NOBODY,
    );
    wrong.out.failed();
    assert_eq!(wrong.codes, 0, "{}", wrong.out.show());
    assert_eq!(the_unscoped_key().token(), kept.token(), "still cached");
    assert!(
        wrong.log_text().contains("the scope was refused"),
        "{}",
        wrong.log_text()
    );
}

/// The wizard's warning on the real bed: what its effect asks Keystone
/// (`federated_role_source_or_why`) and how its review words the answer.
/// bob holds a direct role on sso-project: no warning; the service account
/// of sso-client has the identity provider's group only: a warning. bob's
/// login is `appcred login` by device code, then taken from the cache.
/// The bed alone at ttl 0: Keystone then counts no stored membership (it
/// computes their expiry with the ttl when read, sso_lapse.rs), so the
/// service account's roles are the groups' only, whatever logins before
/// stored; an `Unclear` answer would be a wrong one.
#[test]
fn the_wizards_warning_for_a_direct_role_and_for_group_roles() {
    use appcred::keystone::federated::RoleSource;
    use appcred::keystone::{NoPrompt, Session};
    use appcred::tui::screens::wizard::RoleSourceStatus;

    let Some(c) = case_alone() else { return };
    c.bed.sso(&["ttl", "0"]);
    let bob = How {
        cache: true,
        approve_as: Some("bob"),
    };
    c.run("bob", "sso-device", &["login"], bob).out.ok();
    let source = |cloud: &str| {
        let cloud = sso_cloud(&c.bed, cloud);
        // On this thread: its session keyring holds bob's cached token.
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        rt.block_on(async move {
            let session = Session::login_cached(&cloud, std::sync::Arc::new(NoPrompt))
                .await
                .expect("log in");
            session
                .federated_role_source_or_why()
                .await
                .expect("answered")
        })
    };
    let direct = source("sso-device");
    assert_eq!(direct, RoleSource::Direct);
    assert_eq!(RoleSourceStatus::Known(direct).warning(), None);
    let groups = source("sso-client");
    assert!(
        matches!(groups, RoleSource::GroupsOnly { .. }),
        "{groups:?}"
    );
    let warning = RoleSourceStatus::Known(groups)
        .warning()
        .unwrap_or_default();
    assert!(warning.contains("groups"), "{warning}");
}

/// The bed's cloud `name`, resolved as appcred resolves it.
fn sso_cloud(bed: &Bed, name: &str) -> appcred::config::CloudConfig {
    let vars = [
        ("OS_CLIENT_CONFIG_FILE", bed.clouds.display().to_string()),
        (
            "OS_CLIENT_SECURE_FILE",
            bed.dir.join("secure.yaml").display().to_string(),
        ),
    ];
    let env = appcred::config::Environment {
        vars: vars.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        cwd: bed.dir.clone(),
        home: None,
    };
    let overrides = appcred::config::Overrides {
        cloud: Some(name.to_string()),
        ..Default::default()
    };
    appcred::config::resolve(&env, &overrides).expect("the bed's clouds.yaml")
}
