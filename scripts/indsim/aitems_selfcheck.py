#!/usr/bin/env python3
"""Self-check of the independent AiTEMS simulator (aitems.py) through server.py: starts the
server on a loopback port (as check.py does), sends signed requests to every AiTEMS call of
docs/aitems-calls.md and checks the answers' shapes, refusals and status progressions.
Usage: aitems_selfcheck.py [--paced]   (--paced: the real 1 request/s gap; default: a 120 ms
gap with IND_GAP_MS=100 so the run takes ~30 s). Exit 0 when every check passes.
Standard library only; never touches ncdash.
"""
import base64
import hashlib
import hmac
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PACED = "--paced" in sys.argv
AK, SK = "AK_SELFCHECK", "SK_SELFCHECK"
PREFIX = "/aitems/api/v1"
FAILS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = free_port()
U = f"http://127.0.0.1:{PORT}"
GAP = 1.05 if PACED else 0.12
_last = [0.0]


def sign(method, uri, ts):
    """NCP API Gateway signature v2: HMAC-SHA256 over "METHOD URI\\nTIMESTAMP\\nACCESSKEY", Base64."""
    msg = f"{method} {uri}\n{ts}\n{AK}".encode()
    return base64.b64encode(hmac.new(SK.encode(), msg, hashlib.sha256).digest()).decode()


def call(method, path, body=None):
    wait = _last[0] + GAP - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    _last[0] = time.monotonic()
    uri = PREFIX + path
    ts = str(int(time.time() * 1000))
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(U + uri, method=method, data=data, headers={
        "x-ncp-apigw-timestamp": ts, "x-ncp-iam-access-key": AK,
        "x-ncp-apigw-signature-v2": sign(method, uri, ts), "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def admin(path):
    with urllib.request.urlopen(U + path, timeout=5) as r:
        return json.loads(r.read())


def check(name, ok, got=None):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f"\n     got: {json.dumps(got)[:400]}"), flush=True)
    if not ok:
        FAILS.append(name)


def wait_for(name, fn, pred, timeout=30):
    end = time.time() + timeout
    seen = []
    while time.time() < end:
        v = fn()
        if not seen or seen[-1] != v:
            seen.append(v)
        if pred(v):
            check(f"{name}: {' -> '.join(map(str, seen))}", True)
            return v
        time.sleep(0.5)
    check(name, False, seen)
    return None


def is_err(st, body, code):
    return st == code and isinstance(body, dict) and isinstance(body.get("error"), dict) \
        and "errorCode" in body["error"] and "message" in body["error"]


def main():
    env = dict(os.environ, IND_PORT=str(PORT), IND_HOST="127.0.0.1", IND_GAP_MS="1000" if PACED else "100",
               IND_TRAIN_S="4", IND_DS_WAIT_S="1", IND_DS_PROC_S="1.5", IND_DS_DEL_S="3" if PACED else "1", IND_SCHED_S="1.5",
               IND_UPDATE_S="2")
    srv = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                fx = admin("/_admin/fixtures")
                break
            except Exception:
                time.sleep(0.05)
        else:
            sys.exit("server did not start")
        run(fx)
    finally:
        srv.terminate()
        try:
            srv.wait(5)
        except subprocess.TimeoutExpired:
            srv.kill()
    print(f"\n{len(FAILS)} failure(s)" + (": " + "; ".join(FAILS) if FAILS else ""))
    sys.exit(1 if FAILS else 0)


