//! Each bad input gives a clear error naming the place and the fix, and no
//! error ever carries a secret.

use super::{Sandbox, assert_mentions, cloud};
use crate::config::{ConfigError, Overrides};

const SECRET: &str = "hunter2-do-not-print";

fn err_for(clouds_yaml: &str, flags: &Overrides) -> (Sandbox, String) {
    let sb = Sandbox::new();
    sb.write("cwd/clouds.yaml", clouds_yaml);
    let e = sb.resolve_err(flags);
    (sb, e)
}

#[test]
fn yaml_syntax_error_names_file_line_and_column() {
    let (_, e) = err_for(
        "clouds:\n  a:\n    auth:\n      password: hunter2-do-not-print\n     bad: [\n",
        &cloud("a"),
    );
    assert_mentions(&e, &["cwd/clouds.yaml", "line 5", "column", "invalid YAML"]);
    assert!(!e.contains(SECRET), "{e}");
}

#[test]
fn json_syntax_error_names_file_line_and_column() {
    let sb = Sandbox::new();
    sb.write(
        "cwd/clouds.json",
        "{\"clouds\": {\n  \"a\": {\"auth\": }\n}}",
    );
    let e = sb.resolve_err(&Overrides::default());
    assert_mentions(&e, &["cwd/clouds.json", "line 2", "column", "invalid JSON"]);
}

#[test]
fn a_directory_where_the_file_should_be() {
    let sb = Sandbox::new();
    sb.mkdir("cwd/clouds.yaml");
    let e = sb.resolve(&Overrides::default());
    assert!(matches!(e, Err(ConfigError::IsDirectory { .. })), "{e:?}");
    let sb = Sandbox::new();
    sb.mkdir("cwd/secure.yaml");
    assert_mentions(
        &sb.resolve_err(&Overrides::default()),
        &["secure.yaml", "directory"],
    );
}

#[cfg(unix)]
#[test]
fn an_unreadable_file() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    let p = sb.write("cwd/clouds.yaml", "clouds: {}");
    if let Err(e) = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)) {
        panic!("chmod: {e}");
    }
    if std::fs::read(&p).is_ok() {
        // Running as root, where permissions stop nothing: use a file that
        // exists but that no one can read (reading address 0 fails).
        let sb = Sandbox::new().var("OS_CLIENT_CONFIG_FILE", "/proc/self/mem");
        assert_mentions(
            &sb.resolve_err(&Overrides::default()),
            &["cannot read", "/proc/self/mem"],
        );
        return;
    }
    let e = sb.resolve_err(&Overrides::default());
    assert_mentions(&e, &["cannot read", "cwd/clouds.yaml", "readable"]);
}

#[test]
fn an_endless_file_is_refused() {
    let sb = Sandbox::new().var("OS_CLIENT_CONFIG_FILE", "/dev/zero");
    assert_mentions(
        &sb.resolve_err(&Overrides::default()),
        &["/dev/zero", "16 MiB"],
    );
}

#[test]
fn empty_and_comment_only_files() {
    for text in ["", "  \n", "# nothing here\n"] {
        let (_, e) = err_for(text, &Overrides::default());
        assert_mentions(&e, &["cwd/clouds.yaml is empty", "clouds:"]);
    }
}

#[test]
fn not_utf8() {
    let sb = Sandbox::new();
    let p = sb.root().join("cwd/clouds.yaml");
    if let Err(e) = std::fs::write(&p, b"clouds: {a: \xff\xfe}") {
        panic!("write: {e}");
    }
    assert_mentions(&sb.resolve_err(&Overrides::default()), &["UTF-8"]);
}

