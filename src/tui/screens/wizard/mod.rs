//! The creation wizard (`n`): preset -> name -> description -> roles ->
//! expiry -> unrestricted -> access rules -> secret -> review. Nothing is
//! sent before the review is confirmed; Esc goes back one step.
//!
//! The screen contract (../README.md): the state is [`WizardState`] (here,
//! with its steps in their own files), `keys` answers keys and pastes as
//! pure functions, `view` draws, `host` is the model side (opening it with
//! `n`, sending the create request on `Submit`, the roles and the create's
//! answers).
//!
//! ```ignore
//! let input = WizardInput::new(held_roles, service_types, existing_names);
//! let mut wizard = WizardState::new(input);
//! match wizard::handle_key(&mut wizard, &ctx, key) {  // pure: no I/O, no await
//!     Outcome::None | Outcome::Redraw => {}
//!     Outcome::Cancel => { /* drop the wizard */ }     // Esc on the first step
//!     Outcome::Submit(request) => { /* Effect::Create { request } */ }
//!     Outcome::RetryRoles => { /* list the roles again */ }
//! }
//! wizard::draw(&wizard, &ctx, frame, area);            // pure; ctx.now for the expiry preview
//! wizard.create_failed(message);                       // the create request failed
//! ```
//! After `Submit` the wizard ignores keys until the host either replaces it
//! (success: show the reveal screen) or calls `create_failed`.

mod access_rules;
mod expiry_step;
mod federated;
mod fields;
pub mod host;
mod keys;
mod preset_step;
mod review;
mod roles;
mod secret_step;
mod text_steps;
mod validate;
mod view;

#[cfg(test)]
mod federated_tests;
#[cfg(test)]
mod snapshot_tests;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::keys::KeyContext;
use crate::keystone::{HeldRole, NewApplicationCredential};
use crate::presets::Preset;

pub use federated::RoleSourceStatus;
pub use keys::{handle_key, handle_paste};
pub use view::draw;

/// Where the list of held roles stands. The wizard may open before the
/// roles reply (right after start): it then says they are loading and
/// fills them in when they come ([`WizardState::set_roles`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RolesStatus {
    #[default]
    Loaded,
    Loading,
    /// The request failed, with Keystone's reason; `r` asks again.
    Failed(String),
}

/// What the wizard needs from outside, given once at construction.
pub struct WizardInput {
    /// The roles the user holds on the current scope (implied ones too).
    pub held_roles: Vec<HeldRole>,
    /// Whether `held_roles` is the answer yet.
    pub roles_status: RolesStatus,
    /// The catalog's service types, for access rules (`compute`, ...).
    pub service_types: Vec<String>,
    /// Names of the user's existing credentials, to refuse a duplicate.
    pub existing_names: Vec<String>,
    /// The built-in presets unless a test replaces them.
    pub presets: Vec<Preset>,
    /// For a federated (SSO) user: where the roles come from, which says
    /// whether the credential keeps working.
    pub role_source: RoleSourceStatus,
}

impl WizardInput {
    pub fn new(
        held_roles: Vec<HeldRole>,
        service_types: Vec<String>,
        existing_names: Vec<String>,
    ) -> Self {
        WizardInput {
            held_roles,
            roles_status: RolesStatus::Loaded,
            service_types,
            existing_names,
            presets: crate::presets::all(),
            role_source: RoleSourceStatus::NotFederated,
        }
    }
}

/// What a key did, for the owner.
pub enum Outcome {
    /// Nothing changed.
    None,
    /// The wizard changed: draw again.
    Redraw,
    /// The user left the wizard (Esc on the first step).
    Cancel,
    /// The review was confirmed: send this create request.
    Submit(NewApplicationCredential),
    /// `r` on the roles step after the roles could not be listed.
    RetryRoles,
}

// By hand: a request may carry a typed secret.
impl std::fmt::Debug for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::None => f.write_str("None"),
            Outcome::Redraw => f.write_str("Redraw"),
            Outcome::Cancel => f.write_str("Cancel"),
            Outcome::Submit(r) => write!(f, "Submit({:?})", r.name),
            Outcome::RetryRoles => f.write_str("RetryRoles"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Preset,
    Name,
    Description,
    Roles,
    Expiry,
    Unrestricted,
    AccessRules,
    Secret,
    Review,
}

impl Step {
    pub const ALL: [Step; 9] = [
        Step::Preset,
        Step::Name,
        Step::Description,
        Step::Roles,
        Step::Expiry,
        Step::Unrestricted,
        Step::AccessRules,
        Step::Secret,
        Step::Review,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Step::Preset => "Preset",
            Step::Name => "Name",
            Step::Description => "Description",
            Step::Roles => "Roles",
            Step::Expiry => "Expiry",
            Step::Unrestricted => "Unrestricted",
            Step::AccessRules => "Access rules",
            Step::Secret => "Secret",
            Step::Review => "Review",
        }
    }

    /// 1-based position, for "step 3 of 9".
    pub fn number(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    fn next(self) -> Step {
        Step::ALL
            .get(self.number())
            .copied()
            .unwrap_or(Step::Review)
    }

    fn previous(self) -> Option<Step> {
        self.number()
            .checked_sub(2)
            .and_then(|i| Step::ALL.get(i).copied())
    }
}

