//! Keys and the mouse: the top overlay takes keys, else the list does.

use super::App;
use crate::api::Lane;
use crate::model::Phase;
use crate::resource::{FormName, Kind, stamp};
use crate::tui::form::specs::FormId;
use crate::tui::keys::{self, Action, Layer};
use crate::tui::layout;
use crate::tui::message::Effect;
use crate::tui::overlay::{Ask, CommandLine, Confirm, Ctx, FilterLine, Help, Overlay, Target};
use crate::tui::toast::Tone;
use crossterm::event::{KeyEvent, MouseButton, MouseEvent, MouseEventKind};

impl App {
    pub(super) fn on_key(&mut self, k: KeyEvent) -> Vec<Effect> {
        let ctx = Ctx { keys: &self.keys, now: self.now };
        let asks = match self.overlays.last_mut() {
            None => return self.on_list_key(&k),
            Some(Overlay::Form(_)) => return self.on_form_key(k),
            Some(Overlay::Detail(d)) => d.on_key(&k, ctx),
            Some(Overlay::Help(h)) => h.on_key(&k, ctx),
            Some(Overlay::Confirm(c)) => c.on_key(&k, ctx),
            Some(Overlay::Filter(f)) => f.on_key(&k, ctx),
            Some(Overlay::Command(c)) => c.on_key(&k, ctx),
            Some(Overlay::Picker(p)) => p.on_key(&k, ctx),
            Some(Overlay::Logs(l)) => l.on_key(&k, ctx),
            Some(Overlay::Lookup(l)) => l.on_key(&k, ctx),
            Some(Overlay::Events(e)) => e.on_key(&k, ctx),
            Some(Overlay::Bulk(b)) => b.on_key(&k, ctx),
        };
        self.apply(asks)
    }

    /// Pasted text goes where text is typed (form field, filter, `:` line,
    /// picker filter) in one step; anywhere else it is ignored, never keys.
    pub(super) fn on_paste(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        self.dirty = true;
        let line = crate::tui::paste::clean(text, false);
        let page = self.page_rows();
        let taken = match self.overlays.last_mut() {
            Some(Overlay::Form(f)) => f.paste(text),
            Some(Overlay::Filter(f)) => {
                f.text.push_str(&line);
                let text = f.text.clone();
                if let Some(st) = self.pane_mut(self.pane) {
                    st.set_filter(text, true, page);
                }
                true
            }
            Some(Overlay::Command(c)) => {
                c.text.push_str(&line);
                true
            }
            Some(Overlay::Picker(p)) => {
                p.paste(&line);
                true
            }
            Some(Overlay::Logs(l)) => l.paste(&line),
            Some(Overlay::Lookup(l)) => l.paste(&line),
            None
            | Some(
                Overlay::Detail(_) | Overlay::Help(_) | Overlay::Confirm(_) | Overlay::Events(_) | Overlay::Bulk(_),
            ) => false,
        };
        if !taken {
            self.toast(Tone::Info, "paste ignored: not in a text field");
        } else if matches!(self.overlays.last(), Some(Overlay::Form(_))) {
            self.remember_draft();
        }
    }

    /// Carries out what an overlay asked, in order.
    pub(super) fn apply(&mut self, asks: Vec<Ask>) -> Vec<Effect> {
        let mut fx = Vec::new();
        for ask in asks {
            match ask {
                Ask::Close => self.close_top(),
                Ask::Open(o) => self.overlays.push(o),
                Ask::Effect(e) => fx.push(e),
                Ask::Toast(tone, text) => self.toast(tone, text),
                Ask::Destroy(target) => self.ask_destroy(target),
                Ask::Bulk(ask) => fx.extend(self.start_bulk(*ask)),
                Ask::Filter { text, narrowed } => {
                    let page = self.page_rows();
                    if let Some(st) = self.pane_mut(self.pane) {
                        st.set_filter(text, narrowed, page);
                    }
                }
                Ask::Switch(kind) => fx.extend(self.switch(kind)),
                Ask::Related(target) => fx.extend(self.open_related(target)),
                Ask::Jump(target) => fx.extend(self.jump(target)),
                Ask::Fill { key, value } => {
                    if let Some(f) = self.form_mut() {
                        f.fill(key, &value);
                    }
                    fx.extend(self.follow_fields());
                    self.remember_draft();
                }
                Ask::DownloadWhenDone(target) => self.download_when_done(target),
                Ask::Logs(target, container) => fx.extend(self.open_logs(target, container)),
                Ask::FormAnswer { question, yes } => fx.extend(self.on_form_answer(question, yes)),
                Ask::Watch => fx.extend(self.toggle_watch()),
                Ask::Watched => self.toggle_watched_view(),
                Ask::Run(run) => fx.extend(self.on_run(run)),
                Ask::Quit => return self.quit(),
            }
        }
        fx
    }

