#!/usr/bin/env python3
"""Issue 20 from outside, against this independent server: `:export csv` writes every
filtered row of the 10,000-task list, and a view saved with `:save` is recalled after a
restart (`:NAME` and `ncdash --view NAME`). The dashboard runs in tmux with a fresh HOME.
Usage: IND_PORT=<free port> views_check.py (after `cargo build`; NCDASH_BIN picks the binary).
Exit 0 when every check passes; the screens and files are kept in $INDSIM_DIR/views."""
import csv
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(os.environ.get("NCDASH_BIN", os.path.join(HERE, "../../target/debug/ncdash")))
PORT = int(os.environ["IND_PORT"])
U = f"http://127.0.0.1:{PORT}"
OUT = os.path.join(os.environ.get("INDSIM_DIR", "/tmp/indsim"), f"views-{PORT}")
SOCK = f"views-{PORT}"  # a private tmux socket
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
FAILS = []


def say(s):
    print(s, flush=True)


def check(name, ok, **fig):
    say(f"[{'PASS' if ok else 'FAIL'}] {name}")
    for k, v in fig.items():
        say(f"   {k}: {v}")
    if not ok:
        FAILS.append(name)


def http(path, headers=None):
    req = urllib.request.Request(U + path, headers=headers or {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def tmux(*a):
    r = subprocess.run(["tmux", "-L", SOCK, *a], capture_output=True, text=True)
    if r.returncode != 0 and a[0] != "kill-server":
        say(f"tmux {a[0]}: {r.stderr.strip()}")
    return r.stdout


def screen():
    return tmux("capture-pane", "-p", "-t", "d")


def wait(what, pred, limit=300):
    t = time.time()
    while time.time() - t < limit:
        s = screen()
        if pred(s):
            return s
        time.sleep(0.5)
    say(f"timed out waiting for {what}; screen:\n{screen()}")
    return None


def typed(text):
    tmux("send-keys", "-t", "d", "-l", text)
    time.sleep(0.3)


def enter():
    tmux("send-keys", "-t", "d", "Enter")
    time.sleep(0.3)


HOME, WORK, CONFIG = f"{OUT}/home", f"{OUT}/work", f"{OUT}/config.toml"
for d in (HOME, WORK):
    os.makedirs(d)
with open(CONFIG, "w") as f:
    f.write("# written by hand\ntimeout_secs = 20 # seconds\n")
ENV = {"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8", "TZ": "Asia/Seoul", "HOME": HOME,
       "NCDASH_BUDGET_DIR": f"{OUT}/budget", "NCDASH_CONFIG": CONFIG,
       "NCDASH_NCLUE_URL": f"{U}/nclue/api/v1", "NCDASH_AITEMS_URL": f"{U}/aitems/api/v1",
       "NCDASH_DATAFOREST_URL": f"{U}/df/api/v2",
       "NCLOUD_ACCESS_KEY_ID": "AK_INDSIM", "NCLOUD_SECRET_ACCESS_KEY": "SK_INDSIM"}


def start(*args):
    env = " ".join(f"{k}='{v}'" for k, v in ENV.items())
    tmux("new-session", "-d", "-s", "d", "-x", "160", "-y", "45", "-c", WORK,
         f"env -i {env} {BIN} {' '.join(args)}; sleep 30")


def stop():
    typed("q")
    time.sleep(1)
    tmux("kill-server")
    time.sleep(1)


server = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], env=dict(os.environ, IND_HOST="127.0.0.1"),
                          stdout=open(f"{OUT}/server.out", "w"), stderr=subprocess.STDOUT)
try:
    for _ in range(200):
        try:
            http("/_admin/stats")
            break
        except Exception:
            time.sleep(0.05)
    # What the server holds, listed as a client would: every page, paced under the gateway's gap.
    failed_ids, index, total = set(), 0, None
    while total is None or index < total:
        body = http(f"/nclue/api/v1/tasks?index={index}&limit=100", {"x-ncp-iam-access-key": "AK_INDSIM"})
        total = body["total"]
        failed_ids |= {t["task_id"] for t in body["tasks"] if t.get("status") == "failed"}
        index += 100
        time.sleep(1.1)
    say(f"server: {total} tasks, {len(failed_ids)} failed")

    start()
    # Whole: the status line says `1/10,000`, no longer `2,500/10,000 ⟳`.
    s = wait("the whole list", lambda s: "1/10,000" in s and "⟳" not in s, limit=400)
    typed("/status:failed")
    enter()
    typed(":export csv")
    enter()
    s = wait("the export's toast", lambda s: "exported" in s, limit=60)
    files = [f for f in os.listdir(WORK) if f.startswith("ncdash-tasks-") and f.endswith(".csv")]
    rows = []
    if files:
        with open(os.path.join(WORK, files[0]), newline="") as f:
            rows = list(csv.DictReader(f))
        shutil.copy(os.path.join(WORK, files[0]), OUT)
    ids = {r["id"] for r in rows}
    check(":export csv writes every filtered row of the 10,000-row list",
          len(files) == 1 and ids == failed_ids and len(rows) == len(failed_ids)
          and all(r["status"] == "failed" for r in rows),
          file=files, rows=len(rows), expected=len(failed_ids), toast=[ln for ln in (s or "").splitlines() if "exported" in ln])
    typed("S")  # ascending
    typed(":save failed")
    enter()
    s = wait("the save's toast", lambda s: "saved in" in s, limit=30)
    stop()
    text = open(CONFIG).read()
    check(":save keeps the view in config.toml, the rest as written",
          text.startswith("# written by hand\ntimeout_secs = 20 # seconds\n") and "[views.failed]" in text, config=text)

    start()
    wait("the list", lambda s: "indsim-task" in s, limit=60)
    typed(":failed")
    enter()
    s = wait("the view", lambda s: "status:failed" in s, limit=30)
    open(f"{OUT}/recalled.txt", "w").write(s or "")
    check("a saved view is recalled after a restart (:failed)", s is not None and "indsim-task" in s, screen=s)
    stop()

    start("--view", "failed")
    s = wait("the view at start", lambda s: "status:failed" in s and "indsim-task" in s, limit=60)
    open(f"{OUT}/started.txt", "w").write(s or "")
    check("ncdash --view failed starts in the view", s is not None, screen=s)
    stop()
    stats = http("/_admin/stats")
    r429 = {k: v.get("r429") for k, v in stats.get("services", {}).items()}
    check("no 429 throughout", all(n == 0 for n in r429.values()), r429=r429)
finally:
    tmux("kill-server")
    server.terminate()
    server.wait(5)
sys.exit(1 if FAILS else 0)
