//! AiTEMS trainings and recommendations, headless: what the registry cannot
//! build from the trainings' description (`resource/trainings.rs`, whose
//! `list --service` it builds): `trainings get/updates`, named by three keys
//! (service, type, version), and `recommend`.
//!
//! The calls follow the vendor's pages `ai-application-service-aitems-service-trainlist`,
//! `-service-trainread`, `-service-updatelist` and `-service-infertest`
//! (docs/aitems-calls.md §4 and §5): `targetId` is required for every type there,
//! so `pop` sends it empty.

use super::failure::{Failure, Out, check_id};
use super::output::{self, Format, table};
use crate::api::{self, Client, Lane};
use crate::resource::Kind;
use crate::resource::format::flat;
use crate::resource::stamp;
use crate::validate::aitems::lookup_target;
use crate::validate::ids::Shape;
use clap::{Args, ValueEnum};
use jiff::tz::TimeZone;
use serde_json::Value;

/// The three keys that name one training.
#[derive(Debug, Args)]
pub struct TrainKey {
    /// AiTEMS service id.
    #[arg(long, value_name = "SERVICE")]
    pub service: String,
    /// Training type.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub train_type: RecoType,
    /// Training version.
    #[arg(long, value_name = "VERSION")]
    pub version: String,
}

/// `ncdash recommend SERVICE --type T [--target ID]`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// AiTEMS service id.
    pub service: String,
    /// What to recommend.
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub reco_type: RecoType,
    /// A USER_ID (personalRecommend) or an ITEM_ID (relatedItem); pop takes none.
    #[arg(long, value_name = "ID")]
    pub target: Option<String>,
}

/// A recommendation type, as the API spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecoType {
    /// Items for one user.
    #[value(name = "personalRecommend")]
    PersonalRecommend,
    /// Items like one item.
    #[value(name = "relatedItem")]
    RelatedItem,
    /// Popular items.
    #[value(name = "pop")]
    Pop,
}

impl RecoType {
    /// The wire word.
    pub fn as_str(self) -> &'static str {
        match self {
            RecoType::PersonalRecommend => "personalRecommend",
            RecoType::RelatedItem => "relatedItem",
            RecoType::Pop => "pop",
        }
    }
}

/// Runs `trainings get` or `trainings updates` (`verb`) on one training.
pub async fn keyed(client: &Client, format: Format, zone: &TimeZone, verb: &str, k: &TrainKey) -> Out {
    use api::aitems as a;
    check_key(k)?;
    let ty = k.train_type.as_str();
    if verb == "updates" {
        let v = client.send(a::list_updates(&k.service, ty, &k.version), Lane::User).await?;
        let items = items(&v, "updates");
        return output::print_list(format, &v, items, || updates_table(items, zone));
    }
    let v = client.send(a::get_train(&k.service, ty, &k.version), Lane::User).await?;
    output::print(format, &v, || super::detail::detail(Kind::Trainings.spec(), &v, zone))
}

/// Runs `recommend`: the item ids, one a line.
pub async fn recommend(client: &Client, format: Format, r: &RecommendArgs) -> Out {
    check_id(Shape::Token, "SERVICE", &r.service)?;
    let target = lookup_target(r.reco_type.as_str(), r.target.as_deref().unwrap_or_default())
        .map_err(|e| Failure::Usage(format!("--{}: {}; nothing was sent", e.field, e.message)))?;
    let ty = r.reco_type.as_str();
    let v = match client.send(api::aitems::lookup(&r.service, ty, &target), Lane::User).await {
        Ok(v) => v,
        // The pages do not say what a lookup without a result answers; a 404
        // from a service that exists can only mean there is none yet (the
        // service is read only then, so a wrong id keeps its own error).
        Err(e) if e.http_status == Some(404) => {
            client.send(api::aitems::get_service(&r.service), Lane::User).await?;
            return Err(Failure::Job(format!("service {} has no completed {ty} training yet", r.service)));
        }
        Err(e) => return Err(e.into()),
    };
    output::print(format, &v, || values(&v))
}

/// The ids of a lookup's answer, one a line (nothing for none).
pub fn values(v: &Value) -> String {
    let ids = v.get("values").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    // Cleaned: an id is what a server sent, and goes to a terminal.
    ids.iter().map(|x| format!("{}\n", crate::text::cleaned(flat(x)))).collect()
}

fn check_key(k: &TrainKey) -> Result<(), Failure> {
    check_id(Shape::Token, "--service", &k.service)?;
    check_id(Shape::Token, "--version", &k.version)
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map_or(&[][..], Vec::as_slice)
}

fn updates_table(items: &[Value], zone: &TimeZone) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|u| {
            vec![
                output::word(u, "/updateVersion"),
                output::word(u, "/status"),
                stamp::local_at(u, "createdDate", zone),
                stamp::local_at(u, "finishedDate", zone),
                output::word(u, "/updateResult/inputUsersCnt"),
                output::word(u, "/updateResult/inputItemsCnt"),
                output::word(u, "/updateResult/inputRowsCnt"),
                output::word(u, "/updateResult/updatedItemsCnt"),
            ]
        })
        .collect();
    table(&["UPDATE", "STATUS", "CREATED", "FINISHED", "USERS", "ITEMS", "ROWS", "UPDATED"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_missing_count_is_a_dash() {
        let t = updates_table(&[json!({"updateVersion": "u1", "updateResult": {"inputUsersCnt": 3}})], &TimeZone::UTC);
        let row = t.lines().nth(1).unwrap_or_default();
        assert!(row.starts_with("u1") && row.contains(" 3 ") && row.ends_with('-'), "{t}");
    }

    #[test]
    fn no_values_print_nothing() {
        assert_eq!(values(&json!({"field": "ITEM_ID", "values": []})), "");
        assert_eq!(values(&json!({})), "");
    }
}
