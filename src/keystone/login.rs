//! The network side of authentication: asking for missing secrets, posting
//! to `/v3/auth/tokens`, and continuing a multi-factor login with the
//! receipt Keystone hands back.

use serde::Deserialize;

use super::auth::{self, Method, Plan, UserSel};
use super::error::{self, Context, KeystoneError, LoginKind};
use super::http::{Answer, Http, RECEIPT, Request, SUBJECT_TOKEN};
use super::prompt::{PromptKind, Prompter};
use super::token;
use super::types::TokenInfo;
use crate::secret::Secret;

/// A token just issued: the id (secret) and what it says.
pub(crate) struct Issued {
    pub token: Secret,
    pub info: TokenInfo,
}

/// The token in a successful answer: X-Subject-Token and the body.
pub(crate) fn issued(answer: &Answer, action: &str) -> Result<Issued, KeystoneError> {
    let token = answer
        .header(SUBJECT_TOKEN)
        .map(Secret::from)
        .ok_or_else(|| KeystoneError::BadResponse {
            action: action.to_string(),
            detail: "no X-Subject-Token header in the answer".to_string(),
        })?;
    let info = token::parse(&answer.body, action)?;
    Ok(Issued { token, info })
}

/// Receipt rounds before giving up: one per missing factor is plenty.
const MAX_RECEIPT_ROUNDS: usize = 3;

/// Authenticates with `plan`, asking `prompter` for what is missing, and
/// following receipts. On success `plan` holds every secret used (and every
/// method a receipt asked for), so a renewal can repeat it in one request.
pub(crate) async fn authenticate(
    http: &Http,
    plan: &mut Plan,
    prompter: Option<&dyn Prompter>,
) -> Result<Issued, KeystoneError> {
    let scope = plan.scope.clone();
    if let Some(fed) = plan.federated_mut() {
        return super::oidc::login(http, fed, scope.as_ref(), prompter).await;
    }
    for m in plan.methods.iter_mut() {
        fill(m, prompter).await?;
    }
    let mut body = auth::body(&plan.methods, plan.scope.as_ref());
    let mut receipt: Option<String> = None;
    let mut context = Context::Login(plan.kind);
    for _ in 0..=MAX_RECEIPT_ROUNDS {
        let url = http.url(&["auth", "tokens"]);
        let mut req = Request::new(reqwest::Method::POST, url);
        req.body = Some(&body);
        req.receipt = receipt.as_deref();
        let answer = http.send(&req).await?;
        let action = "log in (POST /v3/auth/tokens)";
        if answer.status.is_success() {
            return issued(&answer, action);
        }
        let Some(new_receipt) = answer
            .header(RECEIPT)
            .filter(|_| answer.status.as_u16() == 401)
        else {
            return Err(error::from_response(
                action,
                answer.status.as_u16(),
                &answer.content_type(),
                &answer.body,
                context,
            ));
        };
        let doc: ReceiptDoc = answer.json(action)?;
        let missing = missing_methods(&doc)?;
        tracing::debug!(
            ?missing,
            "multi-factor receipt: continuing with the missing methods"
        );
        let mut next: Vec<Method> = Vec::new();
        for name in &missing {
            let mut m = existing_or_new(plan, name, &doc.receipt.user)?;
            fill(&mut m, prompter).await?;
            next.push(m);
        }
        for m in &next {
            if let Some(slot) = plan.methods.iter_mut().find(|x| x.name() == m.name()) {
                *slot = m.clone();
            } else {
                plan.methods.push(m.clone());
            }
        }
        plan.kind = LoginKind::MultiFactor;
        context = Context::Login(LoginKind::MultiFactor);
        body = auth::body(&next, plan.scope.as_ref());
        receipt = Some(new_receipt.to_string());
    }
    Err(KeystoneError::MultiFactor {
        detail: "Keystone kept asking for more factors".to_string(),
        hint: Some("check the user's multi_factor_auth_rules".to_string()),
    })
}

