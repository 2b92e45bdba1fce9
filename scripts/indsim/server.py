#!/usr/bin/env python3
"""Independent fake NCP gateway for ncdash (SPEC sections 2, 3, 5, 7).

Standard library only. One port, three services told apart by path prefix:
  NCLUE       /nclue/api/v1/...
  AiTEMS      /aitems/api/v1/...
  DataForest  /df/api/v2/...
Admin (not rate limited, not counted): POST /_admin/inject, GET /_admin/stats,
GET /_admin/log.

Gateway rules implemented: x-ncp-iam-access-key required (401 / 200 otherwise);
signature NOT checked; per service, an arrival closer than GAP_MS to the
previous arrival (any arrival, accepted or not) gets 429 with the gateway error
body {"error":{"errorCode":"420","message":"Rate Limited"}}.
"""
import json
import os
import random
import re
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

HOST = os.environ.get("IND_HOST", "127.0.0.1")
PORT = int(os.environ.get("IND_PORT", "8831"))
GAP_MS = float(os.environ.get("IND_GAP_MS", "900"))
N_TASKS = int(os.environ.get("IND_TASKS", "10000"))
RETRY_AFTER = os.environ.get("IND_RETRY_AFTER", "")  # empty: no Retry-After header
KST = timezone(timedelta(hours=9))

PREFIXES = [("nclue", "/nclue/api/v1"), ("aitems", "/aitems/api/v1"), ("df", "/df/api/v2")]

LOCK = threading.Lock()
STATS = {
    s: {"requests": 0, "r429": 0, "last_arrival": None, "min_gap_ms": None,
        "ok": 0, "other_errors": 0, "missing_timestamp": 0, "missing_signature": 0,
        "missing_content_type": 0}
    for s, _ in PREFIXES
}
LOG = []  # (wall time, service, method, path, status)
EVENTS = []  # state changes of injected tasks
UNKNOWN = []  # requests to paths we do not serve


def iso(dt):
    return dt.isoformat(timespec="seconds")


# ---------------------------------------------------------------- task data
rng = random.Random(20261201)
FEATURE_ID = str(uuid.UUID(int=rng.getrandbits(128), version=4))
TEST_FEATURE_ID = str(uuid.UUID(int=rng.getrandbits(128), version=4))
FAILS = ["OBS_DOWNLOAD_FAILED", "NOT_EXIST_FILE", "UNEXPECTED_TXT_FORMAT", "DUPLICATE_USERID"]

# TASKS[0] is the OLDEST; the list endpoint answers newest first.
TASKS = []
BY_ID = {}
now0 = datetime.now(KST).replace(microsecond=0)
for i in range(N_TASKS):
    created = now0 - timedelta(hours=2) - timedelta(minutes=(N_TASKS - 1 - i))
    failed = rng.random() < 0.03
    t = {
        "task_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "task_name": f"indsim-task-{i:05d}",
        "status": "failed" if failed else "completed",
        "created_at": iso(created),
        "completed_at": iso(created + timedelta(seconds=rng.randint(300, 3000))),
        "train_feature_id": FEATURE_ID,
        "train_feature_name": "indsim-feature",
        "train_bucket": "ind-bucket",
        "train_file_path": f"train/{i:05d}.tsv",
        "test_feature_id": TEST_FEATURE_ID,
        "test_feature_name": "indsim-test-feature",
        "test_bucket": "ind-bucket",
        "test_file_path": f"test/{i:05d}.tsv",
    }
    d = {
        "AUROC": None if failed else f"{rng.uniform(0.6, 0.95):.4f}",
        "line_count": rng.randint(1000, 90000),
        "disk_usage": rng.randint(10**5, 10**8),
        "fail_message": rng.choice(FAILS) if failed else None,
    }
    TASKS.append(t)
    BY_ID[t["task_id"]] = (t, d)
INJECTED = 0


def set_status(task, status, key):
    with LOCK:
        now = time.time()
        task["status"] = status
        if status == "completed":
            task["completed_at"] = datetime.fromtimestamp(now, KST).isoformat(timespec="milliseconds")
        ev = {"task_name": task["task_name"], "task_id": task["task_id"], "status": status, "at": now}
        EVENTS.append(ev)
    return ev


