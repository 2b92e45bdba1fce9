//! The recommendation lookup on a service (`R`): a type, a target, and the
//! item ids the service's training recommends, with the lookups made while
//! ncdash runs. Pure state and keys; `view/lookup.rs` draws it. Its fields
//! and request are the `RECOMMEND_FORM` description's, whose rule
//! `ncdash recommend` follows too.

use super::{Ask, Ctx, Target};
use crate::api::ApiRequest;
use crate::resource::form::Values;
use crate::resource::{FormName, Row};
use crate::tui::keys::{Action, Layer};
use crate::tui::message::{Effect, Looking};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::Timestamp;
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};

/// How many lookups are kept.
pub const KEPT: usize = 10;

/// The field in focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The lookup type.
    Type,
    /// The user or item id.
    Target,
}

/// One lookup made, for the list shown with the form.
#[derive(Clone, Debug, PartialEq)]
pub struct Looked {
    /// The service asked.
    pub service: String,
    /// The lookup type.
    pub infer_type: String,
    /// The target sent (empty for `pop`).
    pub target: String,
    /// The item ids answered, cleaned.
    pub ids: Vec<String>,
    /// When the answer came.
    pub at: Timestamp,
}

impl Looked {
    /// What a lookup's answer says: its item ids, cleaned (server text).
    pub fn from_answer(asked: &Looking, v: &Value, at: Timestamp) -> Looked {
        let ids = v.get("values").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let ids = ids.iter().map(|x| crate::text::cleaned(crate::resource::format::flat(x))).collect();
        let (service, infer_type, target) = (asked.service.clone(), asked.infer_type.clone(), asked.target.clone());
        Looked { service, infer_type, target, ids, at }
    }
}

/// The last [`KEPT`] lookups, newest first, kept while ncdash runs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lookups(VecDeque<Looked>);

impl Lookups {
    /// Keeps `l`, dropping the oldest past [`KEPT`].
    pub fn push(&mut self, l: Looked) {
        self.0.push_front(l);
        self.0.truncate(KEPT);
    }

    /// Newest first.
    pub fn iter(&self) -> impl Iterator<Item = &Looked> {
        self.0.iter()
    }
}

/// The lookup form on one service.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// The service, fixed when it opened.
    pub service: Target,
    /// The chosen type's position among the description's choices.
    pub choice: usize,
    /// The target as typed.
    pub target: String,
    /// The field in focus.
    pub focus: Focus,
    /// The types the service has a completed training of, once its trainings are listed.
    pub completed: Option<Vec<String>>,
    /// Why the trainings could not be listed.
    pub list_error: Option<String>,
    /// What is wrong: the field (`type`, `target`, or empty for the whole) and why.
    pub error: Option<(String, String)>,
    /// The lookup under way: the next waits for its answer.
    pub sending: Option<Looking>,
    /// The ids of the last answer, with its type and target.
    pub result: Option<Looked>,
}

/// The lookup types, as the form's description lists them.
pub fn types() -> &'static [&'static str] {
    match FormName::Recommend.spec().entry("type").map(|e| e.input) {
        Some(crate::resource::form::Input::Select(words)) => words,
        _ => &[],
    }
}

impl Lookup {
    /// A lookup on `service`, its trainings not yet listed.
    pub fn new(service: Target) -> Lookup {
        Lookup {
            service,
            choice: 0,
            target: String::new(),
            focus: Focus::Type,
            completed: None,
            list_error: None,
            error: None,
            sending: None,
            result: None,
        }
    }