    /// Opens the delete/kill dialog on `target`, unless read-only mode or the resource forbids it.
    fn ask_destroy(&mut self, target: Target) {
        let spec = target.kind.spec();
        let Some(d) = spec.actions.destroy else {
            self.toast(Tone::Info, format!("{} cannot be deleted from ncdash", spec.title));
            return;
        };
        if self.options.read_only {
            self.toast(Tone::Error, format!("read-only mode (--read-only): {} is disabled", d.verb.to_lowercase()));
            return;
        }
        let mut c = Confirm::destroy(target, d.verb);
        if d.refused_while_used {
            c.warnings = self.users_in_motion(&c.target).into_iter().map(|u| format!("in use by {u}")).collect();
        }
        // An AI workspace's running apps name it by name: the service refuses the delete while they run.
        if c.target.kind == Kind::Workspaces {
            c.warnings
                .extend(self.apps_running_in(&c.target.name).into_iter().map(|a| format!("running in it: AI app {a}")));
        }
        self.overlays.push(Overlay::Confirm(c));
    }

    /// The selected row of the visible pane, as a target.
    fn selected_target(&self) -> Option<Target> {
        let r = self.current().selected_row()?;
        Some(Target { kind: self.pane, id: r.id.clone(), name: r.name.to_string() })
    }

    /// Shows a pane.
    pub fn switch(&mut self, kind: Kind) -> Vec<Effect> {
        if !self.panes.contains_key(&kind) {
            return Vec::new();
        }
        self.show(kind);
        self.overlays.clear();
        // A pane never loaded, or not loaded for a while, is fetched now for the person.
        let st = self.current();
        let stale =
            st.sync.last_request.is_none_or(|t| stamp::elapsed(t, self.now).is_some_and(|d| d >= self.policy.visible));
        if !st.sync.in_flight && (!st.sync.loaded || stale) {
            return self.start_fetch(kind, Lane::User).into_iter().collect();
        }
        Vec::new()
    }

    fn switch_by(&mut self, step: isize) -> Vec<Effect> {
        let n = Kind::PANES.len() as isize;
        // A `:`-only pane stands after the digit tabs, as the tab line shows
        // it: the next one is the first tab, the previous one the last.
        let at = self.pane.pane_index().map_or(if step > 0 { -1 } else { n }, |i| i as isize);
        self.switch(Kind::PANES[(at + step).rem_euclid(n) as usize])
    }

    fn on_list_key(&mut self, k: &KeyEvent) -> Vec<Effect> {
        let spec = self.pane.spec();
        let watchable = super::watched::watchable(self.pane);
        match self.keys.action_offered(Layer::List, k, |name| spec.offers(name) || (name == "watch" && watchable)) {
            Some(a) => self.on_action(a),
            None => Vec::new(),
        }
    }

