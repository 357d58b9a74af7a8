//! Each rewriter on what appcred itself writes and on hand-written files:
//! only the two values change, the new ones read back, and what cannot be
//! rewritten for sure is refused.

use super::*;

const OLD: &str = "0123456789abcdef0123456789abcdef";
const NEW: &str = "fedcba9876543210fedcba9876543210";
const NASTY: &str = "a\"b\\c$d'e #f;g";

fn check(kind: Kind, before: &str, keep: &[&str]) {
    let Rewrite::Done(after) = rewrite_as(kind, before, OLD, NEW, &Secret::new(NASTY)) else {
        panic!("{kind:?} not rewritten:\n{before}");
    };
    let back = read_as(kind, &after).expect("reads back");
    assert_eq!(back.id, NEW);
    assert_eq!(back.secret.expose(), NASTY);
    for line in keep {
        assert!(after.contains(line), "{kind:?} lost {line:?}:\n{}", &*after);
    }
    assert!(
        !after
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .any(|l| l.contains(OLD))
    );
}

#[test]
fn openrc_and_cloud_conf_keep_every_other_byte() {
    let rc = format!(
        "# my openrc ({OLD})\nexport OS_AUTH_URL=https://k:5000/v3   # keep\n\
         export OS_APPLICATION_CREDENTIAL_ID=\"{OLD}\"\nOS_APPLICATION_CREDENTIAL_SECRET='old '\"'\"'one'; export OS_APPLICATION_CREDENTIAL_SECRET\n"
    );
    check(
        Kind::Openrc,
        &rc,
        &[
            "# my openrc",
            "export OS_AUTH_URL=https://k:5000/v3   # keep\n",
            "; export OS_APPLICATION_CREDENTIAL_SECRET\n",
        ],
    );
    let conf = format!(
        "[Global]\nauth-url = https://k:5000/v3\napplication-credential-id = {OLD} ; a comment\napplication-credential-secret = \"old\\\"s\"\nregion = RegionOne\n[LoadBalancer]\nuse-octavia = true\n"
    );
    check(
        Kind::CloudConf,
        &conf,
        &[
            "auth-url = https://k:5000/v3\n",
            " ; a comment\n",
            "[LoadBalancer]\nuse-octavia = true\n",
        ],
    );
}

#[test]
fn a_k8s_secret_is_decoded_rewritten_and_encoded_again() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let conf = format!(
        "[Global]\napplication-credential-id = \"{OLD}\"\napplication-credential-secret = \"x\"\n"
    );
    let manifest = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cloud-config # ours\n  namespace: kube-system\ndata:\n  cloud.conf: {}\n  other: {}\n",
        b64.encode(&conf),
        b64.encode("untouched")
    );
    assert_eq!(detect(&manifest), Some(Kind::K8sSecret));
    check(
        Kind::K8sSecret,
        &manifest,
        &["  name: cloud-config # ours\n", &b64.encode("untouched")],
    );
}

/// Issue 24, finding 6: a multi-document manifest with the same cloud.conf
/// in two Secrets (two namespaces) is rewritten in both, not refused as
/// "repeated".
#[test]
fn a_multi_document_manifest_has_every_secret_rewritten() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let conf = format!(
        "[Global]\napplication-credential-id = \"{OLD}\"\napplication-credential-secret = \"x\"\n"
    );
    let secret = |ns: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cloud-config\n  namespace: {ns}\ndata:\n  cloud.conf: {}\n",
            b64.encode(&conf)
        )
    };
    let manifest = format!("{}---\n{}", secret("kube-system"), secret("magnum"));
    let Rewrite::Done(after) =
        rewrite_as(Kind::K8sSecret, &manifest, OLD, NEW, &Secret::new(NASTY))
    else {
        panic!("not rewritten");
    };
    assert!(!after.contains(&b64.encode(&conf)), "{}", &*after);
    assert!(after.contains("namespace: kube-system") && after.contains("namespace: magnum"));
    let docs: Vec<&str> = after.split("---\n").collect();
    assert_eq!(docs.len(), 2);
    for doc in docs {
        let back = read_as(Kind::K8sSecret, doc).expect("reads back");
        assert_eq!((back.id.as_str(), back.secret.expose()), (NEW, NASTY));
    }
}

