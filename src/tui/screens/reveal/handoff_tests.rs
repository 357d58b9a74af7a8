//! The hand-off key on the secret screen: the recipients from config.toml
//! (names and keys made terminal-safe), the format (JSON first), the file
//! (`<credential>-<recipient>.age`), and Enter's outcome; with no
//! recipients, how to configure them. Pure: keys in, state and outcome
//! out; drawn at 80x24 and 160x48 without a terminal.

use std::collections::BTreeMap;

use crossterm::event::KeyCode;

use super::store_tests::draw_at;
use super::tests::{press, reveal};
use super::*;

const BOB: &str = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
const CAROL: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHgdd5Rn1B4zBtVIvTa4TiqaJ2ATmXd5jEx1Zk2mHsXW carol@laptop";

fn recipients() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("bob".to_string(), BOB.to_string()),
        ("carol".to_string(), CAROL.to_string()),
        (
            "team-b".to_string(),
            "/home/ada/keys/team-b.pub".to_string(),
        ),
        // A name from config.toml holding an escape sequence.
        ("evil\u{1b}[2J".to_string(), BOB.to_string()),
    ])
}

fn both_sizes(name: &str, state: &RevealState) -> Vec<String> {
    [(80, 24), (160, 48)]
        .into_iter()
        .map(|(w, h)| draw_at(name, state, w, h))
        .collect()
}

#[test]
fn the_key_lists_the_recipients_with_their_keys_shortened_and_made_safe() {
    let mut r = reveal().with_recipients(recipients());
    assert!(matches!(press(&mut r, KeyCode::Char('a')), Outcome::Redraw));
    assert_eq!(r.key_context(), KeyContext::RevealPick);
    assert!(!r.typing());
    for screen in both_sizes("handoff_recipients", &r) {
        assert!(screen.contains("Hand off to"), "{screen}");
        assert!(screen.contains("bob"), "{screen}");
        assert!(screen.contains("age key age1ql3z7hjy…ac8p"), "{screen}");
        assert!(screen.contains("ssh-ed25519 key, tag"), "{screen}");
        assert!(screen.contains("(carol@laptop)"), "{screen}");
        assert!(
            screen.contains("file /home/ada/keys/team-b.pub"),
            "{screen}"
        );
        assert!(screen.contains("evil\\x1b[2J"), "{screen}");
        assert!(!screen.contains('\u{1b}'), "{screen}");
        assert!(!screen.contains(BOB), "a whole key is cut: {screen}");
    }
}

#[test]
fn enter_walks_recipient_format_and_file_to_a_handoff() {
    let mut r = reveal().with_recipients(recipients());
    press(&mut r, KeyCode::Char('a'));
    press(&mut r, KeyCode::Down);
    assert!(matches!(press(&mut r, KeyCode::Enter), Outcome::Redraw));
    // The formats: JSON first (the one `appcred import` reads back whole).
    assert_eq!(r.key_context(), KeyContext::RevealPick);
    for screen in both_sizes("handoff_formats", &r) {
        assert!(screen.contains("Hand off to carol as:"), "{screen}");
        assert!(screen.contains("> JSON"), "{screen}");
        assert!(screen.contains("clouds.yaml"), "{screen}");
    }
    press(&mut r, KeyCode::Down);
    press(&mut r, KeyCode::Enter);
    // The file: typed, `?` a character.
    assert_eq!(r.key_context(), KeyContext::RevealExport);
    assert!(r.typing());
    for screen in both_sizes("handoff_file", &r) {
        assert!(
            screen.contains("Hand off to carol: the openrc export, sealed with age"),
            "{screen}"
        );
        assert!(
            screen.contains("File:  ./magnum-k8s-prod-carol.age"),
            "{screen}"
        );
        assert!(screen.contains("Enter write"), "{screen}");
    }
    let Outcome::Handoff(h) = press(&mut r, KeyCode::Enter) else {
        panic!("Enter did not hand off");
    };
    assert_eq!(
        h,
        Handoff {
            recipient: "carol".into(),
            spec: CAROL.into(),
            format: ExportFormat::Openrc,
            path: "./magnum-k8s-prod-carol.age".into(),
        }
    );
    assert_eq!(r.key_context(), KeyContext::Reveal);
    assert!(
        r.secret().is_some(),
        "the secret stays for another destination"
    );
    r.handed_off("carol", std::path::Path::new("./magnum-k8s-prod-carol.age"));
    for screen in both_sizes("handoff_written", &r) {
        assert!(
            screen.contains("Wrote ./magnum-k8s-prod-carol.age for carol"),
            "{screen}"
        );
    }
}