    /// Performs a list action.
    pub fn on_action(&mut self, a: Action) -> Vec<Effect> {
        let page = self.page_rows();
        let now = self.now;
        let kind = self.pane;
        let spec = kind.spec();
        let Some(st) = self.panes.get_mut(&kind) else { return Vec::new() };
        match a {
            Action::Up => st.move_by(-1, page),
            Action::Down => st.move_by(1, page),
            Action::PageUp => st.move_by(-(page as i64), page),
            Action::PageDown => st.move_by(page as i64, page),
            Action::Top => st.move_by(i64::MIN / 2, page),
            Action::Bottom => st.move_by(i64::MAX / 2, page),
            Action::NextPane => return self.switch_by(1),
            Action::PrevPane => return self.switch_by(-1),
            Action::Pane(i) => return Kind::PANES.get(i as usize).map(|k| self.switch(*k)).unwrap_or_default(),
            Action::Filter => {
                let text = st.view.filter.clone();
                self.overlays.push(Overlay::Filter(FilterLine { text }));
            }
            Action::Command => self.overlays.push(Overlay::Command(CommandLine::default())),
            Action::Sort => {
                st.view.sort.column = (st.view.sort.column + 1) % spec.columns.len().max(1);
                let keep = st.selected_id();
                st.recompute(now, keep.as_deref(), page);
            }
            Action::SortReverse => {
                st.view.sort.reverse ^= true;
                let keep = st.selected_id();
                st.recompute(now, keep.as_deref(), page);
            }
            Action::Back if !st.view.filter.is_empty() => st.set_filter(String::new(), false, page),
            // With the filter clear, Esc clears the marks.
            Action::Back => {
                self.clear_marks();
            }
            Action::Mark => self.toggle_mark(),
            Action::Open => {
                let Some(target) = self.selected_target() else { return Vec::new() };
                let (d, fx) = self.open_detail(target);
                self.overlays.push(Overlay::Detail(Box::new(d)));
                return fx.into_iter().collect();
            }
            Action::Related => {
                if let Some(t) = self.selected_target() {
                    return self.open_related(t);
                }
            }
            Action::Refresh if !st.sync.in_flight => return self.start_fetch(kind, Lane::User).into_iter().collect(),
            Action::Destroy => {
                if self.ask_bulk_destroy() {
                    return Vec::new();
                }
                if let Some(t) = self.selected_target() {
                    self.ask_destroy(t);
                }
            }
            Action::Copy => {
                if let Some(id) = st.selected_id() {
                    self.toast(Tone::Info, format!("copied {id} (OSC 52; your terminal may block it)"));
                    return vec![Effect::Copy(id)];
                }
            }
            Action::Mouse => {
                self.mouse = !self.mouse;
                let m = self.mouse;
                self.toast(
                    Tone::Info,
                    if m { "mouse capture on" } else { "mouse capture off: select text freely (m turns it back on)" },
                );
                return vec![Effect::SetMouse(m)];
            }
            Action::Help => self.overlays.push(Overlay::Help(Help { layer: Layer::List })),
            Action::New => match spec.actions.create {
                Some(name) => return self.open_form(FormId::new(name)),
                None => self.toast(Tone::Info, format!("{} cannot be created from ncdash", spec.title)),
            },
            Action::Upload
            | Action::Train
            | Action::Download
            | Action::Edit
            | Action::Datasets
            | Action::Interval
            | Action::Schedule => {
                let name = keys::name_of(Layer::List, a);
                match spec.actions.extras.iter().find(|e| e.action == name) {
                    None => {
                        let offered: Vec<&str> = Kind::VIEWS
                            .iter()
                            .filter(|k| k.spec().actions.extras.iter().any(|e| e.action == name))
                            .map(|k| k.title())
                            .collect();
                        self.toast(Tone::Info, format!("{name} is on the {} pane", offered.join(", ")));
                    }
                    Some(extra) => {
                        let refusal = st.selected_row().and_then(|r| spec.refusal(name, r));
                        // A result not there yet is said before anything is sent (or a path asked for).
                        let unfinished = st
                            .selected_row()
                            .filter(|r| extra.form == FormName::Download && r.phase != Phase::Succeeded)
                            .filter(|r| r.phase != Phase::Unknown)
                            .map(|r| {
                                let target = Target { kind, id: r.id.clone(), name: r.name.to_string() };
                                (r.phase, r.status.to_string(), target)
                            });
                        if let Some(why) = refusal {
                            self.toast(Tone::Info, why);
                        } else if let Some((phase, status, target)) = unfinished {
                            if phase.in_motion() {
                                self.overlays.push(Overlay::Confirm(Confirm::download_when_done(target, &status)));
                            } else {
                                let noun = spec.noun;
                                let name = target.name;
                                self.toast(
                                    Tone::Info,
                                    format!("{noun} {name} is {status}: it has no result to download"),
                                );
                            }
                        } else if let Some(id) = st.selected_id() {
                            return self.open_form(FormId::on(extra.form, &id));
                        }
                    }
                }
            }
            Action::Resubmit if spec.offers("resubmit") => return self.resubmit_selected(),
            Action::Resubmit => self.toast(Tone::Info, "resubmit is on the AI apps pane"),
            Action::Logs => match self.selected_target() {
                Some(t) => return self.open_logs(t, None),
                None => self.toast(Tone::Info, "no row selected"),
            },
            Action::Recommend => return self.open_lookup(),
            Action::Watch => return self.toggle_watch(),
            Action::Quit => return self.quit(),
            _ => {}
        }
        Vec::new()
    }

    pub(super) fn on_mouse(&mut self, m: MouseEvent) -> Vec<Effect> {
        if !self.overlays.is_empty() {
            return Vec::new();
        }
        let page = self.page_rows();
        let height = self.size.1;
        let kind = self.pane;
        let Some(st) = self.panes.get_mut(&kind) else { return Vec::new() };
        match m.kind {
            MouseEventKind::ScrollDown => st.move_by(3, page),
            MouseEventKind::ScrollUp => st.move_by(-3, page),
            MouseEventKind::Down(MouseButton::Left) => {
                if m.row == layout::TABS_ROW {
                    if let Some(k) = layout::tab_at(m.column).and_then(|i| Kind::PANES.get(i)) {
                        self.dirty = true;
                        return self.switch(*k);
                    }
                } else if let Some(r) = layout::table_row_at(m.row, height) {
                    let target = st.view.offset + r;
                    if target < st.view.shown.len() {
                        st.view.selected = target;
                        st.clamp_offset(page);
                    }
                }
            }
            _ => return Vec::new(),
        }
        self.dirty = true;
        Vec::new()
    }
}
