//! DataForest accounts in the simulator: `accounts/getList`, `accounts/getDetail`
//! with the HDFS quotas of each namespace, and the quota a submit must fit in.
//!
//! The pages (`analytics-dataforest-accounts-getlist`, `-getdetail`, datatypes
//! `GetAccountDetailResponse`, `QuotaResponse`) give each account's quotas per
//! HDFS namespace (`koya`, the default, or `tata`): the most files, in
//! millions, and the most space, in TB. They give no usage; the simulator keeps
//! one per namespace (`_usage` in the demo data, never sent) so that a quota
//! can be full. A submit whose output goes to a full namespace is refused with
//! the vendor's message, `exceeded limit on resource quota`, and nothing else:
//! the pages document no more of it.

use super::df_refusal;
use crate::sim::world::{Answer, Refusal, World, documented};
use serde_json::{Value, json};

/// What an `accounts/getList` item carries (the page's example, whole).
const LIST_FIELDS: &[&str] = &["id", "name", "principal", "status", "createdAt", "disabled"];
/// What `accounts/getDetail` answers besides `success` (GetAccountDetailResponse).
const DETAIL_FIELDS: &[&str] = &["id", "name", "status", "createdAt", "quotas"];
/// Most characters of an account id: "0~22자", base62.
const ACCOUNT_ID_MAX: usize = 22;
/// The namespace a path without one writes to: QuotaResponse "`koya` (기본값)".
const DEFAULT_NAMESPACE: &str = "koya";
/// The refusal's message, as the vendor writes it.
pub const QUOTA_EXCEEDED: &str = "exceeded limit on resource quota";

/// The HDFS namespace an `hdfs` path writes to: `hdfs://NS/...` names it, any other path is in the default one.
pub fn namespace_of(path: &str) -> &str {
    match path.strip_prefix("hdfs://") {
        Some(rest) => rest.split('/').next().filter(|n| !n.is_empty()).unwrap_or(DEFAULT_NAMESPACE),
        None => DEFAULT_NAMESPACE,
    }
}

/// A quota's number, sent as a number or as text (the datatype says String, the example a number).
fn number(v: Option<&Value>) -> Option<f64> {
    v.and_then(|x| x.as_f64().or_else(|| x.as_str()?.trim().parse().ok()))
}

impl World {
    /// `accounts/getList`: each account with the fields the page's example carries.
    pub fn accounts(&self) -> Answer {
        let contents: Vec<Value> = self.accounts.iter().map(|a| documented(a.clone(), LIST_FIELDS)).collect();
        Ok((200, json!({"success": true, "total": contents.len(), "contents": contents})))
    }

