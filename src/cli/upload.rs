//! `services upload`: the dataset is looked up in its service (its type and
//! schema), the rows are checked against the schema, and only then is the
//! upload built; rows that break the schema exit 2 with the row and column
//! named and no upload sent.

use super::failure::{Failure, check_id};
use super::input::flag_names;
use super::verbs::UploadArgs;
use crate::api::aitems as a;
use crate::api::{ApiRequest, Client, Lane};
use crate::files::{UPLOAD_ROWS_MAX, read_flag_file};
use crate::model::aitems::{Dataset, RecoService, Schema};
use crate::text::clean;
use crate::validate::aitems::UploadInput;
use crate::validate::ids::Shape;
use serde_json::{Value, json};

/// The dataset `--dataset` names among its service's, refused with the
/// service's datasets listed when it is not one of them.
async fn dataset(client: &Client, u: &UploadArgs) -> Result<Dataset, Failure> {
    let svc: RecoService = client.fetch(a::get_service(&u.service), Lane::User).await?;
    let found = svc.datasets.iter().find(|d| d.dataset_id.as_deref() == Some(u.dataset.as_str()));
    found.cloned().ok_or_else(|| {
        let ids: Vec<&str> = svc.datasets.iter().filter_map(|d| d.dataset_id.as_deref()).collect();
        let known =
            if ids.is_empty() { "it has none yet".to_string() } else { format!("its datasets: {}", ids.join(", ")) };
        Failure::Usage(format!(
            "--dataset {} is not a dataset of service {} ({known}); nothing was sent",
            u.dataset, u.service
        ))
    })
}

/// The type to send: `--type` when given (it must agree with the
/// dataset's), else the dataset's own.
fn dataset_type(u: &UploadArgs, d: &Dataset) -> Result<String, Failure> {
    match (&u.dataset_type, &d.dataset_type) {
        (Some(flag), Some(own)) if flag != own => Err(Failure::Usage(format!(
            "--type {flag} does not match dataset {}, which holds {own} data (leave --type out to use it); nothing was sent",
            u.dataset
        ))),
        (Some(t), _) | (None, Some(t)) => Ok(t.clone()),
        (None, None) => Err(Failure::Usage(format!(
            "--type is required: dataset {} does not say its type (user, item or interaction); nothing was sent",
            u.dataset
        ))),
    }
}

/// The schema rows are checked against: the one the dataset names (fetched
/// once per process), else the columns the dataset lists, else none.
async fn schema(client: &Client, d: &Dataset) -> Result<Option<Schema>, Failure> {
    if let Some(name) = &d.schema_name {
        return Ok(Some(client.schema(name, Lane::User).await?.as_ref().clone()));
    }
    let id = d.dataset_id.as_deref().unwrap_or("");
    Ok(d.columns().map(|c| Schema::from_columns(&format!("of dataset {id}"), &c)))
}

/// What an upload sent, for the answer: the service's own answer says
/// nothing of it (today's page shows none; an older one shows `true`), so
/// the command says what went.
pub(super) struct Sent {
    service: String,
    dataset: String,
    dataset_type: String,
    rows: usize,
}

impl Sent {
    /// `uploaded 2 rows (user) to dataset D of service S`.
    pub(super) fn sentence(&self) -> String {
        let rows = if self.rows == 1 { "1 row".to_string() } else { format!("{} rows", self.rows) };
        format!(
            "uploaded {rows} ({}) to dataset {} of service {}\n",
            clean(&self.dataset_type),
            clean(&self.dataset),
            clean(&self.service)
        )
    }

    /// `{service, dataset, type, rows}` for `-o json`.
    pub(super) fn json(&self) -> Value {
        json!({"service": self.service, "dataset": self.dataset, "type": self.dataset_type, "rows": self.rows})
    }
}

/// The checked upload request and what it sends. A dry run with `--type`
/// reads nothing (it sends nothing either); otherwise the dataset and its
/// schema are read first.
pub(super) async fn request(client: &Client, u: &UploadArgs) -> Result<(ApiRequest, Sent), Failure> {
    check_id(Shape::Token, "--service", &u.service)?;
    check_id(Shape::Token, "--dataset", &u.dataset)?;
    let text = read_flag_file("--file", &u.file, UPLOAD_ROWS_MAX, "an upload rows file").map_err(Failure::Usage)?;
    let (dataset_type, schema) = match (&u.dataset_type, u.dry_run) {
        (Some(t), true) => (t.clone(), None),
        _ => {
            let d = dataset(client, u).await?;
            (dataset_type(u, &d)?, schema(client, &d).await?)
        }
    };
    let input =
        UploadInput { service_id: u.service.clone(), dataset_id: u.dataset.clone(), dataset_type, value: text, schema };
    let flags = [
        ("serviceId", "--service", true),
        ("datasetId", "--dataset", true),
        ("type", "--type", true),
        ("value", "--file", true),
    ];
    let up = input.validate().map_err(|e| flag_names(e, &flags, false))?;
    let sent = Sent {
        service: up.service_id.clone(),
        dataset: up.dataset_id.clone(),
        dataset_type: up.dataset_type.clone(),
        rows: up.rows.len(),
    };
    Ok((a::upload(&up.service_id, &up.dataset_id, up.body()), sent))
}
