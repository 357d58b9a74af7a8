//! Hostile answers at the HTTP layer (issue 17, defects 1 and 2): endless
//! headers are cut off with a clear error, and a redirect is never followed,
//! so neither the password nor the token reaches the server it points at.
//! (The endless body is hostile_body.rs: the binary's memory measured.)

use crate::support::hostile::{PASSWORD, cloud, endless, recorder, token_answer};
use appcred::keystone::{KeystoneError, NoPrompt, Session};

fn redirect_to(location: &str) -> String {
    format!(
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
}

#[tokio::test]
async fn endless_headers_give_a_clear_error() {
    // 64 MiB of headers at most; hyper gives up after ~400 KiB.
    let url = endless(
        "HTTP/1.1 201 Created\r\n",
        b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".to_vec(),
        64 << 20,
    )
    .await;
    let e = Session::login(&cloud(&url), &NoPrompt).await.err();
    let text = e.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(
        matches!(
            e,
            Some(KeystoneError::TooLarge {
                what: "header block",
                ..
            })
        ),
        "{text}"
    );
    assert!(
        text.contains("POST /v3/auth/tokens") && text.contains("400 KiB"),
        "{text}"
    );
}

#[tokio::test]
async fn a_login_redirected_to_another_origin_sends_it_nothing() {
    let second = recorder(5, |_| token_answer()).await;
    let target = format!("{}/v3/auth/tokens", second.origin);
    let first = recorder(5, move |_| redirect_to(&target)).await;
    let e = Session::login(&cloud(&first.url), &NoPrompt).await.err();
    let text = e.as_ref().map(ToString::to_string).unwrap_or_default();
    let hint = e.as_ref().and_then(KeystoneError::hint).unwrap_or_default();
    assert!(matches!(e, Some(KeystoneError::Redirect { .. })), "{text}");
    assert!(
        text.contains("307") && text.contains(&second.origin) && text.contains("refused"),
        "{text}"
    );
    assert!(text.contains("another server"), "{text}");
    assert!(hint.contains("auth_url"), "{hint}");
    assert!(
        first.received().contains(PASSWORD),
        "the first server got the login"
    );
    assert_eq!(
        second.received(),
        "",
        "nothing may reach the redirect's target"
    );
}

#[tokio::test]
async fn a_token_request_redirected_sends_no_token() {
    let second = recorder(5, |_| token_answer()).await;
    let target = format!("{}/v3/users/u1/application_credentials", second.origin);
    // Login answers normally; the list is redirected elsewhere.
    let first = recorder(5, move |path| {
        if path.contains("auth/tokens") {
            token_answer()
        } else {
            redirect_to(&target)
        }
    })
    .await;
    let session = Session::login(&cloud(&first.url), &NoPrompt).await.unwrap();
    let e = session.list_credentials("u1").await.err();
    let text = e.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(
        text.contains("X-Auth-Token") && text.contains(&second.origin),
        "{text}"
    );
    assert_eq!(
        second.received(),
        "",
        "the token must not reach the redirect's target"
    );
}

/// Issue 24, finding 10: an answer to `/users/u1/application_credentials`
/// holding a credential of another user (a proxy mixing up answers) is an
/// error naming the mismatch, never shown as the user's own.
#[tokio::test]
async fn a_list_with_another_users_credential_is_an_error_naming_it() {
    const LIST: &str = r#"{"application_credentials":[
        {"id":"c1","name":"mine","user_id":"u1","project_id":"p1","roles":[],"unrestricted":false,"expires_at":null,"description":null},
        {"id":"c2","name":"theirs","user_id":"u2","project_id":"p1","roles":[],"unrestricted":false,"expires_at":null,"description":null}],
        "links":{"next":null,"self":"x","previous":null}}"#;
    let server = recorder(5, |path| {
        if path.contains("/auth/tokens") {
            token_answer()
        } else {
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{LIST}",
                LIST.len()
            )
        }
    })
    .await;
    let session = Session::login(&cloud(&server.url), &NoPrompt)
        .await
        .expect("the fake login");
    let e = session.list_credentials("u1").await.err();
    let text = e.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(e.is_some(), "another user's credential was listed as u1's");
    assert!(
        text.contains("c2") && text.contains("theirs") && text.contains("u2"),
        "{text}"
    );
}
