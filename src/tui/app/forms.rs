//! Forms on the stack: opening one with its draft and pickers, keys,
//! submits and their answers.

use super::App;
use crate::api::transport::UNKNOWN;
use crate::api::{ApiError, ErrorKind, Lane};
use crate::model::Phase;
use crate::model::aitems::{Dataset, Schema};
use crate::resource::form::{MatchTo, Pick};
use crate::resource::{FormName, Kind, Row};
use crate::tui::form::drafts::Unknown;
use crate::tui::form::specs::FormId;
use crate::tui::form::{Choice, Form, Stage};
use crate::tui::keys::{Action, Layer};
use crate::tui::message::{DetailPurpose, Effect};
use crate::tui::overlay::Overlay;
use crate::tui::toast::Tone;
use serde_json::Value;
use std::collections::BTreeMap;

/// An edit form's note until the item's current values arrive.
const READING: &str = "reading the current values…";

impl App {
    /// Opens a form (with its draft) and asks for what its pickers offer.
    pub fn open_form(&mut self, id: FormId) -> Vec<Effect> {
        // A download only reads: read-only mode allows it.
        if self.options.read_only && id.name != FormName::Download {
            self.toast(Tone::Error, "read-only mode (--read-only): forms that change something are disabled");
            return Vec::new();
        }
        let key = id.draft_key();
        let mut form = Form::open(id.clone(), self.drafts.get(&key));
        // A reopened draft says so, and how to start afresh (the key bound to clear, if any).
        if form.has_input() {
            let clear = self.keys.first_key_of(Layer::Form, Action::Clear);
            form.note = Some(if clear.is_empty() {
                "draft restored".to_string()
            } else {
                format!("draft restored ({clear} clears)")
            });
        }
        // Reopened while its submit is on its way, or after one of unknown outcome: the form says so.
        if self.drafts.is_sending(&key) {
            form.stage = Stage::Submitting;
        } else if let Some(u) = self.drafts.unknown.get(&key) {
            form.tell_unknown(u.sent.clone(), if u.told { unknown_news(self, u) } else { UNKNOWN.to_string() });
        }
        for (key, choices) in self.known_choices(&form) {
            form.set_choices(key, choices);
        }
        // A picker of a pane never opened (`:schemas`) would offer nothing:
        // the pane is opened, so the refresher lists it and the picker learns.
        for kind in form.fields.iter().filter_map(|f| f.picks.map(|p| p.kind)) {
            if let Some(st) = self.panes.get_mut(&kind) {
                st.sync.opened = true;
            }
        }
        // A create form starts from what is in view: each kind's first picker
        // takes that pane's selected row (or the one last created here).
        if id.target.is_none() {
            let mut seen = Vec::new();
            let pickers: Vec<_> = form.fields.iter().filter_map(|f| f.picks.map(|p| (f.key, p))).collect();
            let values = form.values();
            // The row in view goes to the first picker it fits (an item
            // dataset to the attach form's item picker), once per kind.
            for (key, pick) in pickers {
                if seen.contains(&pick.kind) {
                    continue;
                }
                if let Some(v) = self.in_context(pick, &values) {
                    seen.push(pick.kind);
                    form.prefill(key, &v);
                }
            }
        }
        // An edit form starts from the item as it is: the detail known now,
        // and a fresh one asked for (it fills only what is still empty).
        let mut fx = Vec::new();
        if let (true, Some(target)) = (form.edits_item(), &id.target) {
            match self.seen_details.get(id.kind(), target) {
                Some(v) => form.start_from(v),
                None => form.note = Some(READING.into()),
            }
            fx.push(Effect::FetchDetail {
                kind: id.kind(),
                id: target.clone(),
                lane: Lane::User,
                purpose: DetailPurpose::Show,
            });
        }
        fx.extend(match (id.name, &id.target) {
            // The upload form learns the datasets (and their columns) from its service's detail.
            (FormName::Upload, Some(target)) => {
                vec![Effect::FetchDetail {
                    kind: id.kind(),
                    id: target.clone(),
                    lane: Lane::User,
                    purpose: DetailPurpose::Show,
                }]
            }
            (FormName::App, _) => vec![Effect::FetchWorkspaces],
            _ => Vec::new(),
        });
        self.overlays.push(Overlay::Form(Box::new(form)));
        if id.name == FormName::Workspace {
            return self.offer_images();
        }
        fx.extend(self.follow_tables());
        fx
    }