#[test]
fn what_cannot_be_rewritten_for_sure_is_refused() {
    let s = Secret::new("s");
    let twice = format!(
        "export OS_APPLICATION_CREDENTIAL_ID={OLD}\nexport OS_APPLICATION_CREDENTIAL_ID={OLD}\nexport OS_APPLICATION_CREDENTIAL_SECRET=x\n"
    );
    assert!(matches!(
        rewrite_as(Kind::Openrc, &twice, OLD, NEW, &s),
        Rewrite::Unsafe(_)
    ));
    let expands = format!(
        "export OS_APPLICATION_CREDENTIAL_ID={OLD}\nexport OS_APPLICATION_CREDENTIAL_SECRET=\"$(pass ci)\"\n"
    );
    assert!(matches!(
        rewrite_as(Kind::Openrc, &expands, OLD, NEW, &s),
        Rewrite::Unsafe(_)
    ));
    let string_data = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  cloud.conf: |\n    application-credential-id = {OLD}\n"
    );
    assert!(matches!(
        rewrite_as(Kind::K8sSecret, &string_data, OLD, NEW, &s),
        Rewrite::Unsafe(_)
    ));
    let other = "export OS_APPLICATION_CREDENTIAL_ID=someoneelse\nexport OS_APPLICATION_CREDENTIAL_SECRET=x\n";
    assert!(matches!(
        rewrite_as(Kind::Openrc, other, OLD, NEW, &s),
        Rewrite::NotUsing
    ));
}

#[test]
fn the_json_export_keeps_every_other_byte_and_nested_ids_alone() {
    let json = format!(
        "{{\n  \"id\": \"{OLD}\",\n  \"name\": \"ci\",\n  \"secret\": \"old\\\"s\\u00e9\",\n  \
         \"project\": {{\"id\": \"p1\", \"secret\": \"not this one\"}},\n  \"expires_at\": null\n}}\n"
    );
    assert_eq!(detect(&json), Some(Kind::Json));
    check(
        Kind::Json,
        &json,
        &[
            "  \"name\": \"ci\",\n",
            "{\"id\": \"p1\", \"secret\": \"not this one\"}",
        ],
    );
    // What appcred's own export writes.
    let data = crate::export::ExportData {
        cloud_name: "c".into(),
        auth_url: "https://k:5000/v3".into(),
        region_name: None,
        interface: "public".into(),
        cacert: None,
        verify: true,
        id: OLD.into(),
        name: "ci".into(),
        secret: Secret::new("s"),
        project_id: Some("p".into()),
        expires_at: None,
    };
    let ours = crate::export::render_json(&data);
    assert_eq!(detect(&ours), Some(Kind::Json));
    check(Kind::Json, &ours, &["\"auth_url\": \"https://k:5000/v3\""]);
}

#[test]
fn a_json_id_that_is_no_string_or_set_twice_is_refused() {
    let secret = Secret::new("n");
    let number = "{\"id\": 5, \"secret\": \"s\", \"x\": \"0123456789abcdef0123456789abcdef\"}";
    assert!(matches!(
        rewrite_as(Kind::Json, number, OLD, NEW, &secret),
        Rewrite::Unsafe(_)
    ));
    let twice = format!("{{\"id\": \"{OLD}\", \"id\": \"{OLD}\", \"secret\": \"s\"}}");
    assert!(matches!(
        rewrite_as(Kind::Json, &twice, OLD, NEW, &secret),
        Rewrite::Unsafe(_)
    ));
    // A clouds.json is the clouds rewriter's, not this one's.
    let clouds = format!("{{\"clouds\": {{}}, \"id\": \"{OLD}\", \"secret\": \"s\"}}");
    assert_ne!(detect(&clouds), Some(Kind::Json));
}
