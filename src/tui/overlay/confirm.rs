//! A yes/no dialog (delete, kill, overwrite, wait for a result), or a
//! question an open form asks about itself (close, clear, quit, send
//! again): holds what it acts on and what a yes does, both fixed when it
//! opened; No by default.

use super::{Ask, Ctx, Target};
use crate::tui::form::FormQuestion;
use crate::tui::keys::{Action, Layer};
use crate::tui::message::Effect;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a yes does.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Carry out this effect (delete, kill, overwrite); boxed, as effects are large.
    Effect(Box<Effect>),
    /// Remember to download the target's result once its job completes.
    DownloadWhenDone,
    /// The form under it takes the answer.
    Form(FormQuestion),
}

/// A pending delete, kill, overwrite or wait.
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    /// What it acts on (for an overwrite: the resource, its name the file's path).
    pub target: Target,
    /// The verb shown (`Delete`, `Kill`, `Overwrite`).
    pub verb: &'static str,
    /// What it is called in the question (`task`, `file`).
    pub noun: &'static str,
    /// What a yes does.
    pub then: Then,
    /// The question, when it is not `{verb} {noun} {name}?`.
    pub question: Option<String>,
    /// The highlighted answer; No by default.
    pub yes: bool,
    /// What the dashboard knows that speaks against it (jobs in motion that use it).
    pub warnings: Vec<String>,
}

impl Confirm {
    /// A dialog to delete or kill `target`, No highlighted.
    pub fn destroy(target: Target, verb: &'static str) -> Confirm {
        let then = Effect::Destroy { kind: target.kind, id: target.id.clone() };
        Confirm::new(target.clone(), verb, target.kind.spec().noun, then)
    }

    /// A dialog that carries out `then` on a yes.
    pub fn new(target: Target, verb: &'static str, noun: &'static str, then: Effect) -> Confirm {
        Confirm {
            target,
            verb,
            noun,
            then: Then::Effect(Box::new(then)),
            yes: false,
            warnings: Vec::new(),
            question: None,
        }
    }

    /// Asked when a result is wanted of a job not finished (`status`): a
    /// yes downloads it once the job completes; nothing is sent now.
    pub fn download_when_done(target: Target, status: &str) -> Confirm {
        let noun = target.kind.spec().noun;
        let mut title = noun.to_string();
        if let Some(first) = title.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        let question = format!(
            "{title} {} is {status}: its result is not ready. Download it when it completes?",
            crate::text::clean(&target.name)
        );
        let then = Then::DownloadWhenDone;
        Confirm { target, verb: "Wait", noun, then, yes: false, warnings: Vec::new(), question: Some(question) }
    }

    /// The form `target` names asks `question` about itself.
    pub fn form(question: FormQuestion, target: Target) -> Confirm {
        let then = Then::Form(question);
        Confirm { target, verb: "", noun: "form", then, yes: false, warnings: Vec::new(), question: None }
    }

    /// The form question this is, if it is one.
    pub fn form_question(&self) -> Option<FormQuestion> {
        match self.then {
            Then::Form(q) => Some(q),
            _ => None,
        }
    }

    /// Handles a key.
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        if let Then::Form(question) = self.then {
            // Every key answers a form's question: `y` yes, any other no.
            let y = matches!(k.code, KeyCode::Char('y' | 'Y'));
            let yes = match question {
                // Not Enter, and no modifier but Shift: a duplicate cannot be undone.
                FormQuestion::Resend => y && k.modifiers.difference(KeyModifiers::SHIFT).is_empty(),
                _ => y || k.code == KeyCode::Enter,
            };
            return vec![Ask::Close, Ask::FormAnswer { question, yes }];
        }
        let answer = match ctx.keys.action(Layer::Confirm, k) {
            Some(Action::Yes) => true,
            Some(Action::No) => false,
            Some(Action::Accept) => self.yes,
            Some(Action::Switch) => {
                self.yes = !self.yes;
                return Vec::new();
            }
            Some(Action::Quit) => return vec![Ask::Quit],
            _ => return Vec::new(),
        };
        let mut asks = vec![Ask::Close];
        if answer {
            asks.push(match &self.then {
                Then::Effect(e) => Ask::Effect(e.as_ref().clone()),
                Then::DownloadWhenDone => Ask::DownloadWhenDone(self.target.clone()),
                Then::Form(question) => Ask::FormAnswer { question: *question, yes: true },
            });
        }
        asks
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;
    use crate::tui::keys::KeyMap;

    fn answer(question: FormQuestion, code: KeyCode, mods: KeyModifiers) -> Vec<Ask> {
        let target = Target { kind: Kind::Tasks, id: "task".into(), name: "Train task".into() };
        let keys = KeyMap::default();
        let ctx = Ctx { keys: &keys, now: jiff::Timestamp::UNIX_EPOCH };
        Confirm::form(question, target).on_key(&KeyEvent::new(code, mods), ctx)
    }

    #[test]
    fn enter_answers_yes_to_closing_a_form() {
        let asks = answer(FormQuestion::Close, KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(asks, vec![Ask::Close, Ask::FormAnswer { question: FormQuestion::Close, yes: true }]);
    }

    #[test]
    fn any_other_key_answers_no_to_a_form() {
        let asks = answer(FormQuestion::Clear, KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(asks, vec![Ask::Close, Ask::FormAnswer { question: FormQuestion::Clear, yes: false }]);
    }

    #[test]
    fn only_a_plain_y_sends_again() {
        let no = |code, mods| {
            answer(FormQuestion::Resend, code, mods)
                .contains(&Ask::FormAnswer { question: FormQuestion::Resend, yes: false })
        };
        assert!(no(KeyCode::Enter, KeyModifiers::NONE));
        assert!(no(KeyCode::Char('y'), KeyModifiers::CONTROL));
        assert!(!no(KeyCode::Char('Y'), KeyModifiers::SHIFT));
    }
}