    /// The item of `pick`'s kind a form would mean now: the selected row of
    /// its pane, else the one last created this session (a task just
    /// trained), when the picker offers it.
    fn in_context(&self, pick: Pick, values: &BTreeMap<String, String>) -> Option<String> {
        let st = self.panes.get(&pick.kind)?;
        let fits = |r: &&Row| offers(pick, values, r);
        let selected = st.selected_row().filter(fits);
        let created = || self.last_created.get(&pick.kind).and_then(|id| st.row(id)).filter(fits);
        selected.or_else(created).map(|r| r.id.clone())
    }

    /// What the pickers of a form can offer from the lists already loaded,
    /// as each picker field says (completed features and tasks, services,
    /// schemas of the chosen type): newest first, the pane's selected row on top.
    fn known_choices(&self, form: &Form) -> Vec<(&'static str, Vec<Choice>)> {
        let values = form.values();
        form.fields.iter().filter_map(|f| Some((f.key, self.choices_of(f.picks?, &values)?))).collect()
    }

    /// The listed items `pick` offers given the form's values, as choices.
    fn choices_of(&self, pick: Pick, values: &BTreeMap<String, String>) -> Option<Vec<Choice>> {
        let st = self.panes.get(&pick.kind)?;
        let mut rows: Vec<&Row> = st.rows.iter().filter(|r| offers(pick, values, r)).collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.created));
        if let Some(at) = st.selected_row().and_then(|s| rows.iter().position(|r| r.id == s.id)) {
            let r = rows.remove(at);
            rows.insert(0, r);
        }
        let choice =
            |r: &Row| Choice { value: r.id.clone(), label: r.name.to_string(), schema_name: None, schema: None };
        Some(rows.into_iter().map(choice).collect())
    }

    /// Pickers narrowed by another field (a dataset's schema by its type)
    /// offer again when that field changed, and only then: a keystroke in
    /// any other field costs nothing however long the lists are.
    pub(super) fn follow_types(&mut self) {
        let Some(f) = self.form() else { return };
        let values = f.values();
        let driven: Vec<(&'static str, Pick, &str)> = f
            .fields
            .iter()
            .filter_map(|x| {
                let pick = x.picks?;
                let MatchTo::Field(by) = pick.matching?.to else { return None };
                Some((x.key, pick, values.get(by).map_or("", |v| v.trim())))
            })
            .collect();
        let basis: Vec<&str> = driven.iter().map(|(_, _, v)| *v).collect();
        let basis = basis.join("\n");
        if driven.is_empty() || f.narrowed_by.as_deref() == Some(basis.as_str()) {
            return;
        }
        let offered: Vec<_> =
            driven.iter().filter_map(|(key, pick, _)| Some((*key, self.choices_of(*pick, &values)?))).collect();
        if let Some(f) = self.form_mut() {
            f.narrowed_by = Some(basis);
            // Only a create takes defaults from context (an edit's are the item's own).
            let from_context = f.id.target.is_none();
            for (key, c) in offered {
                // A default taken from context that no longer fits goes: it was never input.
                let fits = |v: &str| c.iter().any(|x| x.value == v);
                if let Some(field) = f.fields.iter_mut().find(|x| x.key == key)
                    && from_context
                    && f.prefilled.get(key).is_some_and(|p| *p == field.value() && !fits(p))
                {
                    field.set_value("");
                    f.prefilled.remove(key);
                }
                f.set_choices(key, c);
            }
        }
    }

    /// Fields that depend on another follow it: pickers the type they
    /// match, a table its followed field (`form_tables`), and the upload
    /// form's datasets its service.
    pub(super) fn follow_fields(&mut self) -> Vec<Effect> {
        self.follow_types();
        let mut fx = self.follow_tables();
        fx.extend(self.follow_service());
        fx
    }

    /// An upload form whose
    /// service changed drops the other service's datasets and what it said
    /// of them, takes the new service as its target (title, draft) and asks
    /// for its detail, where its datasets are.
    fn follow_service(&mut self) -> Vec<Effect> {
        let Some(f) = self.form() else { return Vec::new() };
        if f.id.name != FormName::Upload || f.stage == Stage::Submitting {
            return Vec::new();
        }
        let chosen = f.values().get("serviceId").map(|v| v.trim().to_string()).unwrap_or_default();
        if f.id.target.as_deref().unwrap_or("") == chosen {
            return Vec::new();
        }
        let listed = self.pane_state(Kind::Services).row(&chosen).is_some();
        let old = f.id.draft_key();
        let Some(f) = self.form_mut() else { return Vec::new() };
        f.id.target = (!chosen.is_empty()).then(|| chosen.clone());
        if let Some(d) = f.fields.iter_mut().find(|x| x.key == "datasetId") {
            d.set_value("");
            d.choices.clear();
            d.server_error = None;
            d.number = None;
        }
        f.prefilled.remove("datasetId");
        f.top_error = None;
        // The draft goes with the form, under its new service.
        self.drafts.remove(&old);
        self.drafts_dirty = true;
        if !listed {
            return Vec::new();
        }
        // Known already: the datasets show at once while the detail is read again.
        let mut fx = match self.seen_details.get(Kind::Services, &chosen).cloned() {
            Some(v) => self.offer_datasets(&chosen, &v),
            None => Vec::new(),
        };
        fx.push(Effect::FetchDetail {
            kind: Kind::Services,
            id: chosen,
            lane: Lane::User,
            purpose: DetailPurpose::Show,
        });
        fx
    }

    /// An open form's pickers learn what a list just brought; a submit of
    /// unknown outcome learns whether its item is listed now.
    pub(super) fn offer_choices(&mut self) {
        self.tell_unknown_outcomes();
        let Some(form) = self.form() else { return };
        let choices = self.known_choices(form);
        if let Some(f) = self.form_mut() {
            for (key, c) in choices {
                f.set_choices(key, c);
            }
        }
    }

    /// An edit form on item `id` of `kind` starts from its detail `item`,
    /// where the person has not typed.
    /// A failure to read it says so, and the form stays as it is.
    pub(super) fn offer_current(&mut self, kind: Kind, id: &str, item: &Result<Value, ApiError>) {
        let Some(f) = self.form_mut() else { return };
        if f.id.kind() != kind || f.id.target.as_deref() != Some(id) || !f.edits_item() {
            return;
        }
        match item {
            Ok(v) => {
                f.start_from(v);
                if f.note.as_deref() == Some(READING) {
                    f.note = None;
                }
            }
            Err(e) => f.note = Some(format!("could not read the current values: {e}")),
        }
    }

    /// An upload form on service `id` learns its datasets from the service's
    /// detail, and asks for the schema each names (kept per process, so a
    /// schema already fetched answers at once).
    pub(super) fn offer_datasets(&mut self, id: &str, service: &Value) -> Vec<Effect> {
        let Some(f) = self.form_mut() else { return Vec::new() };
        if f.id.name != FormName::Upload || f.id.target.as_deref() != Some(id) {
            return Vec::new();
        }
        let ds = service.get("datasets").and_then(Value::as_array).cloned().unwrap_or_default();
        let choices: Vec<Choice> = ds
            .iter()
            .filter_map(|d| {
                let d: Dataset = serde_json::from_value(d.clone()).ok()?;
                let id = d.dataset_id.clone()?;
                let name = d.name.as_deref().unwrap_or("");
                let ty = d.dataset_type.as_deref().unwrap_or("");
                // Until the schema arrives, the columns the dataset lists (if any) stand in.
                let label = d.schema_name.clone().unwrap_or_else(|| format!("of dataset {id}"));
                let schema = d
                    .columns()
                    .map(|c| Schema { dataset_type: d.dataset_type.clone(), ..Schema::from_columns(&label, &c) });
                Some(Choice { value: id, label: format!("{name} ({ty})"), schema_name: d.schema_name, schema })
            })
            .collect();
        if choices.is_empty() {
            f.top_error = Some(format!(
                "Service {id} has no datasets yet: add its user, item and interaction datasets in the console first."
            ));
        }
        let mut names: Vec<String> = choices.iter().filter_map(|c| c.schema_name.clone()).collect();
        names.sort();
        names.dedup();
        f.set_choices("datasetId", choices);
        follow_dataset_type(f);
        names.into_iter().map(Effect::FetchSchema).collect()
    }

    /// A schema arrived: the upload form's datasets that name it check rows
    /// against it from now on; a failure keeps the listed columns and says so.
    pub(super) fn on_schema(&mut self, name: &str, r: Result<Schema, ApiError>) {
        match r {
            Ok(schema) => {
                let Some(f) = self.form_mut() else { return };
                for field in f.fields.iter_mut().filter(|x| x.key == "datasetId") {
                    for c in field.choices.iter_mut().filter(|c| c.schema_name.as_deref() == Some(name)) {
                        c.schema = Some(schema.clone());
                    }
                }
                follow_dataset_type(f);
            }
            Err(e) => {
                self.toast(Tone::Error, format!("could not read schema {name}: {e} (rows are checked by the server)"))
            }
        }
    }

    pub(super) fn on_workspaces(&mut self, r: Result<Vec<(String, String)>, ApiError>) {
        match (r, self.form_mut()) {
            (Ok(list), Some(f)) => {
                let choices = list
                    .into_iter()
                    .map(|(id, name)| Choice { label: name, value: id, schema_name: None, schema: None })
                    .collect();
                f.set_choices("aiWorkspaceId", choices);
            }
            (Err(e), Some(_)) => {
                self.toast(Tone::Error, format!("could not list AI workspaces: {e} (type the id instead)"))
            }
            _ => {}
        }
    }

    /// Keeps what the open form holds as its draft.
    pub(super) fn remember_draft(&mut self) {
        let Some(f) = self.form() else { return };
        let key = f.id.draft_key();
        if f.has_input() {
            let values = f.values();
            self.drafts.insert(key, values);
        } else {
            self.drafts.remove(&key);
        }
        self.drafts_dirty = true;
    }

    /// The service's answer to a form's check: said in a toast when all is
    /// well; a refusal lands on the field it names, as a failed submit's
    /// does. Nothing was created either way, so no draft or guard changes.
    pub(super) fn on_form_checked(&mut self, id: &FormId, r: &Result<Value, ApiError>) {
        let key = id.draft_key();
        let form = self.overlays.iter_mut().find_map(|o| match o {
            Overlay::Form(f) if f.id.draft_key() == key => Some(f),
            _ => None,
        });
        match (r, form) {
            (Ok(_), _) => {
                self.toast(Tone::Success, format!("{}: the service found nothing wrong (nothing created)", id.title()))
            }
            (Err(e), _) if e.kind == ErrorKind::OutcomeUnknown => self
                .toast(Tone::Error, format!("{}: the check got no answer ({e}); nothing is created by it", id.title())),
            (Err(e), Some(f)) => f.on_check_error(e),
            (Err(e), None) => self.toast(Tone::Error, format!("{}: the check refused it: {e}", id.title())),
        }
    }

    pub(super) fn on_submitted(&mut self, id: FormId, r: Result<Value, ApiError>) -> Vec<Effect> {
        self.drafts.answered(&id);
        let key = id.draft_key();
        let kind = id.kind();
        let open = self.overlays.iter().position(|o| matches!(o, Overlay::Form(f) if f.id.draft_key() == key));
        match r {
            Ok(v) => {
                if let Some(c) = id.created_id(&v) {
                    // A create form's new job is watched (`watch_created`); an extra's answer names another resource.
                    if id.target.is_none() {
                        self.watch_created(kind, &c);
                    }
                    self.last_created.insert(kind, c);
                }
                let created = id.created_id(&v).or_else(|| id.target.clone());
                self.drafts.remove(&key);
                self.drafts_dirty = true;
                if let Some(i) = open {
                    self.remove_form_at(i);
                }
                let title = id.title();
                let what = created.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
                self.toast(Tone::Success, format!("{title}: done{what}"));
                if let Some(id) = created {
                    self.pending_select = Some((kind, id));
                }
                self.show(kind);
                if let Some(st) = self.pane_mut(kind) {
                    st.sync.in_flight = false;
                }
                self.start_fetch(kind, Lane::User).into_iter().collect()
            }
            Err(e) => {
                let unknown = e.kind == ErrorKind::OutcomeUnknown;
                let form = open.and_then(|i| match &mut self.overlays[i] {
                    Overlay::Form(f) => Some(f),
                    _ => None,
                });
                let (name, sent) = match form {
                    Some(f) => {
                        f.on_error(&e);
                        (f.item_name(), f.values())
                    }
                    None => {
                        let draft = self.drafts.get(&key).cloned().unwrap_or_default();
                        (draft.get("name").filter(|n| !n.is_empty()).cloned(), draft)
                    }
                };
                if open.is_some() {
                    self.remember_draft();
                } else {
                    self.toast(Tone::Error, format!("{}: {e}", id.title()));
                }
                if !unknown {
                    return Vec::new();
                }
                self.drafts.unknown.insert(key, Unknown { kind, name, sent, told: false });
                match self.panes.get(&kind) {
                    Some(st) if !st.sync.in_flight => self.start_fetch(kind, Lane::User).into_iter().collect(),
                    _ => Vec::new(),
                }
            }
        }
    }

    /// After a submit of unknown outcome, once its list has been read again:
    /// an item with the form's name there means it was created, which ends
    /// the guard (and the draft, when it is still what was sent); otherwise
    /// the form says it is not listed yet.
    fn tell_unknown_outcomes(&mut self) {
        let ready: Vec<String> = self
            .drafts
            .unknown
            .iter()
            .filter(|(_, u)| !u.told && self.panes.get(&u.kind).is_some_and(|st| st.sync.loaded && !st.sync.in_flight))
            .map(|(k, _)| k.clone())
            .collect();
        for key in ready {
            let Some(u) = self.drafts.unknown.get_mut(&key) else { continue };
            u.told = true;
            let u = u.clone();
            let open = self.overlays.iter().rposition(|o| matches!(o, Overlay::Form(f) if f.id.draft_key() == key));
            match listed_id(self, &u) {
                Some(id) => {
                    self.drafts.unknown.remove(&key);
                    let unchanged = match form(self, open) {
                        Some(f) => f.values() == u.sent,
                        None => self.drafts.get(&key) == Some(&u.sent),
                    };
                    let name = u.name.clone().unwrap_or_default();
                    if unchanged {
                        // The draft was sent after all: done with it, as after a clear answer.
                        self.drafts.remove(&key);
                        self.drafts_dirty = true;
                        if let Some(i) = open {
                            self.remove_form_at(i);
                        }
                        self.watch_created(u.kind, &id);
                        self.pending_select = Some((u.kind, id));
                        self.toast(Tone::Success, format!("it was created: {name} is in the list"));
                    } else {
                        if let Some(f) = form(self, open) {
                            f.forget_unknown();
                        }
                        self.toast(Tone::Info, format!("it was created: {name} is in the list"));
                    }
                }
                None => {
                    let news = unknown_news(self, &u);
                    if let Some(f) = form(self, open) {
                        f.tell_unknown(u.sent.clone(), news.clone());
                    }
                    self.toast(Tone::Info, news);
                }
            }
        }
    }
}