/// Asks for a password or passcode the configuration did not give.
async fn fill(method: &mut Method, prompter: Option<&dyn Prompter>) -> Result<(), KeystoneError> {
    let (slot, kind, what, hint) = match method {
        Method::Password { user, password } => (
            password,
            PromptKind::Password { user: user.label() },
            "password",
            "put `password` under this cloud's auth in secure.yaml (or clouds.yaml), set \
             OS_PASSWORD, or run appcred on a terminal to be asked",
        ),
        Method::Totp { user, passcode } => (
            passcode,
            PromptKind::Passcode { user: user.label() },
            "TOTP passcode",
            "run appcred on a terminal to be asked for the passcode, or pass a current one as \
             `passcode` in the cloud's auth / OS_PASSCODE (codes last 30 s)",
        ),
        Method::Token { .. } | Method::ApplicationCredential { .. } | Method::Federated(_) => {
            return Ok(());
        }
    };
    if slot.as_ref().is_some_and(|s| !s.is_empty()) {
        return Ok(());
    }
    let user = match &kind {
        PromptKind::Password { user } | PromptKind::Passcode { user } => user.clone(),
    };
    let answer = match prompter {
        Some(p) => p.ask(kind).await,
        None => None,
    };
    match answer.filter(|s| !s.is_empty()) {
        Some(secret) => {
            *slot = Some(secret);
            Ok(())
        }
        None => Err(KeystoneError::MissingSecret {
            what,
            user,
            hint: hint.to_string(),
        }),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReceiptDoc {
    pub receipt: Receipt,
    #[serde(default)]
    pub required_auth_methods: Vec<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Receipt {
    #[serde(default)]
    pub methods: Vec<String>,
    pub user: ReceiptUser,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReceiptUser {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// Methods appcred can supply on its own after a receipt.
const SUPPLIABLE: [&str; 2] = ["password", "totp"];

/// The methods to send next: from the first rule we can complete, the ones
/// the receipt does not already cover.
pub(crate) fn missing_methods(doc: &ReceiptDoc) -> Result<Vec<String>, KeystoneError> {
    let done = &doc.receipt.methods;
    let rules_text = doc
        .required_auth_methods
        .iter()
        .map(|r| format!("[{}]", r.join(", ")))
        .collect::<Vec<_>>()
        .join(" or ");
    for rule in &doc.required_auth_methods {
        let missing: Vec<String> = rule.iter().filter(|m| !done.contains(m)).cloned().collect();
        if !missing.is_empty() && missing.iter().all(|m| SUPPLIABLE.contains(&m.as_str())) {
            return Ok(missing);
        }
    }
    Err(KeystoneError::MultiFactor {
        detail: if doc.required_auth_methods.is_empty() {
            format!(
                "user {} has multi-factor rules that {} alone does not satisfy",
                doc.receipt.user.name,
                done.join("+")
            )
        } else {
            format!("it requires {rules_text}; appcred can add only a password or a TOTP passcode")
        },
        hint: Some(
            "log in with the methods the user's multi_factor_auth_rules name (e.g. auth_type \
             v3multifactor with auth_methods [v3password, v3totp]); an application credential \
             cannot satisfy multi-factor rules"
                .to_string(),
        ),
    })
}

/// The method from the plan if it has one (keeping its secret), else a new
/// one for the receipt's user, its secret still to be asked.
fn existing_or_new(plan: &Plan, name: &str, user: &ReceiptUser) -> Result<Method, KeystoneError> {
    if let Some(m) = plan.methods.iter().find(|m| m.name() == name) {
        return Ok(m.clone());
    }
    let user = UserSel::Id(user.id.clone());
    match name {
        "password" => Ok(Method::Password {
            user,
            password: None,
        }),
        "totp" => Ok(Method::Totp {
            user,
            passcode: None,
        }),
        other => Err(KeystoneError::MultiFactor {
            detail: format!("Keystone asks for method {other:?}"),
            hint: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> ReceiptDoc {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn picks_the_missing_factor() {
        let d = doc(
            r#"{"receipt":{"methods":["password"],"user":{"id":"u","name":"fs-user","domain":{"id":"default","name":"Default"}},
            "expires_at":"2026-11-23T00:34:11.000000Z","issued_at":"2026-11-23T00:29:11.000000Z"},
            "required_auth_methods":[["password","application_credential"],["password","totp"]]}"#,
        );
        assert_eq!(missing_methods(&d).ok(), Some(vec!["totp".to_string()]));
    }

    #[test]
    fn empty_rules_or_unsuppliable_methods_are_errors() {
        let d = doc(
            r#"{"receipt":{"methods":["application_credential"],"user":{"id":"u","name":"n"}},"required_auth_methods":[]}"#,
        );
        let e = missing_methods(&d)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("multi-factor rules"), "{e}");
        let d = doc(
            r#"{"receipt":{"methods":["password"],"user":{"id":"u"}},"required_auth_methods":[["password","mapped"]]}"#,
        );
        assert!(missing_methods(&d).is_err());
    }

    #[test]
    fn receipt_user_becomes_the_new_methods_user() {
        let plan = Plan {
            methods: vec![Method::Password {
                user: UserSel::Id("u".into()),
                password: Some("pw".into()),
            }],
            scope: None,
            kind: LoginKind::Password,
        };
        let user = ReceiptUser {
            id: "u-id".into(),
            name: "bob".into(),
        };
        assert!(matches!(
            existing_or_new(&plan, "totp", &user),
            Ok(Method::Totp { user: UserSel::Id(id), passcode: None }) if id == "u-id"
        ));
        assert!(matches!(
            existing_or_new(&plan, "password", &user),
            Ok(Method::Password {
                password: Some(_),
                ..
            })
        ));
    }

    #[tokio::test]
    async fn no_prompter_means_a_clear_error() {
        let mut m = Method::Password {
            user: UserSel::Id("alice".into()),
            password: None,
        };
        let e = fill(&mut m, Some(&super::super::prompt::NoPrompt))
            .await
            .err();
        let text = e.as_ref().map(|e| e.to_string()).unwrap_or_default();
        assert!(
            text.contains("password") && text.contains("alice"),
            "{text}"
        );
        assert!(
            e.and_then(|e| e.hint())
                .unwrap_or_default()
                .contains("OS_PASSWORD")
        );
    }
}