def run(fx):
    v2 = fx["services"]["Version2"]["id"]
    hr = fx["services"]["hourly_refresh"]["id"]
    draft = fx["services"]["_draft-svc"]["id"]
    v2_user = fx["services"]["Version2"]["datasets"]["user"]

    # ---- existing calls still answer as before
    st, b = call("GET", "/services")
    check("GET /services -> {services:[...]} only", st == 200 and list(b) == ["services"] and len(b["services"]) == 3, b)
    st, b = call("GET", "/datasets")
    check("GET /datasets -> statuses enable/processing/upload_failed",
          st == 200 and {"enable", "processing", "upload_failed"} <= {x["status"] for x in b["datasets"]}, b)
    st, b = call("GET", f"/services/{v2}")
    check("GET /services/{id} (batch) has no learningInterval", st == 200 and "learningInterval" not in b, b)

    # ---- schemas
    st, b = call("GET", "/schemas?datasetType=item")
    check("GET /schemas?datasetType=item -> {schemas, offset, limit}, items only",
          st == 200 and set(b) == {"schemas", "offset", "limit"} and b["schemas"]
          and all(x["datasetType"] == "item" and x["actionName"] == "View/getSchemaDetail" for x in b["schemas"]), b)
    st, b = call("GET", "/schemas?datasetType=movie")
    check("GET /schemas?datasetType=movie -> 400", is_err(st, b, 400), b)
    st, b = call("GET", "/schemas/indsim_interaction_schema")
    check("GET /schemas/{name} -> fields, categorical only when true",
          st == 200 and b["name"] == "indsim_interaction_schema"
          and all(f.get("categorical", True) is True for f in b["fields"]), b)
    st, b = call("GET", "/schemas/nope_schema")
    check("GET /schemas/{unknown} -> 404", is_err(st, b, 404), b)
    st, b = call("GET", "/schemas/default?datasetType=interaction")
    check("GET /schemas/default?datasetType=interaction -> USER_ID, ITEM_ID, TIMESTAMP",
          st == 200 and [f["name"] for f in b["fields"]] == ["USER_ID", "ITEM_ID", "TIMESTAMP"], b)
    st, b = call("GET", "/schemas/default")
    check("GET /schemas/default without datasetType -> 400", is_err(st, b, 400), b)
    good = {"datasetType": "item", "name": "sc_items2", "description": "desc",
            "fields": [{"name": "ITEM_ID", "type": ["string"], "categorical": False},
                       {"name": "GENRE", "type": ["string", "null"], "categorical": True}]}
    st, b = call("POST", "/schemas/validation-check", good)
    check("POST /schemas/validation-check -> [fields], categorical false not shown",
          st == 200 and b == [{"name": "ITEM_ID", "type": ["string"]},
                              {"name": "GENRE", "type": ["string", "null"], "categorical": True}], b)
    st, b = call("POST", "/schemas/validation-check", {**good, "fields": [{"name": "ITEM_ID", "type": ["string"]}]})
    check("validation-check without categorical -> 400 (Required there)", is_err(st, b, 400), b)
    st, b = call("POST", "/schemas/validation-check", {k: v for k, v in good.items() if k != "description"})
    check("validation-check without description -> 400 (Required there)", is_err(st, b, 400), b)
    st, b = call("POST", "/schemas", {**good, "name": "_items"})
    check("POST /schemas name starting with '_' -> 400", is_err(st, b, 400), b)
    st, b = call("POST", "/schemas", {**good, "fields": [{"name": "GENRE", "type": ["string"]}]})
    check("POST /schemas item schema without ITEM_ID -> 400", is_err(st, b, 400), b)
    st, b = call("POST", "/schemas", {"datasetType": "item", "name": "sc_items2",
                                      "fields": [{"name": "ITEM_ID", "type": ["string"]}]})
    check("POST /schemas (description optional) -> schema with createdDate",
          st == 200 and b["name"] == "sc_items2" and b["createdDate"] and b["description"] == "", b)
    st, b = call("POST", "/schemas", {"datasetType": "item", "name": "sc_items2",
                                      "fields": [{"name": "ITEM_ID", "type": ["string"]}]})
    check("POST /schemas same name again -> 400", is_err(st, b, 400), b)
    st, b = call("PUT", "/schemas/sc_items2", {"content": "new words"})
    check("PUT /schemas/{name} {content} -> description changed", st == 200 and b["description"] == "new words", b)
    st, b = call("PUT", "/schemas/sc_items2", {"content": "x" * 101})
    check("PUT /schemas/{name} 101 characters -> 400", is_err(st, b, 400), b)
    st, b = call("DELETE", "/schemas/indsim_item_schema")
    check("DELETE /schemas/{name} used by datasets -> 400 refusal", is_err(st, b, 400) and "used by" in b["error"]["message"], b)
    st, b = call("DELETE", "/schemas/indsim_spare_schema")
    check("DELETE /schemas/{unused} -> {result: ok}", st == 200 and b == {"result": "ok"}, b)

    # ---- datasets
    body = {"type": "item", "name": "items_new", "description": "abc", "schemaName": "sc_items2",
            "osInfo": {"region": "KR", "bucket": "aitems", "key": "bookmarks-items.csv"}}
    st, b = call("POST", "/datasets", {k: v for k, v in body.items() if k != "osInfo"})
    check("POST /datasets without osInfo -> 400", is_err(st, b, 400), b)
    st, b = call("POST", "/datasets", {**body, "schemaName": "indsim_user_schema"})
    check("POST /datasets item with a user schema -> 400", is_err(st, b, 400), b)
    st, b = call("POST", "/datasets", body)
    ok = st == 200 and b.get("status") == "waiting" and len(b.get("datasetId", "")) == 11 \
        and b["osInfo"] == body["osInfo"] and b["connectedServices"] == []
    check("POST /datasets -> detail, status waiting, 11-char id", ok, b)
    new_item = b.get("datasetId")
    wait_for("new dataset status", lambda: call("GET", f"/datasets/{new_item}")[1]["status"], lambda s: s == "enable")
    st, b = call("POST", "/datasets", {**body, "name": "items_bad", "osInfo": {**body["osInfo"], "key": "items.xlsx"}})
    bad_id = b.get("datasetId")
    wait_for("dataset from a .xlsx key", lambda: call("GET", f"/datasets/{bad_id}")[1]["status"],
             lambda s: s == "upload_failed")
    st, b = call("GET", f"/datasets/{v2_user}")
    check("GET /datasets/{id} -> connectedServices [{serviceId, name}]",
          st == 200 and b["connectedServices"] == [{"serviceId": v2, "name": "Version2"}], b)
    st, b = call("PUT", f"/datasets/{new_item}", {"content": "described"})
    check("PUT /datasets/{id} {content} -> description", st == 200 and b["description"] == "described", b)
    st, b = call("POST", f"/datasets/{bad_id}", {**body, "name": "items_fixed"})
    check("POST /datasets/{id} (edit, new key) -> waiting again", st == 200 and b["status"] == "waiting"
          and b["name"] == "items_fixed", b)
    wait_for("edited dataset status", lambda: call("GET", f"/datasets/{bad_id}")[1]["status"], lambda s: s == "enable")
    st, b = call("DELETE", f"/datasets/{v2_user}")
    check("DELETE /datasets/{id} used by a service -> 400 refusal", is_err(st, b, 400) and "used by" in b["error"]["message"], b)
    st, b = call("DELETE", f"/datasets/{bad_id}")
    check("DELETE /datasets/{free id} -> {result: ok}", st == 200 and b == {"result": "ok"}, b)
    st, b = call("GET", f"/datasets/{bad_id}")
    check("deleted dataset shows deleting", st == 200 and b["status"] == "deleting", b)
    wait_for("deleted dataset", lambda: call("GET", f"/datasets/{bad_id}")[0], lambda s: s == 404)

    # ---- services: edit, datasets, interval, schedule
    st, b = call("PUT", f"/services/{draft}", {"name": "draft_renamed", "description": "now described"})
    check("PUT /services/{id} {name, description}", st == 200 and b["name"] == "draft_renamed"
          and b["description"] == "now described", b)
    st, b = call("PUT", f"/services/{draft}", {"name": "9starts-with-digit"})
    check("PUT /services/{id} bad name -> 400", is_err(st, b, 400), b)
    ds = call("GET", "/datasets")[1]["datasets"]
    by = {x["name"]: x["datasetId"] for x in ds}
    st, b = call("POST", f"/services/{draft}/datasets", {"datasetIds": [by["indsim-users"], by["indsim-items"]]})
    check("POST /services/{id}/datasets with two ids -> 400", is_err(st, b, 400), b)
    st, b = call("POST", f"/services/{draft}/datasets",
                 {"datasetIds": [by["indsim-users"], new_item, by["indsim-interactions"]]})
    check("POST /services/{id}/datasets user+item+interaction -> learnable",
          st == 200 and b["status"] == "learnable" and len(b["datasets"]) == 3, b)
    st, b = call("PUT", f"/services/{v2}/interval", {"term": "hour3"})
    check("PUT /services/{batch}/interval -> 400 (interval services only)", is_err(st, b, 400), b)
    st, b = call("PUT", f"/services/{hr}/interval", {"term": "hour2"})
    check("PUT /services/{id}/interval term hour2 -> 400", is_err(st, b, 400), b)
    st, b = call("PUT", f"/services/{hr}/interval", {"term": "hour6"})
    check("PUT /services/{id}/interval hour6 -> learningInterval hour6", st == 200 and b["learningInterval"] == "hour6", b)
    sched = {"trainTypes": ["personalRecommend", "pop"], "description": "nightly", "hpConfig": {"is_enabled": False}}
    st, b = call("PUT", f"/services/{hr}/schedule", {**sched, "action": "stop"})
    check("PUT /services/{id}/schedule with action in the body -> 400", is_err(st, b, 400)
          and "query" in b["error"]["message"], b)
    st, b = call("PUT", f"/services/{hr}/schedule?action=stop", sched)
    check("PUT /services/{id}/schedule?action=stop -> learnable, no scheduledDate",
          st == 200 and b["status"] == "learnable" and b["scheduledDate"] is None, b)
    st, b = call("PUT", f"/services/{v2}/schedule?action=start", sched)
    check("PUT /services/{batch}/schedule?action=start -> 400", is_err(st, b, 400), b)
    st, b = call("PUT", f"/services/{hr}/schedule?action=start", {**sched, "hpConfig": {"is_enabled": True,
                                                                                          "item_top_n": 10}})
    check("schedule start with item_top_n 10 (range 1,000~500,000) -> 400", is_err(st, b, 400), b)
    st, b = call("PUT", f"/services/{hr}/schedule?action=start", sched)
    check("PUT /services/{id}/schedule?action=start -> scheduled with scheduledDate",
          st == 200 and b["status"] == "scheduled" and b["scheduledDate"], b)
    wait_for("interval service status", lambda: call("GET", f"/services/{hr}")[1]["status"],
             lambda s: s == "scheduledLearning")
    st, b = call("PUT", f"/services/{hr}/schedule?action=stop", sched)
    check("schedule stop while scheduledLearning -> 400", is_err(st, b, 400), b)
    wait_for("interval service back to", lambda: call("GET", f"/services/{hr}")[1]["status"],
             lambda s: s == "scheduled")

    # ---- trainings
    st, b = call("GET", f"/services/{hr}/trains")
    check("GET /services/{id}/trains -> {trains, offset, limit}", st == 200 and set(b) == {"trains", "offset", "limit"}
          and all(set(t) == {"serviceId", "type", "hpConfig", "version", "description", "status", "createdDate",
                             "inference"} for t in b["trains"]), b)
    st, b = call("GET", f"/services/{hr}/trains?isRecent=true")
    recent = b.get("trains", [])
    check("GET trains?isRecent=true -> one per type, newest",
          st == 200 and len({t["type"] for t in recent}) == len(recent) == 3
          and all(t["status"] == "completed" and t["inference"] for t in recent if t["type"] == "pop"), b)
    pr = next(t for t in recent if t["type"] == "personalRecommend")
    st, b = call("GET", f"/services/{hr}/trains/personalRecommend/versions/{pr['version']}")
    check("GET /services/{id}/trains/{type}/versions/{v}", st == 200 and b["version"] == pr["version"], b)
    st, b = call("GET", f"/services/{hr}/trains/pop/versions/{pr['version']}")
    check("GET trains/{other type}/versions/{v} -> 404", is_err(st, b, 404), b)
    # batch training: requesting -> waiting -> learning -> completed
    st, b = call("POST", f"/services/{draft}", {"types": ["relatedItem"], "hpConfig": {"is_enabled": False}})
    check("POST /services/{id} (batch training) -> learning", st == 200 and b["status"] == "learning", b)
    wait_for("batch training record", lambda: call("GET", f"/services/{draft}/trains?isRecent=true")[1]["trains"][0]["status"],
             lambda s: s == "completed")
    st, b = call("GET", f"/services/{draft}")
    check("batch service back to learnable with infers", st == 200 and b["status"] == "learnable" and b["infers"], b)

    # ---- interval updates: an upload to the interval service starts updates with counts
    hr_detail = call("GET", f"/services/{hr}")[1]
    hr_user = next(x["datasetId"] for x in hr_detail["datasets"] if x["type"] == "user")
    st, b = call("POST", f"/services/{hr}/datasets/{hr_user}",
                 {"type": "user", "value": [{"USER_ID": "test", "AGE": 20}, {"USER_ID": "test1", "AGE": 10},
                                            {"USER_ID": "test2", "AGE": 30}]})
    check("POST /services/{id}/datasets/{did} (vendor example rows) -> true", st == 200 and b is True, b)
    inf = hr_detail["infers"][0]
    ups = wait_for("update status", lambda: call(
        "GET", f"/services/{hr}/updates?type={inf['dataType']}&trainVersion={inf['trainVersion']}")[1]["updates"][0]["status"],
        lambda s: s == "enable")
    st, b = call("GET", f"/services/{hr}/updates?type={inf['dataType']}&trainVersion={inf['trainVersion']}")
    u0 = b["updates"][0] if st == 200 and b.get("updates") else {}
    check("GET /services/{id}/updates -> counts of the upload (3 users) and a finishedDate",
          ups and u0.get("updateResult", {}).get("inputUsersCnt") == 3 and u0.get("finishedDate"), b)
    st, b = call("GET", f"/services/{hr}/updates?type=pop")
    check("GET updates without trainVersion -> 400", is_err(st, b, 400), b)

    # ---- recommendation lookup
    st, b = call("GET", f"/services/{hr}/infers/lookup?type=personalRecommend&targetId=test1")
    check("lookup personalRecommend for an uploaded USER_ID -> {field: ITEM_ID, values}",
          st == 200 and b["field"] == "ITEM_ID" and len(b["values"]) == 4, b)
    st, b = call("GET", f"/services/{v2}/infers/lookup?type=relatedItem&targetId=5")
    check("lookup relatedItem ITEM_ID 5", st == 200 and b["field"] == "ITEM_ID" and b["values"] and "5" not in b["values"], b)
    st, b = call("GET", f"/services/{v2}/infers/lookup?type=pop&targetId=")
    check("lookup pop (targetId present, empty) -> values", st == 200 and len(b["values"]) == 6, b)
    st, b = call("GET", f"/services/{v2}/infers/lookup?type=relatedItem")
    check("lookup relatedItem without targetId -> 400", is_err(st, b, 400), b)
    st, b = call("GET", f"/services/{v2}/infers/lookup?type=personalRecommend&targetId=u1")
    check("lookup personalRecommend where that training failed -> 404", is_err(st, b, 404), b)

    stats = admin("/_admin/stats")["services"]["aitems"]
    check("the server saw no 429 (pacing kept)", stats["r429"] == 0, stats)


if __name__ == "__main__":
    main()
