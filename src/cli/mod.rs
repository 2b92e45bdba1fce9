//! Headless commands: the same client, scheduler and validation as the
//! dashboard, with table or JSON output.

pub mod args;
pub mod output;
pub mod run;

pub use args::Cli;
pub use run::{Failure, execute};
