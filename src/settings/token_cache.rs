//! Whether this run keeps its token in the kernel keyring (the token cache):
//! one rule for both front ends, so `--no-cache`, `APPCRED_TOKEN_CACHE` and
//! `token_cache = false` mean the same to a command and to the terminal UI
//! (and to the fleet's background logins of either).

use crate::config::Environment;

/// Why the token cache is off for this run, or None when it is on (the
/// default): `--no-cache` (`no_cache_flag`), `APPCRED_TOKEN_CACHE=off` (or
/// 0, false, no), or `token_cache = false` in config.toml. A config.toml
/// whose top-level settings do not parse turns it off too: it may be the
/// file that says so (the TUI's `[keys]` and `[colours]` are not read here).
pub fn token_cache_off(no_cache_flag: bool, env: &Environment) -> Option<&'static str> {
    if no_cache_flag {
        return Some("--no-cache");
    }
    let var = env
        .var("APPCRED_TOKEN_CACHE")
        .map(|v| v.trim().to_ascii_lowercase());
    if var.is_some_and(|v| matches!(v.as_str(), "off" | "0" | "false" | "no")) {
        return Some("APPCRED_TOKEN_CACHE");
    }
    match super::load_shared(env) {
        Ok(s) if !s.token_cache => Some("token_cache = false in config.toml"),
        Ok(_) => None,
        Err(_) => Some("config.toml does not parse"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)], home: Option<&std::path::Path>) -> Environment {
        Environment::with(vars, home)
    }

    #[test]
    fn on_by_default_and_each_switch_turns_it_off() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(token_cache_off(false, &env(&[], Some(dir.path()))), None);
        assert_eq!(
            token_cache_off(true, &env(&[], Some(dir.path()))),
            Some("--no-cache")
        );
        for off in ["off", "0", "False", " no "] {
            let e = env(&[("APPCRED_TOKEN_CACHE", off)], Some(dir.path()));
            assert_eq!(token_cache_off(false, &e), Some("APPCRED_TOKEN_CACHE"));
        }
        let on = env(&[("APPCRED_TOKEN_CACHE", "on")], Some(dir.path()));
        assert_eq!(token_cache_off(false, &on), None);

        let config = dir.path().join(".config/appcred");
        std::fs::create_dir_all(&config).unwrap();
        std::fs::write(config.join("config.toml"), "token_cache = false\n").unwrap();
        assert_eq!(
            token_cache_off(false, &env(&[], Some(dir.path()))),
            Some("token_cache = false in config.toml")
        );
        std::fs::write(config.join("config.toml"), "token_cache = [\n").unwrap();
        assert_eq!(
            token_cache_off(false, &env(&[], Some(dir.path()))),
            Some("config.toml does not parse")
        );
    }
}
