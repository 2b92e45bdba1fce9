//! Headless commands: the same client, scheduler and validation as the
//! dashboard, with table or JSON output.

pub mod args;
mod budget;
mod bulk;
mod create;
pub mod detail;
mod failure;
mod input;
mod listing;
pub mod logs;
pub mod numbers;
pub mod output;
mod quota;
pub mod registry;
mod resubmit;
pub mod run;
mod save;
mod schemas;
pub mod schemas_args;
mod service_actions;
mod slot;
pub mod table;
pub mod trainings;
mod upload;
pub mod verbs;
mod wait;
pub mod watch;
mod watch_live;
pub mod workspaces;

pub use args::Cli;
pub use failure::Failure;
pub use run::execute;

use crate::api::client::NO_CREDENTIALS;
use crate::connect::ConnectError;

/// What to tell a person who has no credentials: where they are read
/// from, and how to try ncdash without an account.
pub fn no_credentials_help() -> String {
    format!(
        "{NO_CREDENTIALS}\nTo try ncdash without an account, start the built-in simulator in another terminal with \
`ncdash sim` and paste the export lines it prints."
    )
}

impl From<ConnectError> for Failure {
    fn from(e: ConnectError) -> Self {
        match e {
            ConnectError::NoCredentials => Failure::Usage(no_credentials_help()),
            ConnectError::Client(e) => Failure::Api(e),
            e @ ConnectError::Simulator(_) => Failure::Usage(e.to_string()),
        }
    }
}