def inject():
    global INJECTED
    with LOCK:
        INJECTED += 1
        n = INJECTED
        now = time.time()
        t = {
            "task_id": str(uuid.uuid4()),
            "task_name": f"injected-{n}",
            "status": "registered",
            "created_at": datetime.fromtimestamp(now, KST).isoformat(timespec="milliseconds"),
            "completed_at": None,
            "train_feature_id": FEATURE_ID,
            "train_feature_name": "indsim-feature",
            "train_bucket": "ind-bucket",
            "train_file_path": "train/injected.tsv",
            "test_feature_id": None,
            "test_feature_name": None,
            "test_bucket": None,
            "test_file_path": None,
        }
        d = {"AUROC": None, "line_count": None, "disk_usage": None, "fail_message": None}
        TASKS.append(t)
        BY_ID[t["task_id"]] = (t, d)
        ev = {"task_name": t["task_name"], "task_id": t["task_id"], "status": "registered", "at": now}
        EVENTS.append(ev)
    threading.Timer(5.0 - (time.time() - now), set_status, (t, "in_progress", n)).start()
    threading.Timer(10.0 - (time.time() - now), set_status, (t, "completed", n)).start()
    return ev


# ---------------------------------------------------------------- handlers
def gw_error(http, code, msg):
    return http, {"error": {"errorCode": code, "message": msg}}


def nclue_err(http, code, name, msg):
    return http, {"code": code, "name": name, "message": msg}


def page_args(q):
    try:
        index = int(q.get("index", ["0"])[0])
        limit = int(q.get("limit", ["20"])[0])
    except ValueError:
        return None
    if index < 0 or not (1 <= limit <= 100):
        return None
    return index, limit


def nclue(method, path, q, body):
    if method == "GET" and path == "/tasks":
        pa = page_args(q)
        if pa is None:
            return nclue_err(422, 10133, "INVALID_LIMIT", "index/limit out of range")
        index, limit = pa
        with LOCK:
            total = len(TASKS)
            # newest first: position 0 is TASKS[-1]
            lo = max(0, total - index - limit)
            hi = max(0, total - index)
            items = [dict(t) for t in reversed(TASKS[lo:hi])]
        return 200, {"index": index, "limit": limit, "total": total, "tasks": items}
    m = re.fullmatch(r"/tasks/([^/]+)", path)
    if method == "GET" and m:
        with LOCK:
            hit = BY_ID.get(m.group(1))
            if hit:
                t, d = hit
                out = dict(t)
                out.update(d)
        if not hit:
            return 404, {"code": 10125, "name": "TASK_NOT_FOUND", "message": "No task exists."}
        return 200, out
    lists = {"/features": "features", "/task-runs": "runs",
             "/profile/shopping-intents": "profiles", "/profile/custom-attributes": "profiles"}
    if method == "GET" and path in lists:
        pa = page_args(q)
        if pa is None:
            return nclue_err(422, 10133, "INVALID_LIMIT", "index/limit out of range")
        return 200, {"index": pa[0], "limit": pa[1], "total": 0, lists[path]: []}
    return None


def aitems(method, path, q, body):
    if method == "GET" and path == "/services":
        offset = int(q.get("offset", ["0"])[0])
        limit = int(q.get("limit", ["1000"])[0])
        return 200, {"services": [], "offset": offset, "limit": limit}
    if method == "GET" and path == "/datasets":
        offset = int(q.get("offset", ["0"])[0])
        limit = int(q.get("limit", ["1000"])[0])
        return 200, {"datasets": [], "offset": offset, "limit": limit}
    return None


ACCOUNT = {"id": 4711, "name": "indsim-account", "type": "USER", "status": "ACTIVE"}


def dataforest(method, path, q, body):
    if method != "POST":
        return None
    if path == "/accounts/getList":
        return 200, {"success": True, "message": "", "total": 1, "contents": [ACCOUNT]}
    if path == "/aiworkspaces/getList":
        return 200, {"success": True, "message": "", "total": 0, "contents": []}
    if path == "/aiapps/getList":
        return 200, {"success": True, "message": "", "total": 0, "contents": []}
    return None


