"""DataForest (/df/api/v2): every call a POST with a JSON body.

accounts/getList (current page), aiworkspaces/getList and aiapps/getList (older pages:
aiapps items carry accountName, appId, disabled, finalStatus, finishedAt, id, modifiedAt,
name, queueName, startedAt, state, workspaceName, and the answer has no `total`),
aiapps/getDetail (GetAiAppDetailResponse; the elapsed time under `elapesdMillis`, as the
datatype's syntax block spells it; IND_ELAPSED_KEY changes it; containers an object keyed
by name, AiAppContainer), aiapps/submit (SubmitAiAppResponse; finishedAt
1970-01-01T09:00:00+09:00 while not finished; AiAppResource gpuCount 1 to 8),
aiapps/kill (no page exists: {success, message, id}). Ids base62, 22 characters.
"""
import os
import random
import re

from common import (EPOCH_KST, LOCK, SYS, base62_id, iso_kst, later, now, parse_json, record_write)

ELAPSED_KEY = os.environ.get("IND_ELAPSED_KEY", "elapesdMillis")
RUN_S = float(os.environ.get("IND_APP_RUN_S", "600"))  # RUNNING for this long, then FINISHED
B62 = re.compile(r"[0-9A-Za-z]{1,22}")
# Handlers of further calls, (path, body) -> answer or None, called with LOCK held;
# each module that adds calls registers itself here (dataforest_workspaces.py).
MORE_CALLS = []

rng = random.Random(99)
ACCOUNT = {"id": base62_id(rng), "name": "df001", "principal": "df001@KR.DF.NAVERNCP.COM", "status": "RUNNING",
           "createdAt": "2025-02-20T09:32:55+09:00", "disabled": False}
T0 = now() - 86400
WORKSPACES = [
    {"accountName": "df001", "createdAt": iso_kst(T0), "description": "indsim GPU workspace", "disabled": False,
     "id": base62_id(rng), "imageVersion": "tensorflow-2.11", "modifiedAt": iso_kst(T0 + 60), "name": "ws-vision"},
    {"accountName": "df001", "createdAt": iso_kst(T0 + 300), "description": "", "disabled": False,
     "id": base62_id(rng), "imageVersion": "pytorch-2.1", "modifiedAt": iso_kst(T0 + 360), "name": "ws-nlp"},
]
APPS = []  # oldest first
BY_ID = {}


def app_name(prefix):
    a = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(4))
    b = "".join(SYS.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(4))
    return f"{prefix}-{a}-{b}"


def add_app(prefix, ws, state, final, started, finished, req=None, r=rng):
    n = len(APPS) + 1
    app = {"id": base62_id(r), "appId": f"application_1733000000000_{n:04d}", "name": app_name(prefix),
           "accountName": ACCOUNT["name"], "workspaceName": ws["name"], "queueName": (req or {}).get("queueName", "gpu"),
           "state": state, "finalStatus": final, "started": started, "finished": finished, "modified": started,
           "disabled": False, "req": req or {"docker": {"image": "tensorflow/tensorflow:2.11.0-gpu"},
                                               "resource": {"cpuCount": 4, "gpuCount": 1, "memoryMb": 16384}}}
    APPS.append(app)
    BY_ID[app["id"]] = app
    return app


add_app("train", WORKSPACES[0], "FINISHED", "SUCCEEDED", T0 + 1000, T0 + 4600)
add_app("eval", WORKSPACES[0], "FAILED", "FAILED", T0 + 5000, T0 + 5090)
add_app("bert", WORKSPACES[1], "RUNNING", "UNDEFINED", now() - 1800, None)


def ts(t):
    return iso_kst(t, ms=True) if t else EPOCH_KST


def elapsed(a):
    end = a["finished"] or now()
    return int((end - a["started"]) * 1000) if a["state"] not in ("NEW", "NEW_SAVING", "SUBMITTED", "ACCEPTED") else 0


def item(a):
    return {"accountName": a["accountName"], "appId": a["appId"], "disabled": a["disabled"],
            "finalStatus": a["finalStatus"], "finishedAt": ts(a["finished"]), "id": a["id"],
            "modifiedAt": ts(a["modified"]), "name": a["name"], "queueName": a["queueName"],
            "startedAt": ts(a["started"]), "state": a["state"], "workspaceName": a["workspaceName"]}


def containers(a):
    if a["state"] in ("ACCEPTED", "NEW", "SUBMITTED"):
        return {}
    d, r = a["req"].get("docker", {}), a["req"].get("resource", {})
    st = {"RUNNING": "RUNNING", "FINISHED": "COMPLETE", "FAILED": "COMPLETE", "KILLED": "COMPLETE"}.get(a["state"], a["state"])
    out = {}
    for k, comp in enumerate(("master", "worker")):
        cid = f"container_e01_1733000000000_{a['appId'][-4:]}_01_00000{k + 1}"
        out[f"{a['name']}-{comp}"] = {
            "component": comp, "containerId": cid, "cpuCount": r.get("cpuCount", 1),
            "memoryMb": r.get("memoryMb", 15360), "dockerImage": d.get("image"), "status": st,
            "logUrl": f"http://127.0.0.1:{os.environ.get('IND_PORT', '8831')}/node/containerlogs/{cid}/df001", "createdAt": ts(a["started"])}
    return out


