//! The hand-written arguments of `schemas list --type`, `default`, `create`
//! and `edit` (docs/aitems-calls.md §1): clap groups that the registry adds
//! to the schemas command and `cli::schemas` reads.

use super::verbs::CreateCommon;
use clap::Args;

/// `schemas list`: the registry's list, narrowed to one dataset type.
#[derive(Debug, Args)]
pub struct SchemaList {
    /// Only schemas of this dataset type: user, item or interaction.
    #[arg(long = "type", value_name = "TYPE")]
    pub dataset_type: Option<String>,
}

/// `schemas default`.
#[derive(Debug, Args)]
pub struct SchemaDefault {
    /// Dataset type: user, item or interaction.
    #[arg(long = "type", value_name = "TYPE", required = true)]
    pub dataset_type: String,
}

/// `schemas create`: flags laid over a `--file` body.
#[derive(Debug, Args)]
pub struct SchemaCreate {
    /// Dataset type: user, item or interaction.
    #[arg(long = "type", value_name = "TYPE")]
    pub dataset_type: Option<String>,
    /// Name: 3 to 20 of A-Z a-z 0-9 _ -, first an English letter.
    #[arg(long)]
    pub name: Option<String>,
    /// A field, in the data file's column order (repeat; replaces the file's fields):
    /// types from string, int, long, boolean, null.
    #[arg(long = "field", value_name = "NAME:TYPE[|TYPE…][:categorical]")]
    pub fields: Vec<String>,
    /// Description, at most 100 characters.
    #[arg(long)]
    pub description: Option<String>,
    /// Only ask the service to check it (`POST /schemas/validation-check`): nothing is created.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: CreateCommon,
}

/// `schemas edit`: its description is the one thing a schema lets change.
#[derive(Debug, Args)]
pub struct SchemaEdit {
    /// Schema name.
    pub name: String,
    /// New description, at most 100 characters (empty clears it).
    #[arg(long, required = true)]
    pub description: Option<String>,
    /// Print the signed request instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
}