SERVICES = {"nclue": nclue, "aitems": aitems, "df": dataforest}


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "indsim/1"

    def log_message(self, fmt, *args):
        pass

    def send_json(self, status, obj, extra=None):
        raw = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def handle_any(self, method):
        arrival = time.time()
        mono = time.monotonic()
        u = urlsplit(self.path)
        body = self.read_body()
        if u.path.startswith("/_admin/"):
            return self.admin(method, u.path)
        svc = None
        for name, pre in PREFIXES:
            if u.path == pre or u.path.startswith(pre + "/"):
                svc, rest = name, u.path[len(pre):]
                break
        if svc is None:
            with LOCK:
                UNKNOWN.append({"at": arrival, "method": method, "path": self.path})
            return self.send_json(*gw_error(404, "300", "Not Found"))
        with LOCK:
            st = STATS[svc]
            st["requests"] += 1
            last = st["last_arrival"]
            gap = None if last is None else (mono - last) * 1000.0
            st["last_arrival"] = mono
            if gap is not None and (st["min_gap_ms"] is None or gap < st["min_gap_ms"]):
                st["min_gap_ms"] = gap
            if not self.headers.get("x-ncp-apigw-timestamp"):
                st["missing_timestamp"] += 1
            if not self.headers.get("x-ncp-apigw-signature-v2"):
                st["missing_signature"] += 1
            if svc == "aitems" and "application/json" not in (self.headers.get("Content-Type") or ""):
                st["missing_content_type"] += 1
        if not self.headers.get("x-ncp-iam-access-key"):
            status, obj, extra = *gw_error(401, "200", "Authentication Failed"), None
        elif gap is not None and gap < GAP_MS:
            status, obj = gw_error(429, "420", "Rate Limited")
            extra = {"Retry-After": RETRY_AFTER} if RETRY_AFTER else None
        else:
            try:
                q = parse_qs(u.query, keep_blank_values=True)
                res = SERVICES[svc](method, rest, q, body)
            except Exception as e:  # noqa
                res = gw_error(500, "900", f"unexpected error: {e}")
            if res is None:
                with LOCK:
                    UNKNOWN.append({"at": arrival, "method": method, "path": self.path})
                res = gw_error(404, "300", "Not Found")
            (status, obj), extra = res, None
        with LOCK:
            if status == 429:
                st["r429"] += 1
            elif status == 200:
                st["ok"] += 1
            else:
                st["other_errors"] += 1
            LOG.append((round(arrival, 4), svc, method, self.path, status, round(gap, 1) if gap else None))
        self.send_json(status, obj, extra)

    def admin(self, method, path):
        if method == "POST" and path == "/_admin/inject":
            return self.send_json(200, inject())
        if method == "GET" and path == "/_admin/stats":
            with LOCK:
                out = {
                    "total_tasks": len(TASKS),
                    "services": {k: {kk: (round(vv, 2) if isinstance(vv, float) else vv)
                                     for kk, vv in v.items() if kk != "last_arrival"}
                                 for k, v in STATS.items()},
                    "events": list(EVENTS),
                    "unknown_paths": UNKNOWN[-50:],
                    "unknown_count": len(UNKNOWN),
                }
            return self.send_json(200, out)
        if method == "GET" and path == "/_admin/log":
            with LOCK:
                return self.send_json(200, list(LOG))
        return self.send_json(404, {"error": "no such admin call"})

    def do_GET(self):
        self.handle_any("GET")

    def do_POST(self):
        self.handle_any("POST")

    def do_DELETE(self):
        self.handle_any("DELETE")

    def do_PUT(self):
        self.handle_any("PUT")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


if __name__ == "__main__":
    srv = Server((HOST, PORT), H)
    print(f"indsim listening on http://{HOST}:{PORT} ({N_TASKS} tasks, gap {GAP_MS} ms)", flush=True)
    srv.serve_forever()
