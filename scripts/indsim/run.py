#!/usr/bin/env python3
"""One run: fresh server, dashboards A and B (tmux, 120x40), a back-to-back CLI
loop, inject after a warm-up, watch A's screen. Usage: run.py RUN_NAME [WARM_S] [INJECTIONS]
(after `cargo build --release`; NCDASH_BIN picks another binary; output in $INDSIM_DIR/RUN_NAME)."""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(os.environ.get("NCDASH_BIN", os.path.join(HERE, "../../target/release/ncdash")))
BASE = os.environ.get("INDSIM_DIR", "/tmp/indsim")  # where each run's output goes
PORT = 8831
SOCK = "indsim"  # private tmux socket: tmux -L indsim
name = sys.argv[1]
WARM = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
RD = f"{BASE}/{name}"
shutil.rmtree(RD, ignore_errors=True)
os.makedirs(RD)
BUDGET = f"{BASE}/budget"
shutil.rmtree(BUDGET, ignore_errors=True)  # nothing of ours runs now: start the shared ledger clean
os.makedirs(BUDGET)
U = f"http://127.0.0.1:{PORT}"


def env_for(home):
    os.makedirs(home, exist_ok=True)
    e = {
        "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8",
        "HOME": home, "NCDASH_BUDGET_DIR": BUDGET,
        "NCDASH_NCLUE_URL": f"{U}/nclue/api/v1",
        "NCDASH_AITEMS_URL": f"{U}/aitems/api/v1",
        "NCDASH_DATAFOREST_URL": f"{U}/df/api/v2",
        "NCLOUD_ACCESS_KEY_ID": "AK_INDSIM", "NCLOUD_SECRET_ACCESS_KEY": "SK_INDSIM",
    }
    return e


def tmux(*a, capture=False):
    r = subprocess.run(["tmux", "-L", SOCK, *a], capture_output=True, text=True)
    return r.stdout


def pane(s):
    return tmux("capture-pane", "-p", "-t", s, capture=True)


def http(method, path):
    req = urllib.request.Request(U + path, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read())


log = open(f"{RD}/run.log", "w")


def say(*a):
    s = " ".join(str(x) for x in a)
    print(s, flush=True)
    log.write(s + "\n")
    log.flush()


res = {"run": name}
# ---- server
srv = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], stdout=open(f"{RD}/server.out", "w"),
                       stderr=subprocess.STDOUT)
for _ in range(100):
    try:
        http("GET", "/_admin/stats")
        break
    except Exception:
        time.sleep(0.05)
say("server pid", srv.pid)


def start_dash(sess, home):
    e = env_for(home)
    cmd = "env -i " + " ".join(f"{k}={v}" for k, v in e.items()) + f" {BIN} 2>{RD}/{sess}.stderr; sleep 600"
    t0 = time.time()
    tmux("new-session", "-d", "-s", sess, "-x", "120", "-y", "40", cmd)
    first = None
    while time.time() - t0 < 30:
        if "indsim-task-" in pane(sess):
            first = time.time() - t0
            break
        time.sleep(0.02)
    return first


STATUS_RE = re.compile(r"Tasks\s+([\d,]+)(?:/([\d,]+))?")


def status_line(sess):
    for line in pane(sess).splitlines():
        m = STATUS_RE.search(line)
        if m and line.startswith(" Tasks"):
            return line.strip()
    return None


