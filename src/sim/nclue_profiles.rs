//! What the NCLUE feature and profile calls do to the simulator's world
//! (SPEC §5.1, §5.2), and the shopping-intent download: a TSV generated
//! row by row from the profile id, streamed, never built whole.

use super::life::Entity;
use super::nclue::refused;
use super::rules::nclue as rules;
use super::world::{Answer, Refusal, World, nclue_refusal};
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Map, Value, json};

/// First line of a shopping intent's download; every row has these columns.
pub const INTENT_TSV_HEADER: &str = "user_id\tage_group\tgender\tinterest_category\tscore\n";

const AGE_GROUPS: [&str; 6] = ["10s", "20s", "30s", "40s", "50s", "60s"];
const GENDERS: [&str; 2] = ["F", "M"];
const CATEGORIES: [&str; 8] =
    ["pet_food", "golf", "camping", "skincare", "baby", "running", "home_fitness", "electronics"];

/// Bytes the simulator gathers before sending a piece of a download.
const CHUNK: usize = 64 * 1024;

/// The lines of a shopping intent's download, header first, each ending in
/// `\n`: the same for the same profile id and row count, so tests can
/// compare what they received with what was generated.
pub fn intent_tsv(profile_id: &str, rows: usize) -> impl Iterator<Item = String> + Send + 'static {
    // FNV-1a of the id: a stable seed without extra dependencies.
    let seed = profile_id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    std::iter::once(INTENT_TSV_HEADER.to_string()).chain((0..rows).map(move |i| {
        let mut r = fastrand::Rng::with_seed(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        format!(
            "u{:010}\t{}\t{}\t{}\t{:.4}\n",
            r.u64(0..10_000_000_000),
            AGE_GROUPS[r.usize(0..AGE_GROUPS.len())],
            GENDERS[r.usize(0..GENDERS.len())],
            CATEGORIES[r.usize(0..CATEGORIES.len())],
            r.f64()
        )
    }))
}

/// The download answer: headers, then the TSV in pieces of about 64 KiB.
pub(super) fn tsv_response(profile_id: &str, rows: usize) -> Response {
    let length: usize = intent_tsv(profile_id, rows).map(|l| l.len()).sum();
    let lines = intent_tsv(profile_id, rows).peekable();
    let stream = futures_util::stream::unfold(lines, |mut lines| async move {
        let mut buf = String::with_capacity(CHUNK + 128);
        while buf.len() < CHUNK {
            match lines.next() {
                Some(l) => buf.push_str(&l),
                None => break,
            }
        }
        (!buf.is_empty()).then(|| (Ok::<_, std::io::Error>(Bytes::from(buf)), lines))
    });
    let mut r = Response::new(Body::from_stream(stream));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/tab-separated-values"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{profile_id}.tsv\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    *r.status_mut() = StatusCode::OK;
    r
}

/// Documented `fail_message` values the simulator gives a job whose name or
/// path contains `fail` (SPEC §5.3).
fn fail_value(text: &str, value: &str) -> Option<String> {
    text.to_ascii_lowercase().contains("fail").then(|| value.to_string())
}

impl World {
    fn named(list: &[Entity], name: &str, key: &str) -> bool {
        list.iter().any(|e| e.fields.get(key).and_then(Value::as_str) == Some(name))
    }

    fn missing_bucket(bucket: &str) -> Result<(), Refusal> {
        if bucket.starts_with("missing") {
            return Err(nclue_refusal(10136, Some(format!("bucket '{bucket}' does not exist"))));
        }
        Ok(())
    }

    /// `POST /features`.
    pub fn create_feature(&mut self, body: &Value, now: f64) -> Answer {
        let input = rules::feature(body).map_err(refused)?;
        if Self::named(&self.features, &input.name, "feature_name") {
            return Err(nclue_refusal(10102, None));
        }
        Self::missing_bucket(&input.source_bucket)?;
        if input.source_file_path.contains("missing") {
            return Err(nclue_refusal(10106, None));
        }
        let id = self.uuid();
        let mut f = Map::new();
        f.insert("feature_id".into(), json!(id));
        f.insert("feature_name".into(), json!(input.name));
        f.insert("source_bucket".into(), json!(input.source_bucket));
        f.insert("source_file_path".into(), json!(input.source_file_path));
        let mut answer = f.clone();
        let users = self.rng.u64(10_000..2_000_000);
        f.insert("user_count".into(), json!(users));
        f.insert("token_count".into(), json!(users * self.rng.u64(20..90)));
        f.insert("disk_usage".into(), json!(users * 4096));
        let (life, fail) = self.nclue_job(now, fail_value(&input.source_file_path, "DUPLICATE_USERID"));
        answer.insert("created_at".into(), json!((self.iso)(now)));
        self.features.push(Entity { id, fields: f, created: now, life, fail_message: fail });
        Ok((200, Value::Object(answer)))
    }

