//! Running an AI app again: a kept body as the submit form's values, and,
//! for an app submitted elsewhere (no body kept), a body made from what its
//! detail shows (workspace, queue, image, command, resources) for a person
//! to review. The detail carries no inputs, outputs, args or GPUs on the
//! vendor's pages (`aiapps/getDetail`), so those are left for the person.

use crate::validate::dataforest::AppInput;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// A body made from app `id`'s detail, its workspace named by id from the
/// account's workspaces: for an app whose own body is not kept.
pub async fn body_from_service(client: &crate::api::Client, id: &str) -> Result<Value, crate::api::ApiError> {
    use crate::api::{Lane, dataforest};
    use crate::model::dataforest::{Workspace, contents};
    let detail = client.send(dataforest::app_detail(id), Lane::User).await?;
    let account = client.dataforest_account(Lane::User).await?;
    let v = client.send(dataforest::workspaces(&account), Lane::User).await?;
    let ws: Vec<Workspace> = contents(&v).unwrap_or_default();
    let ws: Vec<(String, String)> = ws.into_iter().filter_map(|w| Some((w.id?, w.name.unwrap_or_default()))).collect();
    Ok(body_from_detail(&detail, &ws))
}

/// The submit form's values (its field keys) for a body.
pub fn form_values(body: &Value) -> BTreeMap<String, String> {
    let a = AppInput::from_body(body);
    let inputs = a.inputs.iter().map(|r| format!("{}:{}", r.hdfs, r.path)).collect::<Vec<_>>().join("\n");
    let outputs = a
        .outputs
        .iter()
        .map(|r| format!("{}:{}{}", r.hdfs, r.path, if r.overwrite { ":overwrite" } else { "" }))
        .collect::<Vec<_>>()
        .join("\n");
    [
        ("aiWorkspaceId", a.ai_workspace_id),
        ("namePrefix", a.name_prefix),
        ("queueName", a.queue_name),
        ("data.input", inputs),
        ("data.output", outputs),
        ("docker.image", a.image),
        ("docker.command", a.command),
        ("docker.args", a.args),
        ("docker.workdir", a.workdir),
        ("docker.env", a.env),
        ("docker.exposeTcpPorts", a.ports),
        ("resource.cpuCount", a.cpu_count),
        ("resource.gpuCount", a.gpu_count),
        ("resource.gpuModel", a.gpu_model),
        ("resource.memoryMb", a.memory_mb),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// The name prefix an app's name was made from: the vendor adds `-xxxx-xxxx`.
pub fn prefix_of(name: &str) -> String {
    let parts: Vec<&str> = name.split('-').collect();
    let kept = if parts.len() >= 3 { &parts[..parts.len() - 2] } else { &parts[..] };
    kept.join("-").chars().take(8).collect()
}

/// A submit body from what an app's detail shows; `workspaces` are (id, name)
/// pairs, since the detail names its workspace but the submit takes its id.
pub fn body_from_detail(detail: &Value, workspaces: &[(String, String)]) -> Value {
    let text = |p: &str| detail.pointer(p).and_then(Value::as_str).unwrap_or_default().to_string();
    let ws_name = text("/workspaceName");
    let ws_id = workspaces.iter().find(|(_, n)| *n == ws_name).map(|(id, _)| id.clone()).unwrap_or_default();
    let containers: Vec<&Value> = match detail.get("containers") {
        Some(Value::Object(m)) => m.values().collect(),
        Some(Value::Array(a)) => a.iter().collect(),
        _ => Vec::new(),
    };
    // The worker runs what was asked for; the driver is YARN's own.
    let worker = containers
        .iter()
        .find(|c| c.get("component").and_then(Value::as_str) != Some("driver"))
        .or(containers.first())
        .copied();
    let image = worker.and_then(|c| c.get("dockerImage")).and_then(Value::as_str).unwrap_or_default();
    let command = detail.pointer("/docker/command").or(detail.get("command")).and_then(Value::as_str);
    let mut resource = Map::new();
    let asked = detail.get("resource");
    for (key, from_worker) in [("cpuCount", true), ("gpuCount", false), ("gpuModel", false), ("memoryMb", true)] {
        let v = asked.and_then(|r| r.get(key)).or_else(|| worker.filter(|_| from_worker).and_then(|c| c.get(key)));
        if let Some(v) = v.filter(|v| !v.is_null()) {
            resource.insert(key.into(), v.clone());
        }
    }
    json!({
        "aiWorkspaceId": ws_id,
        "namePrefix": prefix_of(&text("/name")),
        "queueName": text("/queueName"),
        "data": {"input": [], "output": []},
        "docker": {"image": image, "command": command.unwrap_or_default()},
        "resource": resource,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_reads_back_as_the_forms_values() {
        let body = json!({
            "aiWorkspaceId": "6ZKSGoSJMMwctK257nxgiL", "namePrefix": "bert", "queueName": "gpu",
            "data": {"input": [{"hdfs": "/user/a/in", "path": "in"}],
                     "output": [{"hdfs": "hdfs://tata/out", "path": "out", "overwrite": true}]},
            "docker": {"image": "img:1", "command": "python t.py", "env": {"A": "1"}},
            "resource": {"cpuCount": 2, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 4096}
        });
        let v = form_values(&body);
        assert_eq!(v["data.output"], "hdfs://tata/out:out:overwrite");
        assert_eq!(v["data.input"], "/user/a/in:in");
        assert_eq!((v["resource.memoryMb"].as_str(), v["docker.env"].as_str()), ("4096", "A=1"));
    }

    #[test]
    fn the_prefix_drops_the_vendors_two_suffixes() {
        assert_eq!(prefix_of("bert-ft-8kq2-aa01"), "bert-ft");
        assert_eq!(prefix_of("resnet-cvbp-1zqz"), "resnet");
        assert_eq!(prefix_of("solo"), "solo");
    }

    #[test]
    fn a_detail_gives_what_a_submit_needs() {
        let detail = json!({
            "name": "yolo-oom-ab12-x7b1", "workspaceName": "vision-lab", "queueName": "gpu",
            "containers": {"driver": {"component": "driver", "dockerImage": "img:2", "cpuCount": 1, "memoryMb": 1024},
                           "worker-0": {"component": "worker", "dockerImage": "img:2", "cpuCount": 2, "memoryMb": 4096}}
        });
        let ws = [("6ZKSGoSJMMwctK257nxgiL".to_string(), "vision-lab".to_string())];
        let b = body_from_detail(&detail, &ws);
        assert_eq!(b["aiWorkspaceId"], "6ZKSGoSJMMwctK257nxgiL");
        assert_eq!((b["namePrefix"].as_str(), b["docker"]["image"].as_str()), (Some("yolo-oom"), Some("img:2")));
        assert_eq!((b["resource"]["cpuCount"].as_u64(), b["resource"]["memoryMb"].as_u64()), (Some(2), Some(4096)));
    }
}
