#!/usr/bin/env python3
"""Outside check of marks and bulk delete (issue 20) against server.py: 5 tasks injected
(completed 10 s later), then one more left in progress; the dashboard (tmux, fresh HOME)
filters them, marks all 6, presses d: one dialog, 5 to send, 1 refused before sending; y:
the 5 go one at a time, a summary ends it. Then the CLI: a bad id sends nothing (exit 2),
several ids with one refusal exit 1 with a line per id. Usage: bulk_check.py [BINARY]
(default ../../target/debug/ncdash). Prints the screens; exit 0 when every check passes."""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../target/debug/ncdash"))
FAILS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = free_port()
U = f"http://127.0.0.1:{PORT}"
SOCK = f"bulkcheck-{os.getpid()}"
TMP = tempfile.mkdtemp(prefix="bulkcheck-")


def http(method, path):
    req = urllib.request.Request(U + path, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILS.append(what)


def env():
    home = os.path.join(TMP, "home")
    os.makedirs(home, exist_ok=True)
    return {"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home,
            "NCDASH_BUDGET_DIR": os.path.join(TMP, "budget"),
            "NCDASH_NCLUE_URL": f"{U}/nclue/api/v1", "NCDASH_AITEMS_URL": f"{U}/aitems/api/v1",
            "NCDASH_DATAFOREST_URL": f"{U}/df/api/v2",
            "NCLOUD_ACCESS_KEY_ID": "AK_INDSIM", "NCLOUD_SECRET_ACCESS_KEY": "SK_INDSIM"}


def tmux(*a):
    return subprocess.run(["tmux", "-L", SOCK, *a], capture_output=True, text=True).stdout


def keys(*k):
    tmux("send-keys", "-t", "d", *k)


def screen():
    return tmux("capture-pane", "-p", "-t", "d")


def deletes():
    return [x for x in http("GET", "/_admin/log") if x[2] == "DELETE"]


def cli(*args):
    return subprocess.run([BIN, *args], env=env(), capture_output=True, text=True, stdin=subprocess.DEVNULL)


srv = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], env={**os.environ, "IND_PORT": str(PORT)},
                       stdout=open(os.path.join(TMP, "server.out"), "w"), stderr=subprocess.STDOUT)
try:
    for _ in range(100):
        try:
            http("GET", "/_admin/stats")
            break
        except Exception:
            time.sleep(0.05)
    done = [http("POST", "/_admin/inject")["task_id"] for _ in range(5)]
    time.sleep(10.5)
    e = env()
    cmd = " ".join(f"{k}='{v}'" for k, v in e.items()) + f" '{BIN}'"
    tmux("new-session", "-d", "-s", "d", "-x", "120", "-y", "40", f"env -i {cmd}")
    running = http("POST", "/_admin/inject")["task_id"]
    time.sleep(6.0)  # in progress from 5 s to 10 s
    keys("r")
    time.sleep(1.5)
    keys("/", "injected", "Enter")
    time.sleep(0.3)
    keys("g", *(["Space", "j"] * 6))
    time.sleep(0.3)
    keys("d")
    time.sleep(0.5)
    dialog = screen()
    print(dialog)
    check("Delete 6 tasks" in dialog and "Delete 5 tasks, one at a time:" in dialog, "one dialog: 6 marked, 5 to send")
    check("Refused before sending (1):" in dialog and "still running (in_progress)" in dialog,
          "the running task refused before sending, with why")
    keys("y")
    time.sleep(2.5)
    progress = screen().splitlines()[-2]
    print(progress)
    check("deleting " in progress, "progress in the status line")
    time.sleep(7)
    summary = screen()
    print(summary)
    check("Deleted: 5 tasks" in summary and "Not sent (1):" in summary, "a summary: 5 deleted, 1 not sent")
    sent = [x[3].rsplit("/", 1)[-1] for x in deletes()]
    check(len(sent) == 5 and len(set(sent)) == 5, f"5 deletes, none twice ({len(sent)})")
    check(running not in sent, "the refused one was never sent")
    gaps = [x[5] for x in deletes()[1:]]
    check(all(g >= 900 for g in gaps), f"one at a time, through the budget (gaps ms {gaps})")
    keys("Escape", "q")
    time.sleep(1)
    # The CLI: one bad id sends nothing; several with one refusal exit 1, a line per id.
    before = len(deletes())
    r = cli("tasks", "delete", "-y", done[0], "not-an-id")
    check(r.returncode == 2 and len(deletes()) == before, "CLI: a bad id exits 2, nothing sent")
    http("POST", "/_admin/inject")
    time.sleep(0.2)
    busy = [x for x in http("GET", "/_admin/stats")["events"] if x.get("kind") == "tasks"][-1]["task_id"]
    time.sleep(5.5)
    spare = json.loads(cli("-o", "json", "tasks", "list", "--limit", "3").stdout)
    spare_ids = [t["task_id"] for t in spare.get("tasks", spare if isinstance(spare, list) else [])
                 if t.get("status") in ("completed", "failed") and t["task_id"] not in done][:2]
    r = cli("tasks", "delete", "-y", busy, *spare_ids)
    print(r.stdout + r.stderr)
    check(r.returncode == 1 and "refused:" in r.stdout and r.stdout.count(": deleted") == len(spare_ids),
          "CLI: several ids, a line per id, exit 1 with one refused")
    stats = http("GET", "/_admin/stats")["services"]
    check(all(s["r429"] == 0 for s in stats.values()), f"no 429 ({ {k: s['r429'] for k, s in stats.items()} })")
finally:
    tmux("kill-server")
    srv.terminate()
    shutil.rmtree(TMP, ignore_errors=True)
print("PASS" if not FAILS else f"FAILED: {FAILS}")
sys.exit(1 if FAILS else 0)
