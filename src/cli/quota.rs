//! A submit or create refused with the vendor's `exceeded limit on resource
//! quota`: the refusal kept whole, and which limit it ran into, from the
//! account's quotas (`accounts/getDetail`) and the DataForest lists, read
//! after the refusal (`resource::quota` says which limit).

use super::failure::Failure;
use crate::api::{self, ApiError, Client, ErrorKind, Lane};
use crate::model::Service;
use crate::resource::quota::{Known, Listed, explain, is_quota_refusal};
use crate::resource::{Kind, Lister};
use serde_json::Value;

/// The failure for a refused write: a quota refusal explained, any other as it is.
pub(super) async fn refused(client: &Client, e: ApiError, sent: Option<&Value>) -> Failure {
    if e.kind != ErrorKind::Service || !is_quota_refusal(&e.message) {
        return Failure::Api(e);
    }
    let account = match client.dataforest_account(Lane::User).await {
        Ok(id) => client.send(api::dataforest::account_detail(&id), Lane::User).await.ok(),
        Err(_) => None,
    };
    let mut listed = Vec::new();
    for kind in Kind::ALL.into_iter().filter(|k| k.service() == Service::Dataforest && *k != Kind::Accounts) {
        if let Some(l) = list(client, kind).await {
            listed.push(l);
        }
    }
    let x = explain(&e.message, &Known { sent, account: account.as_ref(), listed });
    let mut lines = vec![format!("the limit it ran into: {}", x.limit)];
    lines.extend(x.details);
    Failure::Explained { error: Box::new(e), lines }
}

/// What one DataForest list holds now, or nothing when it cannot be read.
async fn list(client: &Client, kind: Kind) -> Option<Listed> {
    let spec = kind.spec();
    let v = match spec.calls.list {
        Lister::Whole { request, .. } => client.send(request(), Lane::User).await.ok()?,
        Lister::PerAccount { request, .. } => {
            let acc = client.dataforest_account(Lane::User).await.ok()?;
            client.send(request(&acc), Lane::User).await.ok()?
        }
        Lister::Paged { .. } | Lister::Child(_) => return None,
    };
    let items = v.get(spec.calls.list.items()).and_then(Value::as_array)?;
    let moving = items.iter().filter(|i| spec.row(i).phase.in_motion()).count();
    Some(Listed { title: spec.title, count: items.len(), moving })
}
