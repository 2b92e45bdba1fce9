//! The curl command a form copies: run as written by bash against the
//! simulator, it is accepted (so the signature recipe is right), and its
//! text never holds the secret.

use crate::common;

use ncdash::api;
use ncdash::model::Service;
use ncdash::sim::DEMO_SECRET_KEY;
use serde_json::json;

fn curl_for_a_new_service(client: &api::Client) -> String {
    let body = json!({"name": "curl_made_it", "description": "it's quoted", "type": "batch"});
    api::show::curl(client, &api::aitems::create_service(body))
}

#[tokio::test]
async fn a_copied_curl_command_holds_no_secret() {
    let h = common::fast_sim().await;
    let cmd = curl_for_a_new_service(&common::client(&h, 50.0));
    assert!(!cmd.contains(DEMO_SECRET_KEY), "{cmd}");
    assert!(cmd.contains("$NCLOUD_SECRET_ACCESS_KEY") && cmd.contains("$NCLOUD_ACCESS_KEY_ID"));
}

#[tokio::test]
async fn a_copied_curl_command_works_with_the_keys_in_the_environment() {
    let h = common::fast_sim().await;
    let client = common::client(&h, 50.0);
    let cmd = curl_for_a_new_service(&client);
    let out = tokio::process::Command::new("bash")
        .arg("-c")
        .arg(format!("set -e\n{cmd} -s -o /dev/stderr -w '%{{http_code}}'"))
        .env("NCLOUD_ACCESS_KEY_ID", &h.sim.config.access_key)
        .env("NCLOUD_SECRET_ACCESS_KEY", &h.sim.config.secret_key)
        .output()
        .await
        .expect("bash runs");
    let code = String::from_utf8_lossy(&out.stdout);
    assert_eq!(code, "201", "stderr: {}", String::from_utf8_lossy(&out.stderr));
    let created = h.sim.stats().arrivals(Service::Aitems).filter(|a| a.method == "POST").count();
    assert_eq!(created, 1);
    // The list names it; its detail carries the quoted description.
    let services = client.send(api::aitems::list_services(0, 100), api::Lane::User).await.unwrap();
    let made = services["services"].as_array().and_then(|a| a.iter().find(|s| s["name"] == "curl_made_it"));
    let id = made.and_then(|s| s["serviceId"].as_str()).expect("the created service is listed");
    let detail = client.send(api::aitems::get_service(id), api::Lane::User).await.unwrap();
    assert_eq!(detail["description"], "it's quoted");
}