    /// `POST /profile/shopping-intents`: the task must be completed.
    pub fn create_intent(&mut self, body: &Value, now: f64) -> Answer {
        let input = rules::intent(body).map_err(refused)?;
        if Self::named(&self.intents, &input.name, "profile_name") {
            return Err(nclue_refusal(10102, None));
        }
        let task = self.task_ready(&input.task_id, now)?;
        let task_name = task.fields.get("task_name").cloned().unwrap_or(Value::Null);
        let id = self.uuid();
        let mut f = Map::new();
        f.insert("profile_id".into(), json!(id));
        f.insert("profile_name".into(), json!(input.name));
        f.insert("task_id".into(), json!(input.task_id));
        f.insert("task_name".into(), task_name);
        let mut answer = f.clone();
        f.insert("line_count".into(), json!(self.intent_rows));
        f.insert("disk_usage".into(), json!(self.intent_rows * 48));
        let (life, fail) = self.nclue_job(now, fail_value(&input.name, "COMMON_ERROR"));
        answer.insert("created_at".into(), json!((self.iso)(now)));
        self.intents.push(Entity { id, fields: f, created: now, life, fail_message: fail });
        Ok((200, Value::Object(answer)))
    }

    /// `POST /profile/custom-attributes`: the feature must be completed;
    /// `keyword_set` arrives one per line and is kept comma-separated.
    pub fn create_attrs(&mut self, body: &Value, now: f64) -> Answer {
        let input = rules::attrs(body).map_err(refused)?;
        if Self::named(&self.attrs, &input.name, "profile_name") {
            return Err(nclue_refusal(10102, None));
        }
        Self::missing_bucket(&input.result_bucket)?;
        let feature_name =
            self.feature_ready(&input.feature_id, now)?.fields.get("feature_name").cloned().unwrap_or(Value::Null);
        let id = self.uuid();
        let mut f = Map::new();
        f.insert("profile_id".into(), json!(id));
        f.insert("profile_name".into(), json!(input.name));
        f.insert("feature_id".into(), json!(input.feature_id));
        f.insert("feature_name".into(), feature_name);
        f.insert("keyword_set".into(), json!(input.keywords.join(",")));
        f.insert("result_bucket".into(), json!(input.result_bucket));
        f.insert("result_file_path".into(), json!(input.result_file_path));
        let mut answer = f.clone();
        f.insert("line_count".into(), json!(self.rng.u64(10_000..1_000_000)));
        let fail = fail_value(&format!("{}\n{}", input.name, input.result_file_path), "OBS_UPLOAD_FAILED");
        let (life, fail) = self.nclue_job(now, fail);
        answer.insert("created_at".into(), json!((self.iso)(now)));
        self.attrs.push(Entity { id, fields: f, created: now, life, fail_message: fail });
        Ok((200, Value::Object(answer)))
    }

    /// `GET /profile/shopping-intents-download/{id}`: the rows to serve for
    /// a completed profile; 409 10117 while it is not finished, 404 10124
    /// without a result. The TSV itself is made outside the world's lock.
    pub fn download_intent(&self, id: &str, now: f64) -> Result<usize, Refusal> {
        let p = self.intents.iter().find(|e| e.id == id).ok_or_else(|| nclue_refusal(10124, None))?;
        match p.status(now) {
            "completed" => Ok(self.intent_rows),
            "failed" => Err(nclue_refusal(10124, Some("the profile failed and has no result".into()))),
            _ => Err(nclue_refusal(10117, None)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intent_tsv_rows_are_reproducible_tab_separated_lines() {
        let a: Vec<String> = intent_tsv("p1", 5).collect();
        assert_eq!(a, intent_tsv("p1", 5).collect::<Vec<_>>());
        assert_ne!(a[1], intent_tsv("p2", 5).nth(1).unwrap_or_default());
        assert_eq!(a.len(), 6);
        assert_eq!(a[0], INTENT_TSV_HEADER);
        for row in &a[1..] {
            assert_eq!(row.matches('\t').count(), 4, "{row}");
            assert!(row.ends_with('\n'));
        }
    }
}
