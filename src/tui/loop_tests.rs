//! The real event loop, driven headless by a scripted key sequence against a
//! fake effect runner that answers like Keystone would (asking for the
//! password through the same prompt channel the real runner uses).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event, KeyCode};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::oneshot;

use crate::config::CloudSummary;
use crate::tui::app::{EffectRunner, Step, run_headless};
use crate::tui::model::{Model, Overlay};
use crate::tui::msg::{CloudList, Effect, ErrorReport, Msg, PromptFor, Reply, Tag};
use crate::tui::testing::*;
use crate::tui::theme::Theme;
use crate::tui::update;

#[derive(Default)]
struct FakeKeystone {
    deleted: Arc<Mutex<Vec<String>>>,
    started: Vec<&'static str>,
}

fn answer(replies: &UnboundedSender<Msg>, tag: Tag, reply: Reply) {
    let _ = replies.send(Msg::Reply {
        tag,
        requests_sent: Some(7),
        reply,
    });
}

impl EffectRunner for FakeKeystone {
    fn run(&mut self, effect: Effect, replies: &UnboundedSender<Msg>) {
        self.started.push(effect.name());
        let replies = replies.clone();
        match effect {
            Effect::ListClouds { tag } => {
                let clouds = vec![CloudSummary {
                    name: "devstack".to_string(),
                    auth_url: Some("http://keystone.test:5000/v3".to_string()),
                    username: Some("demo".to_string()),
                    auth_type: "password".to_string(),
                    source_file: Some("/c.yaml".into()),
                }];
                let list = CloudList {
                    clouds,
                    environment_name: None,
                    searched: Vec::new(),
                };
                answer(&replies, tag, Reply::Clouds(Ok(list)));
            }
            // Like the real client: no password configured, so ask.
            Effect::Login { tag, .. } => {
                tokio::spawn(async move {
                    let (ask, wait) = oneshot::channel();
                    let prompt = PromptFor {
                        label: "Password".to_string(),
                        user: "demo".to_string(),
                    };
                    let _ = replies.send(Msg::PromptNeeded {
                        prompt,
                        answer: ask,
                    });
                    let typed = wait.await.ok().flatten();
                    let result = match typed.as_ref().map(|s| s.expose()) {
                        Some("fake-pw") => Ok(session()),
                        _ => Err(ErrorReport::new("Logging in failed", "wrong password")),
                    };
                    answer(&replies, tag, Reply::LoggedIn(result));
                });
            }
            Effect::LoadCredentials { tag, .. } => {
                tokio::spawn(async move {
                    // Slower than the others: the loop must keep drawing.
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    answer(&replies, tag, Reply::Credentials(Ok(credentials())));
                });
            }
            Effect::LoadScopes { tag } => {
                answer(&replies, tag, Reply::Scopes(Ok(scope_choices())));
            }
            Effect::LoadRoles { tag } => answer(&replies, tag, Reply::Roles(Ok(held_roles()))),
            Effect::Delete { tag, id, .. } => {
                if let Ok(mut d) = self.deleted.lock() {
                    d.push(id.clone());
                }
                answer(&replies, tag, Reply::Deleted { id, result: Ok(()) });
            }
            Effect::AnswerPrompt { answer, value } => {
                let _ = answer.send(value);
            }
            _ => {}
        }
    }
}

fn keys(text: &str) -> Vec<Step> {
    text.chars()
        .map(|c| Step::Event(Event::Key(char_key(c))))
        .collect()
}

fn code(code: KeyCode) -> Step {
    Step::Event(Event::Key(key(code)))
}

#[tokio::test]
async fn scripted_session_logs_in_filters_deletes_and_quits() {
    let mut terminal = match Terminal::new(TestBackend::new(80, 24)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let mut model = Model::new(now(), Theme { color: true }, 80, 24);
    model.ctx.local_text = crate::expiry::utc_text;
    let first = update::init(&mut model, None);
    let mut runner = FakeKeystone::default();
    let deleted = runner.deleted.clone();

    let mut script = vec![
        Step::wait("the picker lists clouds", |m| !m.clouds.rows.is_empty()),
        code(KeyCode::Enter),
        Step::wait("the password prompt", |m| {
            matches!(m.overlays.last(), Some(Overlay::Prompt(_)))
        }),
    ];
    script.extend(keys("fake-pw"));
    script.push(code(KeyCode::Enter));
    script.push(Step::wait("the credentials", |m| {
        m.table.items.len() == 5 && !m.requests.busy()
    }));
    script.push(code(KeyCode::Char('/')));
    script.extend(keys("dep"));
    script.push(code(KeyCode::Enter));
    script.extend(keys("dy"));
    script.push(Step::wait(
        "the deletion",
        |m| matches!(m.overlays.last(), Some(Overlay::Delete(d)) if d.finished()),
    ));
    script.push(code(KeyCode::Esc));
    script.push(code(KeyCode::Esc));

    let outcome = run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        first,
        Duration::from_secs(10),
    )
    .await;
    if let Err(e) = outcome {
        panic!("{e}");
    }
    assert_eq!(
        deleted.lock().map(|d| d.clone()).unwrap_or_default(),
        ["a1000000000000000000000000000005"]
    );
    assert_eq!(model.table.items.len(), 4);
    assert!(model.overlays.is_empty());
    assert_eq!(
        runner.started[..6],
        [
            "list-clouds",
            // The fleet view checks every cloud in the background.
            "survey-clouds",
            "login",
            "answer-prompt",
            "load-credentials",
            "load-scopes"
        ]
    );
    // The last frame drawn is the main view after the delete.
    let screen = terminal.backend().to_string();
    assert!(screen.contains("deleted 1 of 1"), "{screen}");
    assert!(screen.contains("Credentials 4/4"), "{screen}");
    assert!(!screen.contains("fake-pw"));

    // q ends the loop.
    let script = keys("q");
    let outcome = run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        Vec::new(),
        Duration::from_secs(5),
    )
    .await;
    assert!(outcome.is_ok());
    assert!(model.quitting);
}

#[tokio::test]
async fn a_wait_that_never_ends_times_out_with_its_name() {
    let mut terminal = match Terminal::new(TestBackend::new(80, 24)) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    let mut model = logged_in(80, 24);
    let mut runner = FakeKeystone::default();
    let script = vec![Step::wait("something impossible", |_| false)];
    let outcome = run_headless(
        &mut terminal,
        &mut model,
        &mut runner,
        script,
        Vec::new(),
        Duration::from_millis(300),
    )
    .await;
    let message = outcome.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("something impossible"), "{message}");
}
