//! Shared by the ldap_* tests: the instance's own slapd changed behind
//! Keystone's back (OpenLDAP's tools bound as the directory's root), a
//! password login as a user of `corp`, and a directory user made for one
//! test (docs/seed.md, "The LDAP domain").
#![allow(dead_code)]

use std::process::Command;

use serde_json::{Value, json};

use crate::support::cli::admin;
use crate::support::{self, Ldap, block_on};

/// The directory's DN of a user of `corp` named `name`.
pub fn user_dn(ldap: &Ldap, name: &str) -> String {
    format!("uid={name},ou=Users,{}", ldap.base_dn)
}

/// The group whose members Keystone says are enabled.
pub fn enabled_dn(ldap: &Ldap) -> String {
    format!("cn=enabled_users,{}", ldap.base_dn)
}

/// Runs an OpenLDAP tool bound as the directory's root (the password in a
/// 0600 file), with `ldif` as its input; panics unless it succeeds.
pub fn ldap_tool(ldap: &Ldap, tool: &str, ldif: &str, args: &[&str]) {
    let dir = support::temp_dir("ldap-tool");
    let pw = dir.join("pw");
    crate::support::workflow::write_private(&pw, &ldap.bind_password);
    let input = dir.join("in.ldif");
    std::fs::write(&input, ldif).unwrap();
    let mut cmd = Command::new(tool);
    cmd.args(["-x", "-H", &ldap.url, "-D", &ldap.bind_dn, "-y"])
        .arg(&pw);
    if !ldif.is_empty() {
        cmd.arg("-f").arg(&input);
    }
    let out = cmd
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {tool}: {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Keystone caches what it read of a user: a change made in the directory
/// behind its back shows once the cache is gone (`flush_all` to memcached).
pub fn flush_identity_cache(servers: &[String]) {
    use std::io::{Read, Write};
    for server in servers {
        let mut conn = std::net::TcpStream::connect(server.as_str())
            .unwrap_or_else(|e| panic!("memcached at {server}: {e}"));
        conn.write_all(b"flush_all\r\n").unwrap();
        let mut answer = [0u8; 16];
        let n = conn.read(&mut answer).unwrap();
        assert!(answer[..n].starts_with(b"OK"), "memcached at {server}");
    }
}

/// A token request as `name` of `corp` with a password, on `corp-apps`.
pub fn password_login(ldap: &Ldap, name: &str, password: &str) -> Value {
    json!({"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": name, "domain": {"id": ldap.domain.id}, "password": password}}},
        "scope": {"project": {"id": ldap.project.id}}}})
}

/// A user of the directory made for one test, a member of `enabled_users`
/// and of the groups given; taken out of them and deleted when dropped
/// (or before, by [`DirectoryUser::delete_from_directory`]).
pub struct DirectoryUser {
    ldap: Ldap,
    pub name: String,
    pub password: String,
    /// The DNs of the groups it is a member of now.
    groups: Vec<String>,
    deleted: bool,
}

impl DirectoryUser {
    /// `prefix` made unique; `groups` are DNs.
    pub fn new(ldap: &Ldap, prefix: &str, groups: &[&str]) -> DirectoryUser {
        let name = support::unique(prefix);
        let password = support::unique("pw");
        let dn = user_dn(ldap, &name);
        ldap_tool(
            ldap,
            "ldapadd",
            &format!(
                "dn: {dn}\nobjectClass: inetOrgPerson\nuid: {name}\ncn: {name}\nsn: Test\n\
                 userPassword: {password}\n"
            ),
            &[],
        );
        let mut user = DirectoryUser {
            ldap: ldap.clone(),
            name,
            password,
            groups: Vec::new(),
            deleted: false,
        };
        let enabled = enabled_dn(ldap);
        for group in std::iter::once(enabled.as_str()).chain(groups.iter().copied()) {
            user.member(group, "add");
            user.groups.push(group.to_string());
        }
        user
    }

    /// Adds to or deletes from (`op`) the group `group_dn`.
    fn member(&self, group_dn: &str, op: &str) {
        let dn = user_dn(&self.ldap, &self.name);
        ldap_tool(
            &self.ldap,
            "ldapmodify",
            &format!("dn: {group_dn}\nchangetype: modify\n{op}: member\nmember: {dn}\n"),
            &[],
        );
    }

    /// Takes the user out of the group `group_dn` (Keystone sees it once
    /// its cache is flushed).
    pub fn leave(&mut self, group_dn: &str) {
        self.member(group_dn, "delete");
        self.groups.retain(|g| g != group_dn);
    }

    /// Keystone's (mapped) id for this user.
    pub fn keystone_id(&self) -> String {
        let path = format!(
            "/users?name={}&domain_id={}",
            self.name, self.ldap.domain.id
        );
        let found = block_on(async move { admin().get(&path).await });
        found["users"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("Keystone does not see the new user: {found}"))
            .to_string()
    }

    /// The user's password login on `corp-apps`.
    pub fn login(&self) -> Value {
        password_login(&self.ldap, &self.name, &self.password)
    }

    /// Out of every group, deleted from the directory, Keystone's cache
    /// flushed: what a company does when someone leaves.
    pub fn delete_from_directory(&mut self) {
        for group in std::mem::take(&mut self.groups) {
            self.member(&group, "delete");
        }
        ldap_tool(
            &self.ldap,
            "ldapdelete",
            "",
            &[&user_dn(&self.ldap, &self.name)],
        );
        self.deleted = true;
        flush_identity_cache(&support::seed().keystone.cache_servers);
    }
}

impl Drop for DirectoryUser {
    fn drop(&mut self) {
        if self.deleted {
            return;
        }
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.delete_from_directory();
        }));
    }
}
