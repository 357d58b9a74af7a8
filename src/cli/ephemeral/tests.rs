use super::*;

#[test]
fn the_description_names_the_command_without_its_path_or_arguments() {
    let d = description("alice", "build-7", OsStr::new("/usr/bin/terraform"));
    assert_eq!(
        d,
        "appcred exec --ephemeral by alice on build-7 for terraform"
    );
    let d = description("al\u{200b}ice", "h", OsStr::new("sh"));
    assert_eq!(d, "appcred exec --ephemeral for sh");
}

#[test]
fn a_missing_command_is_127_and_a_present_one_is_found() {
    assert_eq!(
        program::check(OsStr::new("no-such-command-appcred"))
            .err()
            .map(|e| e.code),
        Some(127)
    );
    assert_eq!(
        program::check(OsStr::new("/nonexistent/x"))
            .err()
            .map(|e| e.code),
        Some(127)
    );
    assert!(program::check(OsStr::new("sh")).is_ok());
}

#[test]
fn the_ttl_is_refused_over_the_limit_and_at_zero() {
    let env = Environment::default();
    assert_eq!(check_ttl("30m", &env).ok(), Some(Duration::minutes(30)));
    assert_eq!(check_ttl("24h", &env).ok(), Some(Duration::hours(24)));
    for bad in ["25h", "2d", "0m", "soon"] {
        assert_eq!(check_ttl(bad, &env).err().map(|e| e.code), Some(2), "{bad}");
    }
}