#[test]
fn top_level_and_sections_must_be_mappings() {
    let (_, e) = err_for("- a\n- b\n", &Overrides::default());
    assert_mentions(&e, &["top level must be a mapping", "a list"]);
    let (_, e) = err_for("clouds: 5\n", &Overrides::default());
    assert_mentions(&e, &["`clouds` must be a mapping", "a number"]);
    let (_, e) = err_for("clouds: {a: just-a-string}\n", &cloud("a"));
    assert_mentions(&e, &["cloud `a`", "a mapping of settings", "a string"]);
}

#[test]
fn wrong_types_name_the_cloud_key_and_file_but_not_the_value() {
    let table: &[(&str, &[&str])] = &[
        (
            "auth: 5",
            &["cloud `a`", "cwd/clouds.yaml", "`auth`", "a number"],
        ),
        (
            "auth: {auth_url: u, password: [hunter2-do-not-print]}",
            &["`password`", "a string", "a list"],
        ),
        (
            "auth: {auth_url: u}\n    verify: hunter2-do-not-print",
            &["`verify`", "true or false"],
        ),
        (
            "auth: {auth_url: u}\n    api_timeout: soon",
            &["`api_timeout`", "seconds"],
        ),
        (
            "auth: {auth_url: u}\n    regions: {x: 1}",
            &["`regions`", "a list"],
        ),
        (
            "auth: {auth_url: u}\n    regions: [{name: r, extra: 1}]",
            &["entry 1 of `regions`", "other than"],
        ),
        (
            "auth: {auth_url: {nested: hunter2-do-not-print}}",
            &["`auth_url`", "a mapping"],
        ),
    ];
    for (yaml, needles) in table {
        let (_, e) = err_for(&format!("clouds:\n  a:\n    {yaml}\n"), &cloud("a"));
        assert_mentions(&e, needles);
        assert!(!e.contains(SECRET), "{e}");
    }
}

#[test]
fn unknown_cloud_names_it_the_known_ones_and_the_files_searched() {
    let (sb, e) = err_for("clouds: {one: {}, two: {}}", &cloud("three"));
    let home = sb
        .root()
        .join("home/.config/openstack/clouds.{yaml,yml,json}");
    assert_mentions(
        &e,
        &[
            "`three` not found",
            "one, two",
            "Searched",
            &home.display().to_string(),
            "--os-cloud",
        ],
    );
}

#[test]
fn several_clouds_and_none_chosen() {
    let (_, e) = err_for("clouds: {one: {}, two: {}}", &Overrides::default());
    assert_mentions(&e, &["one, two", "--os-cloud", "OS_CLOUD"]);
}

#[test]
fn nothing_configured_at_all() {
    let sb = Sandbox::new();
    let e = sb.resolve_err(&Overrides::default());
    assert_mentions(&e, &["no cloud is configured", "Searched", "--os-auth-url"]);
}

#[test]
fn unknown_profile_names_it_and_the_file() {
    let (sb, e) = err_for("clouds: {a: {profile: acme}}", &cloud("a"));
    assert_mentions(
        &e,
        &[
            "profile `acme`",
            "no clouds-public file",
            "clouds-public.yaml",
        ],
    );
    sb.user_file("clouds-public.yaml", "public-clouds: {other: {}}");
    let e = sb.resolve_err(&cloud("a"));
    assert_mentions(
        &e,
        &[
            "profile `acme`",
            "home/.config/openstack/clouds-public.yaml",
        ],
    );
}

#[test]
fn unknown_auth_type_lists_the_supported_ones() {
    let (_, e) = err_for(
        "clouds: {a: {auth_type: v3oidc, auth: {auth_url: u}}}",
        &cloud("a"),
    );
    assert_mentions(
        &e,
        &[
            "`v3oidc`",
            "v3applicationcredential",
            "v3multifactor",
            "--os-auth-type",
        ],
    );
}

#[test]
fn missing_auth_url_says_where_to_set_it() {
    let (_, e) = err_for("clouds: {a: {auth: {username: u}}}", &cloud("a"));
    assert_mentions(
        &e,
        &[
            "`a` has no auth_url",
            "auth_url",
            "OS_AUTH_URL",
            "--os-auth-url",
        ],
    );
}

