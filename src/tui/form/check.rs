//! A form's check-only request (`Ctrl-K`): the service checks the values
//! and creates nothing, where it has such a call (a schema's
//! `validation-check`); its refusal lands on a field as a submit's would.
//! Also the rule a request built on the side (curl, check) goes by.

use super::{Form, FormOutcome};
use crate::api::{ApiError, ApiRequest};
use crate::validate::Errors;

impl Form {
    /// The service's check of the values (nothing created), once they pass
    /// this form's own rules; said at the top on a form with no such call.
    pub(super) fn check_only(&mut self) -> FormOutcome {
        let Some(built) = self.id.check_request(&self.values(), &self.fields) else {
            self.top_error = Some("this form has no check of its own: Ctrl-S sends it".into());
            return FormOutcome::None;
        };
        let built = built.and_then(|req| self.check().map(|_| req));
        self.when_ready(built, "the check", FormOutcome::Check)
    }

    /// `then` the request when the fields pass, else every broken field
    /// shown and the top line saying to fix them before `what`.
    pub(super) fn when_ready(
        &mut self,
        built: Result<ApiRequest, Errors>,
        what: &str,
        then: fn(ApiRequest) -> FormOutcome,
    ) -> FormOutcome {
        match built {
            Ok(req) => {
                // The fields are fine now: an earlier "fix the fields" would mislead.
                self.top_error = None;
                then(req)
            }
            Err(_) => {
                self.tried = true;
                self.top_error = Some(format!("fix the fields marked below before {what}"));
                FormOutcome::None
            }
        }
    }

    /// Takes a refusal of the check-only request: onto its field as a
    /// submit's would; a submit in flight, if any, is left as it is.
    pub fn on_check_error(&mut self, e: &ApiError) {
        self.show_refusal(e);
    }
}
