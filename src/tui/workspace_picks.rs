//! What the DataForest forms' pickers offer, fetched through the scheduler:
//! the app form's workspaces, each with its image and GPU (so a person
//! knows what the app will run on), and the workspace form's account and
//! Docker images (both types of getDockerImageList).

use super::message::Message;
use crate::api::{self, ApiError, Client, Lane};
use crate::model::Service;
use crate::resource::workspaces::{image_and_gpu, image_name};
use crate::text::cleaned;
use crate::validate::dataforest_workspace::IMAGE_TYPES;
use serde_json::Value;
use tokio::sync::mpsc::UnboundedSender;

fn contents(v: &Value) -> Vec<Value> {
    v.get("contents").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn field(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).map(|s| cleaned(s.to_string())).unwrap_or_default()
}

/// The app form's workspaces: at once with the image the list carries, then
/// again with each one's GPU as its configuration says (one read each).
pub async fn fetch(c: Client, tx: UnboundedSender<Message>) {
    let listed = async {
        let account = c.dataforest_account(Lane::User).await?;
        let v = c.send(api::dataforest::workspaces(&account), Lane::User).await?;
        Ok::<_, ApiError>(contents(&v))
    }
    .await;
    let list = match listed {
        Ok(l) => l,
        Err(e) => {
            let _ = tx.send(Message::Workspaces(Err(e)));
            return;
        }
    };
    let label = |w: &Value, what: Option<String>| {
        let image = field(w, "imageVersion");
        let what = what.unwrap_or_else(|| if image.is_empty() { "-".into() } else { image });
        format!("{}  {what}", field(w, "name"))
    };
    let mut picks: Vec<(String, String)> = list
        .iter()
        .filter_map(|w| w.get("id").and_then(Value::as_str).map(|id| (id.to_string(), label(w, None))))
        .collect();
    let _ = tx.send(Message::Workspaces(Ok(picks.clone())));
    let mut learned = false;
    for (w, pick) in list.iter().zip(picks.iter_mut()) {
        // A detail that cannot be read keeps the list's label.
        if let Ok(d) = c.send(api::dataforest::workspace_detail(&pick.0), Lane::User).await
            && let Some(what) = image_and_gpu(&d)
        {
            pick.1 = label(w, Some(cleaned(what)));
            learned = true;
        }
    }
    if learned {
        let _ = tx.send(Message::Workspaces(Ok(picks)));
    }
}

/// The workspace form's account and images, `name  type version` each.
pub async fn images(c: Client, tx: UnboundedSender<Message>) {
    let r = async {
        let account = c.dataforest_account(Lane::User).await?;
        let mut all = Vec::new();
        for t in IMAGE_TYPES {
            let v = c.send(api::dataforest::docker_images(t), Lane::User).await?;
            for i in contents(&v) {
                let name = image_name(&i);
                let version = field(&i, "version");
                all.push((name.clone(), format!("{name}  {t} {version}").trim_end().to_string()));
            }
        }
        if all.is_empty() {
            return Err(ApiError::transport(Service::Dataforest, api::ErrorKind::Service, "the image list is empty"));
        }
        Ok((account, all))
    }
    .await;
    let _ = tx.send(Message::Images(r));
}