def detail(a):
    out = {"success": True, "message": "", "accountName": a["accountName"], "id": a["id"], "appId": a["appId"],
           "name": a["name"], "queueName": a["queueName"], "startedAt": ts(a["started"]),
           "finishedAt": ts(a["finished"]), ELAPSED_KEY: elapsed(a), "state": a["state"],
           "finalStatus": a["finalStatus"], "workspaceName": a["workspaceName"], "modifiedAt": ts(a["modified"]),
           "disabled": a["disabled"], "containers": containers(a)}
    return out


def fail(msg, http=400):
    return http, {"success": False, "message": msg}


def check_submit(b):
    if not isinstance(b, dict):
        return "body must be a JSON object"
    ws = b.get("aiWorkspaceId")
    if not isinstance(ws, str) or not B62.fullmatch(ws):
        return "aiWorkspaceId: base62, at most 22 characters"
    if not any(w["id"] == ws for w in WORKSPACES):
        return f"aiWorkspaceId: no AI workspace {ws}"
    p = b.get("namePrefix")
    if not isinstance(p, str) or not 2 <= len(p) <= 8:
        return "namePrefix: 2 to 8 characters"
    if not isinstance(b.get("queueName", "gpu"), str):
        return "queueName: a YARN queue name"
    for k in ("data", "docker", "resource"):
        if not isinstance(b.get(k), dict):
            return f"{k} is required"
    dk = b["docker"]
    for k in ("image", "command"):
        if not isinstance(dk.get(k), str) or not dk[k]:
            return f"docker.{k} is required"
    for port in dk.get("exposeTcpPorts") or []:
        if not isinstance(port, int) or not 1 <= port <= 65535:
            return "docker.exposeTcpPorts: 1 to 65535"
    r = b["resource"]
    g = r.get("gpuCount", 1)
    if not isinstance(g, int) or isinstance(g, bool) or not 1 <= g <= 8:
        return "resource.gpuCount: 1 to 8"
    for k in ("cpuCount", "memoryMb"):
        v = r.get(k, 0)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            return f"resource.{k}: a non-negative integer"
    return None


def set_state(aid, state, final, end=False):
    with LOCK:
        a = BY_ID.get(aid)
        if a is None or a["state"] in ("FINISHED", "FAILED", "KILLED"):
            return
        t = now()
        a["state"], a["finalStatus"], a["modified"] = state, final, t
        if state == "RUNNING":
            a["started"] = t
        if end:
            a["finished"] = t


def submit(b):
    e = check_submit(b)
    if e:
        return fail(e)
    ws = next(w for w in WORKSPACES if w["id"] == b["aiWorkspaceId"])
    t = now()
    a = add_app(b["namePrefix"], ws, "ACCEPTED", "UNDEFINED", t, None, req=b, r=SYS)
    later(3, set_state, a["id"], "RUNNING", "UNDEFINED")
    later(3 + RUN_S, set_state, a["id"], "FINISHED", "SUCCEEDED", True)
    return 200, {"success": True, "message": "", "id": a["id"], "accountName": a["accountName"], "name": a["name"],
                 "queueName": a["queueName"], "startedAt": ts(a["started"]), "finishedAt": EPOCH_KST,
                 ELAPSED_KEY: 0, "state": "ACCEPTED", "finalStatus": "UNDEFINED"}


def handle(method, path, q, body):
    if method != "POST":
        return None
    b, e = parse_json(body)
    if e:
        return e
    b = b if b is not None else {}
    with LOCK:
        if path == "/accounts/getList":
            return 200, {"success": True, "total": 1, "contents": [dict(ACCOUNT)]}
        if path == "/aiworkspaces/getList":
            return 200, {"success": True, "message": "", "total": len(WORKSPACES), "contents": [dict(w) for w in WORKSPACES]}
        if path == "/aiapps/getList":
            acc = (b.get("search") or {}).get("accountId") if isinstance(b, dict) else None
            items = [item(a) for a in reversed(APPS)] if acc in (None, ACCOUNT["id"]) else []
            return 200, {"success": True, "message": "", "contents": items}
        if path in ("/aiapps/getDetail", "/aiapps/kill"):
            aid = b.get("id") if isinstance(b, dict) else None
            if path == "/aiapps/kill":
                record_write("df", method, path, b)
            if not isinstance(aid, str) or not B62.fullmatch(aid):
                return fail("id: base62, at most 22 characters")
            a = BY_ID.get(aid)
            if a is None:
                return fail(f"no AI app {aid}", 404)
            if path == "/aiapps/getDetail":
                return 200, detail(a)
            if a["state"] in ("FINISHED", "FAILED", "KILLED"):
                return fail(f"AI app {aid} has already ended ({a['state']})", 409)
            t = now()
            a["state"], a["finalStatus"], a["finished"], a["modified"] = "KILLED", "KILLED", t, t
            return 200, {"success": True, "message": "", "id": aid}
        if path == "/aiapps/submit":
            record_write("df", method, path, b)
            return submit(b)
        for more in MORE_CALLS:
            answer = more(path, b)
            if answer is not None:
                return answer
        return None
