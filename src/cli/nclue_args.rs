//! Command-line arguments of the NCLUE features and profiles (shopping
//! intents, custom attributes); kept apart so `args.rs` stays readable.

use super::args::{CreateCommon, JobCmd};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// `features create`.
#[derive(Debug, Args)]
pub struct FeatureCreate {
    /// Feature name (1 to 100 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// Object Storage bucket of the sequence dataset.
    #[arg(long)]
    pub source_bucket: Option<String>,
    /// Dataset path in the bucket; a directory ends in / (`=` is allowed).
    #[arg(long)]
    pub source_file_path: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// `shopping-intents create`.
#[derive(Debug, Args)]
pub struct IntentCreate {
    /// Profile name (1 to 100 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// Task id (a completed task model).
    #[arg(long)]
    pub task_id: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// `custom-attributes create`.
#[derive(Debug, Args)]
pub struct AttrsCreate {
    /// Profile name (1 to 100 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// Feature id (a completed feature).
    #[arg(long)]
    pub feature_id: Option<String>,
    /// A keyword (repeatable; added after the keywords file's lines).
    #[arg(long = "keyword", value_name = "K")]
    pub keywords: Vec<String>,
    /// A text file of keywords, one per line (at most 64 KiB).
    #[arg(long, value_name = "FILE")]
    pub keywords_file: Option<PathBuf>,
    /// Result Object Storage bucket.
    #[arg(long)]
    pub result_bucket: Option<String>,
    /// Result file path; a directory ends in / (`=` is allowed).
    #[arg(long)]
    pub result_file_path: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// Shopping-intent commands: those of every NCLUE job, and the download.
#[derive(Debug, Subcommand)]
pub enum IntentsCmd {
    #[command(flatten)]
    #[allow(missing_docs)]
    Job(JobCmd<IntentCreate>),
    /// Save a completed profile's result file (TSV).
    Download(DownloadArgs),
}

/// `shopping-intents download`.
#[derive(Debug, Args)]
pub struct DownloadArgs {
    /// Profile id.
    pub id: String,
    /// Where to save it (default: ./{profile_id}.tsv; `~` is the home directory).
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Overwrite the file if it exists.
    #[arg(long)]
    pub force: bool,
}
