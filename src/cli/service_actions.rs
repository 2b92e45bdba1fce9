//! `services edit`, `datasets`, `interval` and `schedule`: the flags are
//! checked by the dashboard's rules first (exit 2 naming the flag, nothing
//! sent), then the service is read where the vendor allows the call only to
//! some services, and refused before the write is sent.

use super::failure::{Failure, check_id};
use super::input::flag_names;
use super::input::parsed;
use super::verbs::{AttachArgs, EditArgs, IntervalArgs, ScheduleArgs};
use crate::api::aitems as a;
use crate::api::{ApiRequest, Client, Lane};
use crate::model::aitems::RecoService;
use crate::validate::Errors;
use crate::validate::aitems::{ScheduleInput, attach_body, attach_refusal, edit_body, interval_body, interval_refusal};
use crate::validate::ids::Shape;
use clap::ArgMatches;

/// The write of one of these verbs, and whether it is a dry run.
pub(super) async fn request(client: &Client, verb: &str, m: &ArgMatches) -> Result<(ApiRequest, bool), Failure> {
    match verb {
        "edit" => edit(client, &parsed(m)?).await,
        "datasets" => attach(client, &parsed(m)?).await,
        "interval" => interval(client, &parsed(m)?).await,
        "schedule" => schedule(client, &parsed(m)?).await,
        other => Err(Failure::Usage(format!("services has no command {other}"))),
    }
}

/// Errors named by the flags that filled their fields.
fn named(e: Errors, flags: &[(&'static str, &'static str)]) -> Failure {
    let flags: Vec<_> = flags.iter().map(|(field, flag)| (*field, *flag, true)).collect();
    Failure::Invalid(flag_names(e, &flags, false))
}

/// The service as it is now.
async fn service(client: &Client, id: &str) -> Result<RecoService, Failure> {
    Ok(client.fetch(a::get_service(id), Lane::User).await?)
}

/// A refusal said before anything is written.
fn refused(why: Option<String>) -> Result<(), Failure> {
    why.map_or(Ok(()), |why| Err(Failure::Usage(format!("{why}; nothing was sent"))))
}

async fn edit(client: &Client, e: &EditArgs) -> Result<(ApiRequest, bool), Failure> {
    const FLAGS: &[(&str, &str)] = &[("name", "--name"), ("description", "--description")];
    if e.name.is_none() && e.description.is_none() {
        return Err(Failure::Usage("give --name, --description or both; nothing was sent".into()));
    }
    // The flags given are checked before anything is read; a stand-in fills the one left out.
    edit_body(e.name.as_deref().unwrap_or("kept"), e.description.as_deref().unwrap_or(""))
        .map_err(|x| named(x, FLAGS))?;
    check_id(Shape::Token, "ID", &e.id)?;
    // The call replaces both: the one left out is sent as it stands.
    let (name, description) = match (&e.name, &e.description) {
        (Some(n), Some(d)) => (n.clone(), d.clone()),
        _ => {
            let now = service(client, &e.id).await?;
            let name = e.name.clone().or(now.name).unwrap_or_default();
            (name, e.description.clone().or(now.description).unwrap_or_default())
        }
    };
    let body = edit_body(&name, &description).map_err(|x| named(x, FLAGS))?;
    Ok((a::edit_service(&e.id, body), e.dry_run))
}

async fn attach(client: &Client, d: &AttachArgs) -> Result<(ApiRequest, bool), Failure> {
    let body = attach_body(&d.user, &d.item, &d.interaction)
        .map_err(|x| named(x, &[("user", "--user"), ("item", "--item"), ("interaction", "--interaction")]))?;
    check_id(Shape::Token, "ID", &d.id)?;
    if !d.dry_run {
        let now = service(client, &d.id).await?;
        refused(attach_refusal(&d.id, now.status.as_ref().map(|s| s.as_str())))?;
    }
    Ok((a::attach_datasets(&d.id, body), d.dry_run))
}

async fn interval(client: &Client, i: &IntervalArgs) -> Result<(ApiRequest, bool), Failure> {
    let body = interval_body(&i.term).map_err(|x| named(x, &[("term", "--term")]))?;
    check_id(Shape::Token, "ID", &i.id)?;
    if !i.dry_run {
        refused(interval_refusal(&i.id, service(client, &i.id).await?.service_type.as_deref()))?;
    }
    Ok((a::set_interval(&i.id, body), i.dry_run))
}

async fn schedule(client: &Client, s: &ScheduleArgs) -> Result<(ApiRequest, bool), Failure> {
    let input = ScheduleInput {
        action: s.action.clone(),
        types: s.train_types.clone(),
        description: s.description.clone(),
        hpo: s.hpo,
    };
    let flags = [("action", "ACTION"), ("trainTypes", "--train-type"), ("description", "--description")];
    let valid = input.validate().map_err(|x| named(x, &flags))?;
    check_id(Shape::Token, "ID", &s.id)?;
    if !s.dry_run {
        refused(interval_refusal(&s.id, service(client, &s.id).await?.service_type.as_deref()))?;
    }
    Ok((a::schedule(&s.id, &valid.action, valid.body), s.dry_run))
}
