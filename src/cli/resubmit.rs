//! `apps resubmit ID`: the body ncdash kept when it submitted the app
//! (`app_bodies`), checked as a submit is, sent again; the vendor names the
//! new app from its prefix, so it always gets a new name. An app submitted
//! elsewhere has no body here: that is said, and what its detail shows is
//! printed as a body to review and send with `apps submit --file`.

use super::failure::{Failure, check_id};
use super::input::flag_names;
use super::verbs::AppResubmit;
use crate::api::Client;
use crate::app_bodies::{self, KEPT_MAX};
use crate::resource::app_again::body_from_service;
use crate::validate::dataforest::AppInput;
use crate::validate::ids::Shape;
use serde_json::Value;
use std::path::Path;

/// The body to send again, checked; or why there is none.
pub(super) async fn body(client: &Client, kept: Option<&Path>, a: &AppResubmit) -> Result<Value, Failure> {
    check_id(Shape::Base62, "ID", &a.id)?;
    let Some(kept) = kept.and_then(|p| app_bodies::find(p, &a.id)) else {
        return Err(elsewhere(client, &a.id).await);
    };
    let mut input = AppInput::from_body(&kept.body);
    if let Some(p) = &a.name_prefix {
        input.name_prefix = p.clone();
    }
    let given = a.name_prefix.is_some();
    input.validate().map_err(|e| Failure::Invalid(flag_names(e, &[("namePrefix", "--name-prefix", given)], !given)))
}

/// No body kept: said, with what the detail shows as a body to review.
async fn elsewhere(client: &Client, id: &str) -> Failure {
    let said = format!(
        "ncdash keeps no body for app {id}: it was submitted elsewhere (or more than {KEPT_MAX} submits ago); \
         nothing was sent"
    );
    match body_from_service(client, id).await {
        Ok(body) => Failure::WithOutput {
            stdout: super::output::json(&body) + "\n",
            failure: Box::new(Failure::Usage(format!(
                "{said}. On stdout: what its detail shows (workspace, queue, image, resources) as a submit body; \
                 the detail has no inputs, outputs or command: fill them in, then `ncdash apps submit --file FILE`"
            ))),
        },
        Err(e) => Failure::Usage(format!("{said}; its detail could not be read either: {e}")),
    }
}
