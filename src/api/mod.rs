//! Talking to the three services: requests as data, signing, one scheduler
//! per service, and typed calls.

pub mod aitems;
pub mod budget;
pub mod budget_redis;
pub mod budget_share;
pub mod client;
pub mod clock;
pub mod collection;
pub mod dataforest;
pub mod error;
pub mod ledger;
pub mod logfetch;
pub mod nclue;
pub mod paging;
pub mod policy;
pub mod request;
pub mod scheduler;
pub mod show;
pub mod sign;
pub mod transport;

pub use client::Client;
pub use collection::{Codes, Collection};
pub use error::{ApiError, ErrorKind};
pub use request::{Access, ApiRequest, Lane, Method};
