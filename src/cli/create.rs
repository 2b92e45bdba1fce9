//! A create from its form's description: the flags each field names, laid
//! over a `--file` body, checked by the form's own rules (the dashboard's),
//! with errors named by the flag a person typed.

use super::failure::Failure;
use super::input::{field, field_mut, flag_names, merge_flags, read_json, warn_of};
use super::verbs::CreateCommon;
use crate::api::ApiRequest;
use crate::files::read_flag_file;
use crate::resource::form::{Entry, Form, Takes, Values};
use crate::validate::{Errors, ids};
use clap::{ArgMatches, FromArgMatches};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One field as the flags gave it: its key, the flag that names it in errors, its value if given.
struct Given {
    key: &'static str,
    /// The shape of the id it holds, if it holds one.
    shape: Option<ids::Shape>,
    flag: &'static str,
    value: Option<String>,
    /// Filled by lines (keywords): sent as the rules normalise them.
    lines: bool,
}

/// The request of a described create, and whether it is a dry run.
pub(super) fn request(form: &Form, m: &ArgMatches) -> Result<(ApiRequest, bool), Failure> {
    built(form, m, "", None)
}

/// The flags of a described edit, checked by the form's rules before the
/// item is read (exit 2 naming the flag, nothing sent): a rule broken by a
/// value not given is the item's own, and the server's to judge.
pub(super) fn check_edit(form: &Form, m: &ArgMatches) -> Result<(), Failure> {
    let given =
        form.fields.iter().filter(|e| !e.flags.is_empty()).map(|e| given(e, m)).collect::<Result<Vec<_>, _>>()?;
    let common = CreateCommon::from_arg_matches(m).map_err(|e| Failure::Usage(e.to_string()))?;
    if common.file.is_none() && given.iter().all(|g| g.value.is_none()) {
        let flags: Vec<_> = given.iter().map(|g| g.flag).collect();
        return Err(Failure::Usage(format!("give at least one of {}; nothing was sent", flags.join(", "))));
    }
    match built(form, m, "-", None) {
        Err(Failure::Invalid(e)) => {
            let mine = |x: &crate::validate::FieldError| given.iter().any(|g| g.value.is_some() && g.flag == x.field);
            let e = Errors(e.0.into_iter().filter(mine).collect());
            if e.is_empty() { Ok(()) } else { Err(Failure::Invalid(e)) }
        }
        _ => Ok(()),
    }
}

/// The request of a described edit of item `id`: the item as it is now
/// (`current`, its detail), with the flags (and a `--file`) laid over it.
pub(super) fn edit(form: &Form, m: &ArgMatches, id: &str, current: Value) -> Result<(ApiRequest, bool), Failure> {
    built(form, m, id, Some(current))
}

/// The request a form builds from the flags over a base body: a `--file`,
/// else the item edited, else nothing.
fn built(form: &Form, m: &ArgMatches, target: &str, item: Option<Value>) -> Result<(ApiRequest, bool), Failure> {
    let common = CreateCommon::from_arg_matches(m).map_err(|e| Failure::Usage(e.to_string()))?;
    let given =
        form.fields.iter().filter(|e| !e.flags.is_empty()).map(|e| given(e, m)).collect::<Result<Vec<_>, _>>()?;
    let file = common.file.as_deref().map(read_json).transpose()?;
    let base = file.or(item).unwrap_or(Value::Null);
    let flags: Vec<_> = given.iter().map(|g| (g.key, g.flag, &g.value)).collect();
    let mut merged = merge_flags(base, &flags);
    let map = values(form, &merged)?;
    let built = (form.build)(&Values { map: &map, target, schema: None });
    // The id flags' shape first, as the dashboard checks its id fields.
    let mut errs = Errors::default();
    for g in &given {
        if let (Some(v), Some(shape)) = (&g.value, g.shape) {
            errs.check(ids::check(shape, g.flag, v));
        }
    }
    let named: Vec<_> = given.iter().map(|g| (g.key, g.flag, g.value.is_some())).collect();
    let mut req = match built {
        Ok(req) if errs.is_empty() => req,
        Ok(_) => return Err(Failure::Invalid(errs)),
        Err(e) => {
            errs.0.extend(flag_names(e, &named, common.file.is_some()).0);
            return Err(Failure::Invalid(errs));
        }
    };
    if let Some(body) = &req.body {
        warn_of(body, &named);
    }
    // A file's body goes as written, with the flags over it.
    if common.file.is_some() {
        let valid = req.body.take().unwrap_or(Value::Null);
        for g in given.iter().filter(|g| g.lines && g.value.is_some()) {
            *field_mut(&mut merged, g.key) = field(&valid, g.key).cloned().unwrap_or(Value::Null);
        }
        req.body = Some(merged);
    }
    Ok((req, common.dry_run))
}

/// What the flags of one field gave: the lines of its files, then each
/// repeated value, one per line; named by the first of its flags given.
fn given(e: &Entry, m: &ArgMatches) -> Result<Given, Failure> {
    let mut text: Option<String> = None;
    for f in e.flags {
        if let Takes::FileLines(max, what) = f.takes
            && let Some(p) = m.get_one::<PathBuf>(f.long.trim_start_matches('-'))
        {
            let lines = read_flag_file(f.long, p, max, what).map_err(Failure::Usage)?;
            text = Some(lines);
        }
    }
    for f in e.flags.iter().filter(|f| !matches!(f.takes, Takes::FileLines(..))) {
        for v in m.get_many::<String>(f.long.trim_start_matches('-')).into_iter().flatten() {
            let t = text.get_or_insert_with(String::new);
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            t.push_str(v);
        }
    }
    let was_given = |f: &&crate::resource::form::Flag| m.contains_id(f.long.trim_start_matches('-'));
    let flag = e.flags.iter().find(was_given).unwrap_or(&e.flags[0]).long;
    let lines = e.flags.iter().any(|f| f.takes != Takes::One);
    Ok(Given { key: e.key, shape: e.id_shape(), flag, value: text, lines })
}

/// The form's values from the merged body: its strings by field key.
fn values(form: &Form, body: &Value) -> Result<BTreeMap<String, String>, Failure> {
    let mut map = BTreeMap::new();
    for e in form.fields {
        match field(body, e.key) {
            None | Some(Value::Null) => {}
            Some(v) => {
                let s: String = serde_json::from_value(v.clone()).map_err(|x| Failure::Usage(format!("body: {x}")))?;
                map.insert(e.key.to_string(), s);
            }
        }
    }
    Ok(map)
}