try:
    res["first_rows_A"] = start_dash("indA", f"{RD}/homeA")
    say("A first rows after", res["first_rows_A"])
    res["first_rows_B"] = start_dash("indB", f"{RD}/homeB")
    say("B first rows after", res["first_rows_B"])

    # ---- CLI loop
    stop = threading.Event()
    cli = {"ok": 0, "failed": 0, "durations": []}
    cli_env = env_for(f"{RD}/homeCLI")
    errf = open(f"{RD}/cli.err", "w")

    def loop():
        while not stop.is_set():
            t = time.time()
            rc = subprocess.run([BIN, "tasks", "list", "--limit", "5"], env=cli_env,
                                stdout=subprocess.DEVNULL, stderr=errf).returncode
            cli["durations"].append(time.time() - t)
            if rc == 0:
                cli["ok"] += 1
            else:
                cli["failed"] += 1
                errf.write(f"[rc={rc} at {time.time():.3f}]\n")
                errf.flush()

    th = threading.Thread(target=loop, daemon=True)
    th.start()
    say(f"CLI loop started; warm-up {WARM} s")
    time.sleep(WARM)

    # ---- inject and watch A (N injections, each after the previous ended on screen)
    NINJ = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    res["inject"] = []
    words = ["registered", "pending", "in_progress", "completed", "failed"]
    for k in range(1, NINJ + 1):
        if k > 1:
            time.sleep(2)
        t_req = time.time()
        inj = http("POST", "/_admin/inject")
        t_inj = inj["at"]
        tname = inj["task_name"]
        say("injected", tname, "server time", t_inj, "(POST took %.3f s)" % (time.time() - t_req))
        seen, transitions, last = {}, [], None
        deadline = time.time() + 120
        while time.time() < deadline:
            now = time.time()
            scr = pane("indA")
            line = next((l for l in scr.splitlines() if re.search(re.escape(tname) + r"\b", l)), None)
            if line is not None:
                seen.setdefault("appear", now)
                st = next((w for w in words if w in line), "?")
                seen.setdefault(st, now)
                if st != last:
                    transitions.append((round(now - t_inj, 3), st, line.strip()))
                    say("  +%.2f s  %s | %s" % (now - t_inj, st, line.strip()))
                    last = st
                if st in ("completed", "failed"):
                    break
            time.sleep(0.1)
        stats = http("GET", "/_admin/stats")
        ev = {e["status"]: e["at"] for e in stats["events"] if e["task_name"] == tname}
        one = {"task": tname, "events": ev,
               "appear_lag": seen["appear"] - t_inj if "appear" in seen else None,
               "appear_status": transitions[0][1] if transitions else None,
               "in_progress_lag": seen["in_progress"] - ev["in_progress"] if "in_progress" in seen and "in_progress" in ev else None,
               "completed_lag": seen["completed"] - ev["completed"] if "completed" in seen and "completed" in ev else None,
               "transitions": transitions}
        res["inject"].append(one)
        if k == 1:
            res.update({kk: vv for kk, vv in one.items() if kk != "task"})
    res["statusA_at_end"] = status_line("indA")
    res["statusB_at_end"] = status_line("indB")
    res["server_total"] = stats["total_tasks"]
    # watch a little longer: does the status line total match?
    time.sleep(3)
    res["statusA_plus3"] = status_line("indA")
    res["statusB_plus3"] = status_line("indB")
    open(f"{RD}/screenA.txt", "w").write(pane("indA"))
    open(f"{RD}/screenB.txt", "w").write(pane("indB"))
    stop.set()
    th.join(timeout=60)
    res["cli_ok"], res["cli_failed"] = cli["ok"], cli["failed"]
    d = sorted(cli["durations"])
    res["cli_median_s"] = d[len(d) // 2] if d else None
    res["cli_max_s"] = d[-1] if d else None
    stats = http("GET", "/_admin/stats")
    res["server"] = stats["services"]
    res["unknown_paths"] = stats["unknown_paths"]
    json.dump(http("GET", "/_admin/log"), open(f"{RD}/server_log.json", "w"))
finally:
    for s in ("indA", "indB"):
        tmux("send-keys", "-t", s, "q")
    time.sleep(1)
    for s in ("indA", "indB"):
        tmux("kill-session", "-t", s)
    srv.terminate()
    srv.wait(5)
json.dump(res, open(f"{RD}/result.json", "w"), indent=1)
say(json.dumps({k: v for k, v in res.items() if k not in ("transitions",)}, indent=1))