    /// The chosen type.
    pub fn infer_type(&self) -> &'static str {
        types().get(self.choice).copied().unwrap_or_default()
    }

    /// Takes the service's trainings: the completed ones' types.
    pub fn trainings(&mut self, r: Result<Vec<Row>, String>) {
        match r {
            Ok(rows) => {
                let done = rows.iter().filter(|r| r.phase == crate::model::Phase::Succeeded);
                let mut types: Vec<String> = done.map(|r| r.name.to_string()).collect();
                types.sort();
                types.dedup();
                self.completed = Some(types);
                self.list_error = None;
            }
            Err(e) => self.list_error = Some(e),
        }
    }

    /// Why nothing can be sent now, before the form's own rules.
    fn held(&self) -> Option<(String, String)> {
        let id = &self.service.id;
        let ty = self.infer_type();
        match &self.completed {
            None if self.list_error.is_some() => None,
            None => Some((String::new(), "still reading the service's trainings".into())),
            Some(done) if done.is_empty() => {
                Some((String::new(), format!("service {id} has no completed training yet; nothing was sent")))
            }
            Some(done) if !done.iter().any(|d| d == ty) => {
                Some(("type".into(), format!("service {id} has no completed {ty} training yet")))
            }
            Some(_) => None,
        }
    }

    /// The request for what is chosen, by the description's rule; errors land on their field.
    pub fn request(&self) -> Result<ApiRequest, (String, String)> {
        if let Some(why) = self.held() {
            return Err(why);
        }
        let map: BTreeMap<String, String> =
            [("type".to_string(), self.infer_type().to_string()), ("target".to_string(), self.target.clone())].into();
        let values = Values { map: &map, target: &self.service.id, schema: None };
        (FormName::Recommend.spec().build)(&values)
            .map_err(|e| e.0.first().map(|f| (f.field.to_string(), f.message.clone())).unwrap_or_default())
    }

    /// Sends the lookup, unless one is under way or the input is wrong.
    fn submit(&mut self) -> Vec<Ask> {
        if self.sending.is_some() {
            return Vec::new();
        }
        match self.request() {
            Ok(req) => {
                self.error = None;
                let asked = Looking {
                    service: self.service.id.clone(),
                    infer_type: self.infer_type().to_string(),
                    target: self.target_sent(),
                };
                self.sending = Some(asked.clone());
                vec![Ask::Effect(Effect::Recommend(asked, req))]
            }
            Err(e) => {
                self.error = Some(e);
                Vec::new()
            }
        }
    }

    /// The target as sent, by the rule the request is built by (`pop`: empty).
    fn target_sent(&self) -> String {
        crate::validate::aitems::lookup_target(self.infer_type(), &self.target).unwrap_or_default()
    }

    /// Takes the answer to what it asked (an older ask's is only kept in the list).
    pub fn answered(&mut self, asked: &Looking, r: Result<Looked, (Option<u16>, String)>) {
        if self.sending.as_ref() != Some(asked) {
            return;
        }
        self.sending = None;
        match r {
            Ok(l) => self.result = Some(l),
            // A 404 from a service that exists: no completed training of that type (as the CLI reads it).
            Err((Some(404), _)) => {
                let why = format!("service {} has no completed {} training yet", asked.service, asked.infer_type);
                self.error = Some(("type".into(), why));
            }
            Err((Some(400), e)) => self.error = Some(("target".into(), e)),
            Err((_, e)) => self.error = Some((String::new(), e)),
        }
    }

    /// Handles a key (the form layer's bindings; letters are text in the target).
    pub fn on_key(&mut self, k: &KeyEvent, ctx: Ctx<'_>) -> Vec<Ask> {
        let n = types().len().max(1);
        match ctx.keys.action(Layer::Form, k) {
            Some(Action::Back) => return vec![Ask::Close],
            Some(Action::Quit) => return vec![Ask::Quit],
            Some(Action::Submit) => return self.submit(),
            Some(Action::NextField | Action::PrevField) => {
                self.focus = if self.focus == Focus::Type { Focus::Target } else { Focus::Type };
            }
            Some(Action::NextChoice) => self.choice = (self.choice + 1) % n,
            Some(Action::PrevChoice) => self.choice = (self.choice + n - 1) % n,
            Some(Action::ClearToStart) if self.focus == Focus::Target => self.target.clear(),
            _ => match (k.code, self.focus) {
                (KeyCode::Enter, _) => return self.submit(),
                (KeyCode::Up | KeyCode::Down, _) => {
                    self.focus = if self.focus == Focus::Type { Focus::Target } else { Focus::Type };
                }
                (KeyCode::Right | KeyCode::Char(' '), Focus::Type) => self.choice = (self.choice + 1) % n,
                (KeyCode::Left, Focus::Type) => self.choice = (self.choice + n - 1) % n,
                (KeyCode::Backspace, Focus::Target) => {
                    self.target.pop();
                }
                (KeyCode::Char(c), Focus::Target)
                    if !k.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                {
                    self.target.push(c);
                }
                _ => return Vec::new(),
            },
        }
        // What was wrong may be right now: the next send says again.
        self.error = None;
        Vec::new()
    }

    /// Pasted text goes into the target, on one line.
    pub fn paste(&mut self, line: &str) -> bool {
        self.focus = Focus::Target;
        self.target.push_str(line);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resource::Kind;
    use crate::tui::keys::KeyMap;
    use serde_json::json;

    fn open(completed: &[&str]) -> Lookup {
        let mut l = Lookup::new(Target { kind: Kind::Services, id: "svc1".into(), name: "shop".into() });
        let rows = completed
            .iter()
            .map(|t| Kind::Trainings.spec().row(&json!({"type": t, "version": "v", "status": "completed"})))
            .collect();
        l.trainings(Ok(rows));
        l
    }

    fn key(l: &mut Lookup, code: KeyCode) -> Vec<Ask> {
        let keys = KeyMap::default();
        let ctx = Ctx { keys: &keys, now: "2026-12-05T06:00:00Z".parse().expect("a time") };
        l.on_key(&KeyEvent::new(code, KeyModifiers::NONE), ctx)
    }

    fn sent(asks: &[Ask]) -> usize {
        asks.iter().filter(|a| matches!(a, Ask::Effect(Effect::Recommend(..)))).count()
    }

    #[test]
    fn a_personal_lookup_without_a_user_id_sends_nothing() {
        let mut l = open(&["personalRecommend"]);
        assert_eq!(sent(&key(&mut l, KeyCode::Enter)), 0);
        assert_eq!(l.error.as_ref().map(|e| e.0.as_str()), Some("target"));
    }

    #[test]
    fn a_type_with_no_completed_training_sends_nothing() {
        let mut l = open(&["personalRecommend"]);
        key(&mut l, KeyCode::Left);
        assert_eq!(l.infer_type(), "pop");
        assert_eq!(sent(&key(&mut l, KeyCode::Enter)), 0);
        assert!(l.error.as_ref().is_some_and(|e| e.1.contains("no completed pop training")), "{:?}", l.error);
    }

    #[test]
    fn a_service_with_no_completed_training_says_so() {
        let mut l = open(&[]);
        key(&mut l, KeyCode::Enter);
        assert!(l.error.as_ref().is_some_and(|e| e.1.contains("has no completed training yet")), "{:?}", l.error);
    }

    #[test]
    fn pop_is_sent_with_an_empty_target() {
        let mut l = open(&["pop"]);
        key(&mut l, KeyCode::Tab);
        key(&mut l, KeyCode::Char('x'));
        key(&mut l, KeyCode::Tab);
        key(&mut l, KeyCode::Left);
        let asks = key(&mut l, KeyCode::Enter);
        let Some(Ask::Effect(Effect::Recommend(_, req))) = asks.first() else { panic!("sent: {asks:?}") };
        assert!(req.query.contains(&("targetId".to_string(), String::new())), "{req:?}");
    }

    #[test]
    fn one_lookup_at_a_time() {
        let mut l = open(&["relatedItem"]);
        key(&mut l, KeyCode::Right);
        key(&mut l, KeyCode::Tab);
        key(&mut l, KeyCode::Char('7'));
        assert_eq!(sent(&key(&mut l, KeyCode::Enter)), 1);
        assert_eq!(sent(&key(&mut l, KeyCode::Enter)), 0);
    }

    #[test]
    fn the_answer_keeps_its_ids() {
        let mut l = open(&["relatedItem"]);
        key(&mut l, KeyCode::Right);
        key(&mut l, KeyCode::Tab);
        key(&mut l, KeyCode::Char('7'));
        let asks = key(&mut l, KeyCode::Enter);
        let Some(Ask::Effect(Effect::Recommend(asked, _))) = asks.first() else { panic!("sent: {asks:?}") };
        let now = "2026-12-05T06:00:00Z".parse().expect("a time");
        let answer = json!({"field": "ITEM_ID", "values": ["a1", "b\u{1b}[2J"]});
        l.answered(asked, Ok(Looked::from_answer(asked, &answer, now)));
        assert_eq!(
            l.result.map(|k| (k.infer_type, k.target, k.ids)),
            Some(("relatedItem".into(), "7".into(), vec!["a1".into(), "b\u{fffd}[2J".into()]))
        );
    }

    #[test]
    fn only_the_last_ten_lookups_are_kept() {
        let mut h = Lookups::default();
        let at = "2026-12-05T06:00:00Z".parse().expect("a time");
        for i in 0..12 {
            h.push(Looked { service: "s".into(), infer_type: "pop".into(), target: i.to_string(), ids: vec![], at });
        }
        let targets: Vec<&str> = h.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets.len(), KEPT);
        assert_eq!((targets[0], targets[9]), ("11", "2"));
    }
}
