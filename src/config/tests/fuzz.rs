//! The clouds.yaml reader never panics, whatever the input (issue 6 asks
//! for fuzzing). Two levels: raw text into the parser, and generated
//! clouds.yaml-shaped documents (right keys, wrong shapes) through the whole
//! resolve and list.

use proptest::prelude::*;

use super::{Sandbox, cloud};
use crate::config::files::parse;
use crate::config::{Environment, Overrides};

/// Keys that matter to the reader, plus YAML syntax fragments.
const WORDS: &[&str] = &[
    "clouds",
    "auth",
    "auth_url",
    "auth_type",
    "auth-plugin",
    "password",
    "username",
    "project_name",
    "domain_name",
    "default_domain_id",
    "regions",
    "region_name",
    "name",
    "values",
    "verify",
    "insecure",
    "cacert",
    "api_timeout",
    "profile",
    "cloud",
    "public-clouds",
    "auth_methods",
    "v3applicationcredential",
    "v3multifactor",
    "true",
    "no",
    "null",
    "~",
    "3",
    "-1",
    "1e999",
    "<<",
    "&a",
    "*a",
    "!tag",
    "''",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(WORDS).prop_map(str::to_string),
        "[a-zA-Z0-9 ,:/._-]{0,12}".prop_map(|s| format!("{s:?}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
    ]
}

/// Flow-style YAML built from the words above, nested a few levels.
fn node() -> impl Strategy<Value = String> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5)
                .prop_map(|items| format!("[{}]", items.join(", "))),
            proptest::collection::vec((proptest::sample::select(WORDS), inner), 0..6).prop_map(
                |pairs| {
                    let body: Vec<String> = pairs
                        .into_iter()
                        .map(|(k, v)| format!("{k}: {v}"))
                        .collect();
                    format!("{{{}}}", body.join(", "))
                }
            ),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    (node(), node(), proptest::sample::select(WORDS))
        .prop_map(|(a, b, top)| format!("clouds:\n  a: {a}\n  b: {b}\n{top}: {a}\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parser_never_panics_on_any_text(text in any::<String>()) {
        let _ = parse(&text, false);
        let _ = parse(&text, true);
    }

    #[test]
    fn parser_never_panics_on_yaml_like_text(text in "[a-z:{}\\[\\],&*!<>'\"# \n-]{0,200}") {
        let _ = parse(&text, false);
    }

    #[test]
    fn resolve_and_list_never_panic(doc in document(), secure in document(), env in any::<bool>()) {
        let mut sb = Sandbox::new();
        if env {
            sb = sb.vars(&[("OS_AUTH_URL", "https://e/v3"), ("OS_PROJECT_NAME", "p")]);
        }
        sb.write("cwd/clouds.yaml", &doc);
        sb.write("cwd/secure.yaml", &secure);
        sb.write("cwd/clouds-public.yaml", &doc.replace("clouds:", "public-clouds:"));
        for flags in [Overrides::default(), cloud("a"), cloud("b")] {
            let _ = sb.resolve(&flags);
        }
        let _ = sb.list();
    }

    #[test]
    fn any_environment_never_panics(vars in proptest::collection::hash_map("OS_[A-Z_]{1,20}", ".{0,10}", 0..8)) {
        let sb = Sandbox::new();
        let env = Environment { vars, cwd: sb.env.cwd.clone(), home: sb.env.home.clone() };
        let loader = crate::config::loader::Loader::with_system_dirs(&env, sb.system_dirs());
        let _ = loader.resolve(&Overrides::default());
    }
}