#[test]
fn unknown_region_lists_the_cloud_regions() {
    let sb = Sandbox::new();
    sb.write(
        "cwd/clouds.yaml",
        "clouds: {a: {auth: {auth_url: u}, regions: [R1, R2]}}",
    );
    let mut o = cloud("a");
    o.region_name = Some("R3".into());
    assert_mentions(&sb.resolve_err(&o), &["`R3`", "R1, R2"]);
}

#[test]
fn a_file_cloud_named_like_the_envvars_cloud() {
    let sb = Sandbox::new().var("OS_AUTH_URL", "https://env/v3");
    sb.write(
        "cwd/clouds.yaml",
        "clouds: {envvars: {auth: {auth_url: u}}}",
    );
    assert_mentions(
        &sb.resolve_err(&Overrides::default()),
        &["`envvars`", "OS_CLOUD_NAME"],
    );
}

#[test]
fn secrets_never_appear_in_debug_output() {
    let sb = Sandbox::new().var("OS_PASSWORD", SECRET);
    sb.write(
        "cwd/clouds.yaml",
        "clouds: {a: {auth: {auth_url: u, password: hunter2-do-not-print, token: hunter2-do-not-print, \
         application_credential_secret: hunter2-do-not-print}}}",
    );
    let c = sb.resolve_ok(&cloud("a"));
    let debug = format!("{c:?} {:?}", sb.env);
    assert!(!debug.contains(SECRET), "{debug}");
}

#[test]
fn a_control_character_is_reported_where_it_is() {
    let (_, e) = err_for(
        "clouds:\n  a:\n    auth:\n      auth_url: http://k/v3\n      username: \u{7}bob\n",
        &cloud("a"),
    );
    assert_mentions(&e, &["cwd/clouds.yaml", "line 5", "column 17", "control"]);
}

#[test]
fn an_empty_or_comments_only_secure_yaml_is_accepted() {
    for secure in ["", "\n\n", "# nothing here yet\n# (passwords later)\n"] {
        let sb = Sandbox::new();
        sb.write(
            "cwd/clouds.yaml",
            "clouds:\n  a:\n    auth:\n      auth_url: http://k/v3\n      username: bob\n      user_domain_name: Default\n      password: x\n",
        );
        sb.write("cwd/secure.yaml", secure);
        let r = sb.resolve(&cloud("a"));
        assert!(
            r.is_ok(),
            "{secure:?}: {:?}",
            r.err().map(|e| e.to_string())
        );
    }
}

/// Issue 24, finding 11: a key twice in one cloud is reported at the
/// second key's own line, naming the first.
#[test]
fn a_duplicate_key_is_reported_at_its_own_line() {
    let (_, e) = err_for(
        "clouds:\n  a:\n    auth:\n      username: x\n    region_name: r\n    auth:\n      username: y\n",
        &cloud("a"),
    );
    assert_mentions(
        &e,
        &["line 6", "\"auth\"", "first entry is at line 3", "Keep one"],
    );
    assert!(!e.contains("tab used"), "{e}");
}

/// Issue 24, finding 11: an anchor bomb is named as such, at its first
/// anchor, not "line 0, column 0" with a hint about tabs.
#[test]
fn an_anchor_bomb_is_named_as_such() {
    let mut bomb = String::from("clouds:\n  x:\n    auth: {}\n");
    bomb.push_str(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, this) = (pair[0], pair[1]);
        let alias = format!("*{prev}");
        let list = [alias.as_str(); 9].join(",");
        bomb.push_str(&format!("{this}: &{this} [{list}]\n"));
    }
    let (_, e) = err_for(&bomb, &cloud("x"));
    assert_mentions(&e, &["anchor bomb", "line 4", "aliases"]);
    assert!(!e.contains("line 0") && !e.contains("tab used"), "{e}");
}