    /// `accounts/getDetail`: the account and its quotas per namespace.
    pub fn account_detail(&self, body: &Value) -> Answer {
        let id = match body.get("id") {
            None | Some(Value::Null) => return Err(df_refusal("id is required".into())),
            Some(Value::String(s)) => s.as_str(),
            Some(_) => return Err(df_refusal("id must be text".into())),
        };
        let n = id.chars().count();
        if n > ACCOUNT_ID_MAX {
            return Err(df_refusal(format!("id must be at most {ACCOUNT_ID_MAX} characters (is {n})")));
        }
        if let Some(c) = id.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(df_refusal(format!("id: '{c}' is not base62 (0-9, A-Z, a-z)")));
        }
        let a = self
            .accounts
            .iter()
            .find(|a| a.get("id").and_then(Value::as_str) == Some(id))
            .ok_or_else(|| df_refusal(format!("id: account {id} not found")))?;
        let mut v = documented(a.clone(), DETAIL_FIELDS);
        v["success"] = json!(true);
        Ok((200, v))
    }

    /// Sets what a namespace of the first account holds (files, TB): how a test or the demo fills a quota.
    pub fn set_hdfs_usage(&mut self, namespace: &str, files: u64, tb: f64) {
        if let Some(a) = self.accounts.first_mut() {
            a["_usage"][namespace] = json!({"files": files, "tb": tb});
        }
    }

    /// Refuses a submit whose output goes to a namespace whose files or space are used up.
    pub(super) fn check_hdfs_quota(&self, body: &Value) -> Result<(), Refusal> {
        let Some(account) = self.accounts.first() else { return Ok(()) };
        let outputs = body.pointer("/data/output").and_then(Value::as_array).into_iter().flatten();
        for path in outputs.filter_map(|o| o.get("hdfs").and_then(Value::as_str)) {
            let ns = namespace_of(path);
            let quota = account
                .get("quotas")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .find(|q| q.get("namespace").and_then(Value::as_str) == Some(ns));
            let Some(quota) = quota else { continue };
            let used = account.pointer(&format!("/_usage/{ns}"));
            let files = number(used.and_then(|u| u.get("files"))).unwrap_or(0.0);
            let tb = number(used.and_then(|u| u.get("tb"))).unwrap_or(0.0);
            let max_files = number(quota.get("fileCountMillion")).map(|m| m * 1_000_000.0);
            let max_tb = number(quota.get("spaceTb"));
            if max_files.is_some_and(|m| files >= m) || max_tb.is_some_and(|m| tb >= m) {
                return Err(df_refusal(QUOTA_EXCEEDED.into()));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        World::demo(1, 0, Box::new(|t| format!("{t}")))
    }

    fn submit_body(output: &str) -> Value {
        json!({
            "aiWorkspaceId": "6ZKSGoSJMMwctK257nxgiL", "namePrefix": "quota", "queueName": "gpu",
            "data": {"input": [], "output": [{"hdfs": output, "path": "out"}]},
            "docker": {"image": "pytorch/pytorch:2.3.0", "command": "python train.py"},
            "resource": {"cpuCount": 1, "gpuCount": 1, "gpuModel": "T4", "memoryMb": 4096}
        })
    }

    fn message(r: Answer) -> String {
        r.err().map(|e| e.body["message"].as_str().unwrap_or_default().to_string()).unwrap_or_default()
    }

    #[test]
    fn the_list_carries_only_the_documented_fields() {
        let (_, v) = world().accounts().unwrap();
        let item = v["contents"][0].as_object().unwrap();
        assert!(item.keys().all(|k| LIST_FIELDS.contains(&k.as_str())), "{item:?}");
        assert!(!item.contains_key("quotas"));
    }

    #[test]
    fn the_detail_carries_the_quotas_of_each_namespace() {
        let w = world();
        let id = w.accounts[0]["id"].as_str().unwrap().to_string();
        let (_, v) = w.account_detail(&json!({"id": id})).unwrap();
        let spaces: Vec<&str> =
            v["quotas"].as_array().unwrap().iter().filter_map(|q| q["namespace"].as_str()).collect();
        assert_eq!(spaces, ["koya", "tata"]);
        assert!(v.get("_usage").is_none());
    }

    #[test]
    fn an_unknown_account_is_refused() {
        assert!(message(world().account_detail(&json!({"id": "nope"}))).contains("not found"));
    }

    #[test]
    fn an_account_id_longer_than_22_is_refused() {
        assert!(message(world().account_detail(&json!({"id": "a".repeat(23)}))).contains("at most 22"));
    }

    #[test]
    fn a_submit_into_a_full_namespace_is_refused_with_the_vendor_message() {
        let mut w = world();
        w.set_hdfs_usage("tata", 1_000_000, 1.0);
        assert_eq!(message(w.submit(&submit_body("hdfs://tata/user/ml-team/out"), 0.0)), QUOTA_EXCEEDED);
    }

    #[test]
    fn a_submit_over_the_space_quota_is_refused() {
        let mut w = world();
        w.set_hdfs_usage("koya", 10, 200.0);
        assert_eq!(message(w.submit(&submit_body("/user/ml-team/out"), 0.0)), QUOTA_EXCEEDED);
    }

    #[test]
    fn a_submit_into_a_namespace_with_room_is_taken() {
        let mut w = world();
        w.set_hdfs_usage("tata", 1_000_000, 1.0);
        assert!(w.submit(&submit_body("hdfs://koya/user/ml-team/out"), 0.0).is_ok());
    }

    #[test]
    fn a_path_without_a_namespace_is_in_koya() {
        assert_eq!(namespace_of("/user/a/out"), "koya");
        assert_eq!(namespace_of("hdfs://tata/user/a"), "tata");
    }
}
