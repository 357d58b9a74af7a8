//! The key tables of the creation wizard's steps and of the fields and
//! forms inside them.

use crossterm::event::KeyCode;

use super::common::{DOWN, DOWN_ARROW, HELP, HELP_TYPING, UP, UP_ARROW};
use super::{Action, Binding, KeyContext, bind, code, hinted, key};

const NEXT: Binding = hinted(
    &[code(KeyCode::Enter)],
    Action::Confirm,
    "next step",
    "next",
);
const BACK: Binding = hinted(&[code(KeyCode::Esc)], Action::Back, "one step back", "back");

const WIZARD_PRESET: &[Binding] = &[
    UP,
    DOWN,
    NEXT,
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "leave the wizard",
        "cancel",
    ),
    HELP,
];

const WIZARD_PRESET_VALUES: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "next value; on the last one, apply the preset",
        "apply",
    ),
    hinted(
        &[code(KeyCode::Tab), code(KeyCode::Down)],
        Action::NextField,
        "next value",
        "next field",
    ),
    bind(
        &[code(KeyCode::BackTab), code(KeyCode::Up)],
        Action::PreviousField,
        "previous value",
    ),
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "choose the preset again",
        "choose again",
    ),
    HELP_TYPING,
];

const WIZARD_TEXT: &[Binding] = &[NEXT, BACK, HELP_TYPING];

const WIZARD_ROLES: &[Binding] = &[
    UP,
    hinted(
        &[code(KeyCode::Down), key('j')],
        Action::Down,
        "move down",
        "move",
    ),
    hinted(
        &[key(' ')],
        Action::Mark,
        "mark a role (or all my roles)",
        "mark",
    ),
    bind(
        &[key('r')],
        Action::Refresh,
        "list the roles again (after a failure)",
    ),
    NEXT,
    BACK,
    HELP,
];

const WIZARD_EXPIRY: &[Binding] = &[UP, DOWN, NEXT, BACK, HELP];

const WIZARD_EXPIRY_TYPING: &[Binding] = &[UP_ARROW, DOWN_ARROW, NEXT, BACK, HELP_TYPING];

const WIZARD_UNRESTRICTED: &[Binding] = &[
    hinted(
        &[key(' ')],
        Action::Mark,
        "turn unrestricted on or off",
        "toggle",
    ),
    NEXT,
    BACK,
    HELP,
];

const WIZARD_RULES: &[Binding] = &[
    UP,
    bind(&[code(KeyCode::Down), key('j')], Action::Down, "move down"),
    hinted(
        &[key('a'), code(KeyCode::Insert)],
        Action::New,
        "add an access rule",
        "add",
    ),
    hinted(
        &[key('d'), code(KeyCode::Delete), code(KeyCode::Backspace)],
        Action::Delete,
        "remove the selected rule",
        "remove",
    ),
    NEXT,
    BACK,
    HELP,
];

const RULE_FIELD_NEXT: Binding = hinted(
    &[code(KeyCode::Tab)],
    Action::NextField,
    "next field",
    "field",
);
const RULE_FIELD_PREVIOUS: Binding = bind(
    &[code(KeyCode::BackTab)],
    Action::PreviousField,
    "previous field",
);
const RULE_DISCARD: Binding = hinted(
    &[code(KeyCode::Esc)],
    Action::Back,
    "discard the new rule",
    "discard",
);

const WIZARD_RULE_CHOICE: &[Binding] = &[
    hinted(
        &[code(KeyCode::Left), code(KeyCode::Up), key('k')],
        Action::Left,
        "previous choice",
        "",
    ),
    hinted(
        &[code(KeyCode::Right), code(KeyCode::Down), key('j')],
        Action::Right,
        "next choice",
        "choose",
    ),
    RULE_FIELD_NEXT,
    RULE_FIELD_PREVIOUS,
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "next field",
        "next field",
    ),
    RULE_DISCARD,
    HELP,
];

const WIZARD_RULE_PATH: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "add the rule",
        "add rule",
    ),
    RULE_FIELD_NEXT,
    RULE_FIELD_PREVIOUS,
    RULE_DISCARD,
    HELP_TYPING,
];

const WIZARD_SECRET: &[Binding] = &[UP, DOWN, NEXT, BACK, HELP];

const WIZARD_SECRET_TYPING: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "next field; on the second, take the secret",
        "confirm",
    ),
    hinted(
        &[
            code(KeyCode::Tab),
            code(KeyCode::BackTab),
            code(KeyCode::Up),
            code(KeyCode::Down),
        ],
        Action::NextField,
        "the other field",
        "other field",
    ),
    hinted(
        &[code(KeyCode::Esc)],
        Action::Back,
        "choose again (generated or typed)",
        "choose again",
    ),
    HELP_TYPING,
];

const WIZARD_REVIEW: &[Binding] = &[
    hinted(
        &[code(KeyCode::Enter)],
        Action::Confirm,
        "create the credential",
        "create",
    ),
    hinted(
        &[
            key('1'),
            key('2'),
            key('3'),
            key('4'),
            key('5'),
            key('6'),
            key('7'),
            key('8'),
        ],
        Action::EditStep,
        "go to step 1-8 to change it (the n-th key: the n-th step)",
        "edit a step",
    ),
    BACK,
    HELP,
];

/// The table of a wizard context, if `context` is one.
pub(super) fn table(context: KeyContext) -> Option<&'static [Binding]> {
    Some(match context {
        KeyContext::WizardPreset => WIZARD_PRESET,
        KeyContext::WizardPresetValues => WIZARD_PRESET_VALUES,
        KeyContext::WizardText => WIZARD_TEXT,
        KeyContext::WizardRoles => WIZARD_ROLES,
        KeyContext::WizardExpiry => WIZARD_EXPIRY,
        KeyContext::WizardExpiryTyping => WIZARD_EXPIRY_TYPING,
        KeyContext::WizardUnrestricted => WIZARD_UNRESTRICTED,
        KeyContext::WizardRules => WIZARD_RULES,
        KeyContext::WizardRuleChoice => WIZARD_RULE_CHOICE,
        KeyContext::WizardRulePath => WIZARD_RULE_PATH,
        KeyContext::WizardSecret => WIZARD_SECRET,
        KeyContext::WizardSecretTyping => WIZARD_SECRET_TYPING,
        KeyContext::WizardReview => WIZARD_REVIEW,
        _ => return None,
    })
}
