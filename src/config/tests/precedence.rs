//! Which value wins: profile < clouds.yaml < secure.yaml < region values <
//! OS_* < flags; how the cloud is chosen; and the app-cred scope rule.

use std::path::PathBuf;

use super::{Sandbox, cloud};
use crate::config::{AuthType, CloudConfig, Overrides};

pub(super) const CLOUDS: &str = "
clouds:
  pw:
    auth:
      auth_url: https://file.example/v3
      username: fileuser
      password: filepass
      project_name: fileproj
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: internal
  ac:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://ac.example/v3
      application_credential_id: acid
    region_name: RegionOne
  prof:
    profile: vendor
    interface: internal
  oldprof:
    cloud: vendor
  regional:
    auth: {auth_url: https://r.example/v3}
    regions:
      - R1
      - name: R2
        values:
          interface: admin
          auth: {auth_url: https://r2.example/v3}
";

const SECURE: &str = "
clouds:
  pw:
    auth: {password: securepass}
  ac:
    auth: {application_credential_secret: acsecret}
";

const PUBLIC: &str = "
public-clouds:
  vendor:
    auth: {auth_url: https://vendor.example/v3, user_domain_name: VendorDomain}
    region_name: VendorRegion
    interface: admin
";

struct Case {
    name: &'static str,
    vars: &'static [(&'static str, &'static str)],
    flags: Overrides,
    check: fn(&CloudConfig),
}

fn flags(f: impl FnOnce(&mut Overrides)) -> Overrides {
    let mut o = Overrides::default();
    f(&mut o);
    o
}

fn s(v: &Option<String>) -> Option<&str> {
    v.as_deref()
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "file values as written",
            vars: &[],
            flags: cloud("pw"),
            check: |c| {
                assert_eq!(c.name, "pw");
                assert_eq!(c.auth_type, AuthType::Password);
                assert_eq!(s(&c.auth.username), Some("fileuser"));
                assert_eq!(c.interface, "internal");
                assert_eq!(s(&c.region_name), Some("RegionOne"));
            },
        },
        Case {
            name: "secure.yaml wins over clouds.yaml, other keys kept",
            vars: &[],
            flags: cloud("pw"),
            check: |c| {
                assert_eq!(
                    c.auth.password.as_ref().map(|p| p.expose()),
                    Some("securepass")
                );
                assert_eq!(s(&c.auth.project_name), Some("fileproj"));
            },
        },
        Case {
            name: "secure.yaml supplies an app-cred secret",
            vars: &[],
            flags: cloud("ac"),
            check: |c| {
                assert_eq!(c.auth_type, AuthType::ApplicationCredential);
                let secret = c
                    .auth
                    .application_credential_secret
                    .as_ref()
                    .map(|p| p.expose());
                assert_eq!(secret, Some("acsecret"));
            },
        },
        Case {
            name: "profile gives defaults, the cloud's keys override",
            vars: &[],
            flags: cloud("prof"),
            check: |c| {
                assert_eq!(s(&c.auth.auth_url), Some("https://vendor.example/v3"));
                assert_eq!(s(&c.auth.user_domain_name), Some("VendorDomain"));
                assert_eq!(s(&c.region_name), Some("VendorRegion"));
                assert_eq!(c.interface, "internal");
            },
        },
        Case {
            name: "deprecated `cloud:` key works as profile",
            vars: &[],
            flags: cloud("oldprof"),
            check: |c| assert_eq!(c.interface, "admin"),
        },
        Case {
            name: "OS_CLOUD selects; OS_* override the cloud (as the OpenStack CLI)",
            vars: &[
                ("OS_CLOUD", "pw"),
                ("OS_USERNAME", "envuser"),
                ("OS_PROJECT_NAME", "envproj"),
            ],
            flags: Overrides::default(),
            check: |c| {
                assert_eq!(c.name, "pw");
                assert_eq!(s(&c.auth.username), Some("envuser"));
                assert_eq!(s(&c.auth.project_name), Some("envproj"));
                assert_eq!(
                    c.source_file.as_ref().map(|p| p.ends_with("clouds.yaml")),
                    Some(true)
                );
            },
        },
        Case {
            name: "flags beat OS_*",
            vars: &[
                ("OS_CLOUD", "pw"),
                ("OS_USERNAME", "envuser"),
                ("OS_INTERFACE", "admin"),
            ],
            flags: flags(|o| {
                o.username = Some("flaguser".into());
                o.interface = Some("public".into());
            }),
            check: |c| {
                assert_eq!(s(&c.auth.username), Some("flaguser"));
                assert_eq!(c.interface, "public");
            },
        },
        Case {
            name: "--os-cloud beats OS_CLOUD",
            vars: &[("OS_CLOUD", "ac")],
            flags: cloud("pw"),
            check: |c| assert_eq!(c.name, "pw"),
        },
        Case {
            name: "empty OS_* values count as unset",
            vars: &[("OS_CLOUD", "pw"), ("OS_PROJECT_NAME", "")],
            flags: Overrides::default(),
            check: |c| assert_eq!(s(&c.auth.project_name), Some("fileproj")),
        },
        Case {
            name: "OS_* auth variables form the envvars cloud when no cloud is named",
            vars: &[
                ("OS_AUTH_URL", "https://env.example/v3"),
                ("OS_USERNAME", "envuser"),
                ("OS_PASSWORD", "envpass"),
                ("OS_USER_DOMAIN_NAME", "Default"),
                ("OS_REGION_NAME", "EnvRegion"),
                ("OS_IDENTITY_API_VERSION", "3"),
            ],
            flags: Overrides::default(),
            check: |c| {
                assert_eq!(c.name, "envvars");
                assert_eq!(s(&c.auth.auth_url), Some("https://env.example/v3"));
                assert_eq!(
                    c.auth.password.as_ref().map(|p| p.expose()),
                    Some("envpass")
                );
                assert_eq!(s(&c.region_name), Some("EnvRegion"));
                assert_eq!(s(&c.identity_api_version), Some("3"));
                assert_eq!(c.source_file, None);
            },
        },
        Case {
            name: "OS_CLOUD_NAME renames the envvars cloud; it can be picked by name",
            vars: &[
                ("OS_CLOUD_NAME", "mine"),
                ("OS_AUTH_URL", "https://env.example/v3"),
            ],
            flags: cloud("mine"),
            check: |c| assert_eq!(c.name, "mine"),
        },
        Case {
            name: "legacy names: tenant, endpoint type, auth plugin, auth token",
            vars: &[
                ("OS_AUTH_URL", "https://env.example/v3"),
                ("OS_TENANT_NAME", "t-name"),
                ("OS_TENANT_ID", "t-id"),
                ("OS_ENDPOINT_TYPE", "internal"),
                ("OS_AUTH_PLUGIN", "v3token"),
                ("OS_AUTH_TOKEN", "tok"),
            ],
            flags: Overrides::default(),
            check: |c| {
                assert_eq!(s(&c.auth.project_name), Some("t-name"));
                assert_eq!(s(&c.auth.project_id), Some("t-id"));
                assert_eq!(c.interface, "internal");
                assert_eq!(c.auth_type, AuthType::Token);
                assert_eq!(c.auth.token.as_ref().map(|t| t.expose()), Some("tok"));
            },
        },
        Case {
            name: "new names beat legacy ones",
            vars: &[
                ("OS_AUTH_URL", "https://env.example/v3"),
                ("OS_TENANT_NAME", "old"),
                ("OS_PROJECT_NAME", "new"),
                ("OS_AUTH_PLUGIN", "v3token"),
                ("OS_AUTH_TYPE", "v3totp"),
            ],
            flags: Overrides::default(),
            check: |c| {
                assert_eq!(s(&c.auth.project_name), Some("new"));
                assert_eq!(c.auth_type, AuthType::Totp);
            },
        },
        Case {
            name: "OS_AUTH_METHODS is split on commas",
            vars: &[
                ("OS_AUTH_URL", "https://env.example/v3"),
                ("OS_AUTH_TYPE", "v3multifactor"),
                ("OS_AUTH_METHODS", "v3password, v3totp"),
            ],
            flags: Overrides::default(),
            check: |c| {
                assert_eq!(c.auth_type, AuthType::MultiFactor);
                assert_eq!(c.auth.auth_methods, vec!["v3password", "v3totp"]);
            },
        },
        Case {
            name: "OS_INSECURE=1 is not true (openstacksdk reads only \"true\")",
            vars: &[
                ("OS_AUTH_URL", "https://env.example/v3"),
                ("OS_INSECURE", "1"),
            ],
            flags: Overrides::default(),
            check: |c| assert!(c.tls.verify),
        },
        Case {
            name: "OS_INSECURE=TRUE turns verification off",
            vars: &[
                ("OS_AUTH_URL", "https://env.example/v3"),
                ("OS_INSECURE", "TRUE"),
            ],
            flags: Overrides::default(),
            check: |c| assert!(!c.tls.verify),
        },
        Case {
            name: "--insecure and --os-cacert",
            vars: &[],
            flags: flags(|o| {
                o.cloud = Some("pw".into());
                o.insecure = true;
                o.cacert = Some(PathBuf::from("/ca.pem"));
            }),
            check: |c| {
                assert!(!c.tls.verify);
                assert_eq!(c.tls.cacert, Some(PathBuf::from("/ca.pem")));
            },
        },
        Case {
            name: "regions: the first by default",
            vars: &[],
            flags: cloud("regional"),
            check: |c| {
                assert_eq!(s(&c.region_name), Some("R1"));
                assert_eq!(c.interface, "public");
            },
        },
        Case {
            name: "regions: OS_REGION_NAME picks one and its values merge",
            vars: &[("OS_CLOUD", "regional"), ("OS_REGION_NAME", "R2")],
            flags: Overrides::default(),
            check: |c| {
                assert_eq!(s(&c.region_name), Some("R2"));
                assert_eq!(c.interface, "admin");
                assert_eq!(s(&c.auth.auth_url), Some("https://r2.example/v3"));
            },
        },
        Case {
            name: "regions: --os-region-name beats OS_REGION_NAME",
            vars: &[("OS_REGION_NAME", "R2")],
            flags: flags(|o| {
                o.cloud = Some("regional".into());
                o.region_name = Some("R1".into());
            }),
            check: |c| assert_eq!(s(&c.region_name), Some("R1")),
        },
        Case {
            name: "a single region_name is replaced by the requested region",
            vars: &[("OS_CLOUD", "pw"), ("OS_REGION_NAME", "RegionTwo")],
            flags: Overrides::default(),
            check: |c| assert_eq!(s(&c.region_name), Some("RegionTwo")),
        },
    ]
}

#[test]
fn precedence_table() {
    for case in cases() {
        let sb = Sandbox::new().vars(case.vars);
        sb.write("cwd/clouds.yaml", CLOUDS);
        sb.user_file("secure.yaml", SECURE);
        sb.user_file("clouds-public.yaml", PUBLIC);
        // Printed so a failing assertion shows which case it was.
        eprintln!("case: {}", case.name);
        match sb.resolve(&case.flags) {
            Ok(c) => (case.check)(&c),
            Err(e) => panic!("case {:?}: {e}", case.name),
        }
    }
}
