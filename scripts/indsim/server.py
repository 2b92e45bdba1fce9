#!/usr/bin/env python3
"""Independent fake NCP gateway for ncdash, written from the vendor material
(SPEC.md, /tmp/vendor_findings.md, /tmp/vendor_more, tests/vendor/fixtures), never from
ncdash's src/. Standard library only. One port, three services told apart by path prefix:
  NCLUE       /nclue/api/v1/...   (nclue.py)
  AiTEMS      /aitems/api/v1/...  (aitems.py)
  DataForest  /df/api/v2/...      (dataforest.py)
Admin (not rate limited, not counted):
  POST /_admin/inject             a task appears (registered, in_progress 5 s later, completed 10 s)
  GET  /_admin/stats              per-service counters, job events, unknown paths
  GET  /_admin/log                every service arrival: [time, service, method, path, status, gap_ms, fault]
  GET  /_admin/writes             every write body received; /_admin/uploads every accepted upload
  GET|POST /_admin/faults         {"mode": "none|slow|drop|http500|badjson", "slow_ms": 3000,
                                   "rate": 1.0, "services": ["nclue", ...]}

Gateway rules: x-ncp-iam-access-key required (401, errorCode 200); signature NOT checked;
per service, an arrival closer than GAP_MS to the previous arrival (any arrival, accepted
or not) gets 429 with the gateway body {"error":{"errorCode":"420","message":"Rate Limited"}}.
Faults (when on, for the services chosen, with probability `rate`): slow answers the same
thing slow_ms later; drop closes the connection without answering; http500 answers 500 with
the gateway's errorCode 900; badjson sends the answer's first half as a complete response.
"""
import json
import os
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aitems  # noqa: E402
import dataforest  # noqa: E402
import dataforest_accounts  # noqa: E402
import dataforest_logs  # noqa: E402
import dataforest_workspaces  # noqa: E402,F401 (registers the workspace calls with dataforest)
import nclue  # noqa: E402
from common import LOCK, WRITES, gw_error  # noqa: E402

HOST = os.environ.get("IND_HOST", "127.0.0.1")
PORT = int(os.environ.get("IND_PORT", "8831"))
GAP_MS = float(os.environ.get("IND_GAP_MS", "900"))
RETRY_AFTER = os.environ.get("IND_RETRY_AFTER", "")  # empty: no Retry-After header
if HOST not in ("127.0.0.1", "localhost", "::1"):
    sys.exit("indsim serves loopback only")

PREFIXES = [("nclue", "/nclue/api/v1"), ("aitems", "/aitems/api/v1"), ("df", "/df/api/v2")]
HANDLERS = {"nclue": nclue.handle, "aitems": aitems.handle, "df": dataforest_accounts.handle}
STATS = {
    s: {"requests": 0, "r429": 0, "last_arrival": None, "min_gap_ms": None,
        "ok": 0, "other_errors": 0, "missing_timestamp": 0, "missing_signature": 0,
        "missing_content_type": 0, "faulted": 0}
    for s, _ in PREFIXES
}
LOG = []  # [wall time, service, method, path, status, gap ms, fault]
UNKNOWN = []  # requests to paths we do not serve
FAULTS = {"mode": "none", "slow_ms": 3000, "rate": 1.0, "services": [s for s, _ in PREFIXES], "since": time.time()}
FAULT_HISTORY = []
MODES = ("none", "slow", "drop", "http500", "badjson")


def set_faults(obj):
    if not isinstance(obj, dict) or obj.get("mode", "none") not in MODES:
        return 400, {"error": f"mode must be one of {MODES}"}
    with LOCK:
        FAULTS["mode"] = obj.get("mode", "none")
        FAULTS["slow_ms"] = float(obj.get("slow_ms", FAULTS["slow_ms"]))
        FAULTS["rate"] = float(obj.get("rate", 1.0))
        FAULTS["services"] = list(obj.get("services") or [s for s, _ in PREFIXES])
        FAULTS["since"] = time.time()
        FAULT_HISTORY.append(dict(FAULTS))
        return 200, dict(FAULTS)