/// The whole wizard. Holds a typed secret (if any) in [`crate::tui::widgets::MaskedField`]s,
/// so Debug is written by hand.
pub struct WizardState {
    input: WizardInput,
    step: Step,
    preset: preset_step::PresetStep,
    name: Input,
    description: Input,
    roles: roles::RolesStep,
    expiry: expiry_step::ExpiryStep,
    unrestricted: bool,
    rules: access_rules::RulesStep,
    secret: secret_step::SecretStep,
    /// The current step's error, shown under it.
    error: Option<String>,
    /// Submit was returned; waiting for the owner.
    submitting: bool,
}

impl std::fmt::Debug for WizardState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WizardState")
            .field("step", &self.step)
            .field("name", &self.name.value())
            .field("error", &self.error)
            .field("submitting", &self.submitting)
            .finish_non_exhaustive()
    }
}

impl WizardState {
    pub fn new(input: WizardInput) -> Self {
        let role_count = input.held_roles.len();
        WizardState {
            input,
            step: Step::Preset,
            preset: preset_step::PresetStep::default(),
            name: Input::default(),
            description: Input::default(),
            roles: roles::RolesStep::new(role_count),
            expiry: expiry_step::ExpiryStep::default(),
            unrestricted: false,
            rules: access_rules::RulesStep::default(),
            secret: secret_step::SecretStep::default(),
            error: None,
            submitting: false,
        }
    }

    pub fn step(&self) -> Step {
        self.step
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn is_submitting(&self) -> bool {
        self.submitting
    }

    /// The roles reply arrived (or failed, with the reason) while the
    /// wizard was open; a retry sets [`RolesStatus::Loading`] again.
    pub fn set_roles(&mut self, status: RolesStatus, roles: Option<Vec<HeldRole>>) {
        if let Some(roles) = roles {
            self.roles = roles::RolesStep::new(roles.len());
            self.input.held_roles = roles;
        }
        self.input.roles_status = status;
    }

    /// Keystone said where the roles come from (or why it could not).
    pub fn set_role_source(&mut self, status: RoleSourceStatus) {
        self.input.role_source = status;
    }

    pub fn role_source(&self) -> &RoleSourceStatus {
        &self.input.role_source
    }

    pub fn roles_status(&self) -> &RolesStatus {
        &self.input.roles_status
    }

    /// The create request failed: back to the review, showing why.
    pub fn create_failed(&mut self, message: impl Into<String>) {
        self.submitting = false;
        self.step = Step::Review;
        self.error = Some(message.into());
    }

    /// A text field has the keyboard: `?` is a character there (F1 helps).
    pub fn typing(&self) -> bool {
        match self.step {
            Step::Name | Step::Description => true,
            Step::Expiry => self.expiry.typing(),
            Step::AccessRules => self.rules.form.is_some(),
            Step::Preset => self.preset.params.is_some(),
            Step::Secret => self.secret.focus != secret_step::SecretFocus::Choice,
            Step::Roles | Step::Unrestricted | Step::Review => false,
        }
    }

    /// The key table of what has the keyboard now: the step, or the field
    /// or form inside it.
    pub fn key_context(&self) -> KeyContext {
        match self.step {
            Step::Preset if self.preset.params.is_some() => KeyContext::WizardPresetValues,
            Step::Preset => KeyContext::WizardPreset,
            Step::Name | Step::Description => KeyContext::WizardText,
            Step::Roles => KeyContext::WizardRoles,
            Step::Expiry if self.expiry.typing() => KeyContext::WizardExpiryTyping,
            Step::Expiry => KeyContext::WizardExpiry,
            Step::Unrestricted => KeyContext::WizardUnrestricted,
            Step::AccessRules => match &self.rules.form {
                Some(form) if form.focus == access_rules::FormField::Path => {
                    KeyContext::WizardRulePath
                }
                Some(_) => KeyContext::WizardRuleChoice,
                None => KeyContext::WizardRules,
            },
            Step::Secret if self.secret.focus != secret_step::SecretFocus::Choice => {
                KeyContext::WizardSecretTyping
            }
            Step::Secret => KeyContext::WizardSecret,
            Step::Review => KeyContext::WizardReview,
        }
    }

    fn go(&mut self, step: Step) -> Outcome {
        self.step = step;
        self.error = None;
        Outcome::Redraw
    }

    fn go_next(&mut self) -> Outcome {
        self.go(self.step.next())
    }

    /// Esc: one step back, or leave from the first.
    fn go_back(&mut self) -> Outcome {
        match self.step.previous() {
            Some(step) => self.go(step),
            None => Outcome::Cancel,
        }
    }

    fn fail(&mut self, message: impl Into<String>) -> Outcome {
        self.error = Some(message.into());
        Outcome::Redraw
    }

    /// Checks every step again and builds the request. On an error, returns
    /// the step to fix (the clock may have moved a typed expiry into the
    /// past since that step was left).
    fn build_request(
        &self,
        now: DateTime<Utc>,
    ) -> Result<NewApplicationCredential, (Step, String)> {
        let name = validate::name(self.name.value(), &self.input.existing_names)
            .map_err(|e| (Step::Name, e))?;
        let description =
            validate::description(self.description.value()).map_err(|e| (Step::Description, e))?;
        let role_ids = self
            .roles
            .chosen_ids(&self.input.held_roles)
            .map_err(|e| (Step::Roles, e))?;
        let expires_at = self.expiry.result(now).map_err(|e| (Step::Expiry, e))?;
        let secret = self.secret.chosen().map_err(|e| (Step::Secret, e))?;
        Ok(NewApplicationCredential {
            name,
            description,
            secret,
            expires_at,
            role_ids,
            unrestricted: self.unrestricted,
            access_rules: self.rules.rows.clone(),
        })
    }
}
