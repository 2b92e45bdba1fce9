//! How a headless command fails: the failure, its exit code and what stderr
//! says. Every command module returns these, so they stand apart from the
//! dispatch in `run`, which imports the commands.

use crate::api::ApiError;
use crate::validate::Errors;
use crate::validate::ids::{self, Shape};

/// Why a command did not succeed, and its exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad input or a refused confirmation: exit 2, nothing sent.
    Usage(String),
    /// Input that breaks the create rules: exit 2, nothing sent.
    Invalid(Errors),
    /// The API refused or could not be reached: exit 1.
    Api(ApiError),
    /// The job ended badly or the wait timed out: exit 1.
    Job(String),
    /// A local file could not be written: exit 1.
    Local(String),
    /// The API refused a write over a quota: exit 1; the refusal as it is,
    /// then which limit it ran into (`cli::quota`).
    Explained {
        /// The refusal, whole.
        error: Box<ApiError>,
        /// Which limit, then what backs it, one a line.
        lines: Vec<String>,
    },
    /// A failure whose command still has a result for stdout (`wait -o
    /// json` prints how the job ended): printed, then the failure as usual.
    WithOutput {
        /// What goes to stdout.
        stdout: String,
        /// The failure: its exit code and what stderr says.
        failure: Box<Failure>,
    },
}

impl Failure {
    /// Process exit code.
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) | Failure::Invalid(_) => 2,
            Failure::Api(_) | Failure::Explained { .. } | Failure::Job(_) | Failure::Local(_) => 1,
            Failure::WithOutput { failure, .. } => failure.exit_code(),
        }
    }

    /// What to print on stderr.
    pub fn report(&self) -> String {
        match self {
            Failure::Usage(m) => format!("error: {m}"),
            Failure::Invalid(e) => e.to_string(),
            // The field leads the message once: a server message that already
            // starts with it (`type: must be ...`) is not given it again.
            Failure::Api(e) => match e.field {
                Some(f) => {
                    let said = e.message.strip_prefix(f).and_then(|m| m.strip_prefix(':')).map(str::trim_start);
                    let message = format!("{f}: {}", said.unwrap_or(&e.message));
                    format!("error: {}", ApiError { message, ..e.clone() })
                }
                None => format!("error: {e}"),
            },
            Failure::Explained { error, lines } => {
                let mut out = Failure::Api(error.as_ref().clone()).report();
                for l in lines {
                    out.push_str("\n  ");
                    out.push_str(&crate::text::cleaned(l.clone()));
                }
                out
            }
            Failure::Job(m) | Failure::Local(m) => format!("error: {m}"),
            Failure::WithOutput { failure, .. } => failure.report(),
        }
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure::Api(e)
    }
}

impl From<Errors> for Failure {
    fn from(e: Errors) -> Self {
        Failure::Invalid(e)
    }
}

/// Checks an id against its service's shape before it goes into a path;
/// `what` is the flag, or `ID` for the positional argument.
pub(super) fn check_id(shape: Shape, what: &'static str, id: &str) -> Result<(), Failure> {
    ids::check(shape, what, id).map_err(|e| Failure::Usage(format!("{e}; nothing was sent")))
}

/// What a command prints on stdout, or why it failed.
pub(super) type Out = Result<String, Failure>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;
    use crate::model::Service;

    fn api(message: &str, field: Option<&'static str>) -> Failure {
        let mut e = ApiError::transport(Service::Aitems, ErrorKind::Service, message);
        e.field = field;
        Failure::Api(e)
    }

    #[test]
    fn a_server_message_names_its_field_once() {
        let r = api("type: must be batch or interval", Some("type")).report();
        assert_eq!(r, "error: AiTEMS: type: must be batch or interval");
        let r = api("The bucket does not exist", Some("train_bucket")).report();
        assert_eq!(r, "error: AiTEMS: train_bucket: The bucket does not exist");
        assert_eq!(api("busy", None).report(), "error: AiTEMS: busy");
    }
}
