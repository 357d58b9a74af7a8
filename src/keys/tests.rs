//! The key table's own rules: matching, sharing, labels, and that every
//! context has keys and none binds one key twice.

use super::*;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn arrows_and_vi_keys_move() {
    let ctx = KeyContext::CredentialTable;
    let k = press(KeyCode::Char('k'), KeyModifiers::NONE);
    assert_eq!(action(ctx, &k), Some(Action::Up));
    let up = press(KeyCode::Up, KeyModifiers::NONE);
    assert_eq!(action(ctx, &up), Some(Action::Up));
    let big_g = press(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert_eq!(action(ctx, &big_g), Some(Action::Bottom));
    let ctrl_k = press(KeyCode::Char('k'), KeyModifiers::CONTROL);
    assert_eq!(action(ctx, &ctrl_k), None);
}

#[test]
fn panes_share_the_main_view_keys() {
    for ctx in [
        KeyContext::ScopePane,
        KeyContext::CredentialTable,
        KeyContext::DetailPane,
    ] {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action(ctx, &q), Some(Action::Quit), "{ctx:?}");
    }
    let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
    assert_eq!(action(KeyContext::ConfirmDelete, &q), None);
}

#[test]
fn every_binding_has_a_label_and_description() {
    for ctx in [
        KeyContext::CloudPicker,
        KeyContext::ScopePane,
        KeyContext::CredentialTable,
        KeyContext::DetailPane,
        KeyContext::ConfirmDelete,
        KeyContext::ErrorPopup,
        KeyContext::Help,
    ] {
        for b in bindings(ctx) {
            assert!(!keys_label(b).is_empty());
            assert!(!b.description.is_empty());
        }
    }
    let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(is_interrupt(&ctrl_c));
}

#[test]
fn typing_contexts_bind_no_letters() {
    let typing = [
        KeyContext::WizardPresetValues,
        KeyContext::WizardText,
        KeyContext::WizardExpiryTyping,
        KeyContext::WizardRulePath,
        KeyContext::WizardSecretTyping,
        KeyContext::RevealExport,
        KeyContext::RotateExpiry,
        KeyContext::PasswordPrompt,
        KeyContext::Filter,
    ];
    for ctx in typing {
        for b in bindings(ctx) {
            assert!(
                b.keys.iter().all(|k| !matches!(k.code, KeyCode::Char(_))),
                "{ctx:?} {:?} would eat a typed letter",
                b.action
            );
        }
    }
}

#[test]
fn every_context_is_listed_once() {
    for (i, ctx) in KeyContext::ALL.iter().enumerate() {
        assert!(!KeyContext::ALL[i + 1..].contains(ctx), "{ctx:?} twice");
        assert!(!ctx.name().is_empty() && !ctx.title().is_empty());
    }
}