def pick_fault(svc):
    with LOCK:
        mode = FAULTS["mode"]
        if mode == "none" or svc not in FAULTS["services"] or random.random() >= FAULTS["rate"]:
            return None, 0
        return mode, FAULTS["slow_ms"]


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "indsim/2"

    def log_message(self, fmt, *args):
        pass

    def send_raw(self, status, raw, ctype, extra=None, length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(raw) if length is None else length))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def send_json(self, status, obj, extra=None, truncate=False):
        if isinstance(obj, nclue.Raw):
            ex = dict(extra or {})
            if obj.filename:
                ex["Content-Disposition"] = f'attachment; filename="{obj.filename}"'
            raw = obj.data[: max(1, len(obj.data) // 2)] if truncate else obj.data
            return self.send_raw(status, raw, obj.ctype, ex)
        raw = json.dumps(obj).encode()
        if truncate:
            raw = raw[: max(1, len(raw) // 2)]
        self.send_raw(status, raw, "application/json", extra)

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def handle_any(self, method):
        arrival = time.time()
        mono = time.monotonic()
        u = urlsplit(self.path)
        body = self.read_body()
        if u.path.startswith("/_admin/"):
            return self.admin(method, u.path, body)
        if method == "GET" and u.path.startswith(dataforest_logs.PREFIX):
            return dataforest_logs.serve(self, u.path)
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
        fault, slow_ms = pick_fault(svc)
        if fault == "drop":
            with LOCK:
                st["faulted"] += 1
                LOG.append([round(arrival, 4), svc, method, self.path, None, round(gap, 1) if gap else None, "drop"])
            self.close_connection = True
            return
        if fault == "slow":
            time.sleep(slow_ms / 1000.0)
        extra = None
        if not self.headers.get("x-ncp-iam-access-key"):
            status, obj = gw_error(401, "200", "Authentication Failed")
        elif gap is not None and gap < GAP_MS:
            status, obj = gw_error(429, "420", "Rate Limited")
            extra = {"Retry-After": RETRY_AFTER} if RETRY_AFTER else None
        elif fault == "http500":
            status, obj = gw_error(500, "900", "Unexpected Error")
        else:
            try:
                q = parse_qs(u.query, keep_blank_values=True)
                res = HANDLERS[svc](method, rest, q, body)
            except Exception as e:  # noqa
                res = gw_error(500, "900", f"unexpected error: {e!r}")
            if res is None:
                with LOCK:
                    UNKNOWN.append({"at": arrival, "method": method, "path": self.path})
                res = gw_error(404, "300", "Not Found")
            status, obj = res
        with LOCK:
            if fault:
                st["faulted"] += 1
            if status == 429:
                st["r429"] += 1
            elif status == 200:
                st["ok"] += 1
            else:
                st["other_errors"] += 1
            LOG.append([round(arrival, 4), svc, method, self.path, status, round(gap, 1) if gap else None, fault])
        self.send_json(status, obj, extra, truncate=(fault == "badjson"))

    def admin(self, method, path, body):
        if method == "POST" and path == "/_admin/inject":
            return self.send_json(200, nclue.inject())
        if path == "/_admin/faults":
            if method == "POST":
                try:
                    obj = json.loads(body or b"{}")
                except ValueError:
                    return self.send_json(400, {"error": "body is not JSON"})
                return self.send_json(*set_faults(obj))
            with LOCK:
                return self.send_json(200, {**FAULTS, "history": FAULT_HISTORY})
        if method == "GET" and path == "/_admin/stats":
            with LOCK:
                out = {
                    "total_tasks": len(nclue.TASKS.items),
                    "services": {k: {kk: (round(vv, 2) if isinstance(vv, float) else vv)
                                     for kk, vv in v.items() if kk != "last_arrival"}
                                 for k, v in STATS.items()},
                    "events": list(nclue.EVENTS),
                    "unknown_paths": UNKNOWN[-50:],
                    "unknown_count": len(UNKNOWN),
                    "faults": dict(FAULTS),
                    "counts": {"features": len(nclue.FEATURES.items), "runs": len(nclue.RUNS.items),
                               "shopping_intents": len(nclue.INTENTS.items), "custom_attributes": len(nclue.ATTRS.items),
                               "services": len(aitems.SERVICES), "datasets": len(aitems.DATASETS),
                               "apps": len(dataforest.APPS), "workspaces": len(dataforest.WORKSPACES)},
                }
            return self.send_json(200, out)
        if method == "GET" and path == "/_admin/log":
            with LOCK:
                return self.send_json(200, list(LOG))
        if method == "GET" and path == "/_admin/writes":
            with LOCK:
                return self.send_json(200, list(WRITES))
        if method == "GET" and path == "/_admin/uploads":
            with LOCK:
                return self.send_json(200, list(aitems.UPLOADS))
        if method == "GET" and path == "/_admin/fixtures":
            # ids the driver needs (what a person would read off the lists)
            with LOCK:
                svc = next(s for s in aitems.SERVICES.values() if s["name"] == "Version2") if any(
                    s["name"] == "Version2" for s in aitems.SERVICES.values()) else None
                return self.send_json(200, {
                    "services": {s["name"]: {"id": sid, "type": s["type"], "status": s["status"],
                                             "datasets": {aitems.DATASETS[d]["type"]: d for d in s["datasets"]}}
                                 for sid, s in aitems.SERVICES.items()},
                    "batch_service": svc["serviceId"] if svc else None,
                    "workspaces": [w["id"] for w in dataforest.WORKSPACES],
                    "account": dataforest.ACCOUNT["id"],
                    "features": [r["base"]["feature_id"] for r in nclue.FEATURES.items],
                    "apps": [a["id"] for a in dataforest.APPS]})
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
    print(f"indsim listening on http://{HOST}:{PORT} ({len(nclue.TASKS.items)} tasks, gap {GAP_MS} ms)", flush=True)
    srv.serve_forever()