/// The form at overlay position `at`, if that is a form.
fn form(app: &mut App, at: Option<usize>) -> Option<&mut Form> {
    match app.overlays.get_mut(at?)? {
        Overlay::Form(f) => Some(f),
        _ => None,
    }
}

/// The id of the listed item that bears the name of a submit of unknown outcome.
fn listed_id(app: &App, u: &Unknown) -> Option<String> {
    let name = u.name.as_ref()?;
    app.panes.get(&u.kind)?.rows.iter().find(|r| r.name == name).map(|r| r.id.clone())
}

/// What is known of a submit of unknown outcome whose item is not listed.
fn unknown_news(app: &App, u: &Unknown) -> String {
    let noun = u.kind.spec().noun;
    match (&u.name, listed_id(app, u)) {
        (None, _) => format!("{UNKNOWN}: the {noun} list is refreshed; look for it there"),
        (Some(name), Some(_)) => format!("it was created: {name} is in the list"),
        (Some(name), None) => format!("{name} is not in the list yet. Ctrl-S, then y, sends the {noun} again."),
    }
}

/// An upload form's type select follows the chosen dataset's type, once
/// known, so the person does not have to know it.
fn follow_dataset_type(f: &mut Form) {
    let own = crate::tui::form::specs::chosen_schema(&f.fields).and_then(|s| s.dataset_type.clone());
    if let (Some(own), Some(t)) = (own, f.fields.iter_mut().find(|x| x.key == "type")) {
        t.set_value(&own);
    }
}

/// True when `pick` offers `row`, given the form's values: completed where
/// it must be, of the type the form chose (a dataset's schema) or names
/// (the user dataset). A type not chosen yet narrows nothing.
fn offers(pick: Pick, values: &BTreeMap<String, String>, row: &Row) -> bool {
    if pick.ready_only && row.phase != Phase::Succeeded {
        return false;
    }
    let Some(m) = pick.matching else { return true };
    let want = match m.to {
        MatchTo::Word(w) => w,
        MatchTo::Field(key) => values.get(key).map(|v| v.trim()).unwrap_or_default(),
    };
    want.is_empty() || pick.kind.spec().cell_text(row, m.column) == Some(want)
}
