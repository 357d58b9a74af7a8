//! `v3oidcpassword`. The bed's OP (oidc-provider) offers no password grant,
//! so: against the real OP, its refusal is explained (the identity provider
//! does not allow the grant); against a loopback fake of the token endpoint
//! only, the request is what keystoneauth sends (grant_type=password,
//! username, password, a scope with openid; the client by HTTP Basic with a
//! secret, by client_id in the form without), the secrets from secure.yaml,
//! and the fake's token then refused by the real mod_auth_openidc in front
//! of Keystone, with no secret in any message.

use crate::support::sso::{Bed, Out, bed};
use crate::support::sso_fake::{Fake, bed_auth, list_with, write_clouds};

const PASSWORD: &str = "pw-Ugh7%&secret";
const CLIENT_SECRET: &str = "cs-Zq9-secret";

fn bed_secret(bed: &Bed, file: &str, key: &[&str]) -> String {
    let text = std::fs::read_to_string(bed.dir.join(file)).expect("the bed's secrets");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let mut v = &doc;
    for k in key {
        v = &v[*k];
    }
    v.as_str().unwrap_or_default().to_string()
}

/// The bed's Keystone, user alice, the client `client`.
fn password_auth(bed: &Bed, client: &str) -> Vec<String> {
    let mut auth = bed_auth(bed);
    auth.retain(|l| !l.starts_with("client_id:"));
    auth.push(format!("client_id: {client}"));
    auth.push("username: alice".into());
    auth
}

fn no_secret_in(out: &Out, secrets: &[&str]) {
    for s in secrets {
        assert!(
            !out.stderr.contains(s) && !out.stdout.contains(s),
            "a secret was shown\n{}",
            out.show()
        );
    }
}

#[test]
fn the_real_op_refuses_the_password_grant_and_is_blamed() {
    let Some(bed) = bed() else { return };
    let issuer = bed.about["issuer"].as_str().unwrap_or_default().to_string();
    let password = bed_secret(&bed, "users.json", &["alice"]);
    let service = bed_secret(&bed, "op-secrets.json", &["service"]);
    let discovery = format!("discovery_endpoint: \"{issuer}/.well-known/openid-configuration\"");
    // A confidential client (HTTP Basic) and a public one (client_id in the form).
    for (client, secret) in [("appcred-service", Some(service)), ("appcred-device", None)] {
        let d = tempfile::tempdir().expect("tempdir");
        let mut auth = password_auth(&bed, client);
        auth.push(discovery.clone());
        let mut secrets = vec![format!("password: {password:?}")];
        if let Some(s) = &secret {
            secrets.push(format!("client_secret: {s:?}"));
        }
        write_clouds(d.path(), "pw", "v3oidcpassword", &auth, &secrets);
        let out = list_with(&bed, d.path(), "pw");
        out.failed().stderr_has(&[
            "identity provider",
            "password grant",
            &format!("client {client:?}"),
        ]);
        // oidc-provider has no password grant at all: unsupported_grant_type.
        out.stderr_has(&[
            "unsupported_grant_type",
            "does not offer the password grant",
            "use another auth_type",
        ]);
        let mut shown = vec![password.as_str()];
        if let Some(s) = &secret {
            shown.push(s);
        }
        no_secret_in(&out, &shown);
    }
}

#[test]
fn the_password_grant_request_is_keystoneauths_and_its_token_goes_to_keystone() {
    let Some(bed) = bed() else { return };
    for with_secret in [true, false] {
        let fake = Fake::start(|_, _| {
            crate::support::sso_fake::ok(
                r#"{"access_token":"fake-idp-token","token_type":"Bearer"}"#,
            )
        });
        let d = tempfile::tempdir().expect("tempdir");
        let mut auth = password_auth(&bed, "cli-client");
        auth.push(format!("access_token_endpoint: \"{}/token\"", fake.url));
        let mut secrets = vec![format!("password: {PASSWORD:?}")];
        if with_secret {
            secrets.push(format!("client_secret: {CLIENT_SECRET:?}"));
        }
        write_clouds(d.path(), "pw", "v3oidcpassword", &auth, &secrets);
        let out = list_with(&bed, d.path(), "pw");

        let seen = fake.seen();
        assert_eq!(seen.len(), 1, "one grant request: {seen:?}");
        let r = &seen[0];
        assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/token"));
        assert_eq!(
            r.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(r.field("grant_type").as_deref(), Some("password"));
        assert_eq!(r.field("username").as_deref(), Some("alice"));
        assert_eq!(r.field("password").as_deref(), Some(PASSWORD));
        let scope = r.field("scope").unwrap_or_default();
        assert!(scope.split(' ').any(|s| s == "openid"), "scope {scope:?}");
        if with_secret {
            // client_secret_basic: base64("cli-client:cs-Zq9-secret").
            assert_eq!(
                r.header("authorization"),
                Some("Basic Y2xpLWNsaWVudDpjcy1acTktc2VjcmV0")
            );
            assert_eq!(r.field("client_id"), None, "{r:?}");
        } else {
            assert_eq!(r.header("authorization"), None, "{r:?}");
            assert_eq!(r.field("client_id").as_deref(), Some("cli-client"));
        }
        // The fake's token reached the real mod_auth_openidc, which refused it.
        out.failed().stderr_has(&[
            "Keystone federation",
            "web server in front of Keystone refused",
        ]);
        no_secret_in(&out, &[PASSWORD, CLIENT_SECRET, "fake-idp-token"]);
    }
}
