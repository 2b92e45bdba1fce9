//! The I/O of running an app again from the dashboard: the body kept when
//! it was submitted (`app_bodies`), else what its detail shows, made a body
//! (`resource::app_again`), which needs the workspaces to name its id.

use super::message::Again;
use crate::api::{ApiError, Client};
use crate::resource::app_again::body_from_service;
use std::path::PathBuf;

/// What to fill the submit form with to run app `id` again.
pub async fn load(client: &Client, id: &str, path: Option<PathBuf>) -> Result<Again, ApiError> {
    let owned = id.to_string();
    let kept = tokio::task::spawn_blocking(move || path.and_then(|p| crate::app_bodies::find(&p, &owned)))
        .await
        .ok()
        .flatten();
    if let Some(k) = kept {
        return Ok(Again::Kept(k.body));
    }
    Ok(Again::FromDetail(body_from_service(client, id).await?))
}