#[test]
fn the_default_is_json_and_the_file_takes_a_typed_home_path() {
    let mut r = reveal()
        .with_recipients(recipients())
        .with_export_dir(Some("/srv/out".into()));
    press(&mut r, KeyCode::Char('a'));
    press(&mut r, KeyCode::Enter);
    press(&mut r, KeyCode::Enter);
    let Mode::Handoff(pick) = &r.mode else {
        panic!("no hand-off");
    };
    assert_eq!(pick.path.value(), "/srv/out/magnum-k8s-prod-bob.age");
    // Emptied, a pasted path goes in.
    let Mode::Handoff(pick) = &mut r.mode else {
        panic!("no hand-off");
    };
    pick.path = tui_input::Input::default();
    handle_paste(&mut r, "~/bob.age");
    let Outcome::Handoff(h) = press(&mut r, KeyCode::Enter) else {
        panic!("Enter did not hand off");
    };
    assert_eq!(h.format, crate::handoff::DEFAULT_FORMAT);
    assert_eq!(h.path, std::path::PathBuf::from("/home/ada/bob.age"));
    assert_eq!(h.recipient, "bob");
}

#[test]
fn esc_goes_back_a_step_and_an_empty_file_is_refused() {
    let mut r = reveal().with_recipients(recipients());
    press(&mut r, KeyCode::Char('a'));
    press(&mut r, KeyCode::Up); // wraps to the last
    press(&mut r, KeyCode::Enter);
    press(&mut r, KeyCode::Esc);
    assert_eq!(r.key_context(), KeyContext::RevealPick, "back to the list");
    press(&mut r, KeyCode::Enter);
    press(&mut r, KeyCode::Enter);
    let Mode::Handoff(pick) = &mut r.mode else {
        panic!("no hand-off");
    };
    pick.path = tui_input::Input::default();
    assert!(matches!(press(&mut r, KeyCode::Enter), Outcome::Redraw));
    assert!(r.error.as_deref().is_some_and(|e| e.contains("file path")));
    press(&mut r, KeyCode::Esc);
    assert_eq!(r.key_context(), KeyContext::Reveal);
    press(&mut r, KeyCode::Char('a'));
    press(&mut r, KeyCode::Esc);
    assert_eq!(r.key_context(), KeyContext::Reveal);
}

#[test]
fn without_recipients_the_key_says_how_to_configure_them() {
    let mut r = reveal();
    assert!(matches!(press(&mut r, KeyCode::Char('a')), Outcome::Redraw));
    for screen in both_sizes("handoff_unconfigured", &r) {
        assert!(screen.contains("No recipients yet"), "{screen}");
        assert!(screen.contains("[recipients]"), "{screen}");
        assert!(screen.contains("bob = \"age1...\""), "{screen}");
        assert!(screen.contains("~/keys/team-b.pub"), "{screen}");
    }
    assert!(matches!(press(&mut r, KeyCode::Enter), Outcome::Redraw));
    assert_eq!(r.key_context(), KeyContext::Reveal);
}

#[test]
fn a_failure_keeps_the_secret_and_says_why() {
    let mut r = reveal().with_recipients(recipients());
    r.set_error(
        "Handing off to team-b failed: /home/ada/keys/team-b.pub: not an age public key \
         (age1...), an SSH public key (ssh-ed25519 ..., ssh-rsa ...) or a file of them",
    );
    for screen in both_sizes("handoff_failed", &r) {
        assert!(screen.contains("Handing off to team-b failed"), "{screen}");
    }
    assert!(r.secret().is_some());
}
