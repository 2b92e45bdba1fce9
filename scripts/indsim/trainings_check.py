#!/usr/bin/env python3
"""Outside check of issue 18's training history and "try it", against the independent
server (server.py, which serves the calls in aitems_trainings.py): from the CLI and from the
dashboard (tmux, fresh HOME), a training appears in the history with a moving status, and a
recommendation lookup prints item ids; no 429.

Usage: trainings_check.py   (NCDASH_BIN: the binary, default ../../target/debug/ncdash;
IND_PORT: the server's port, default 8861). Exit 0 when every check passes.
Standard library and tmux only; the server and the dashboard are stopped at the end.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(os.environ.get("NCDASH_BIN", os.path.join(HERE, "../../target/debug/ncdash")))
PORT = int(os.environ.get("IND_PORT", "8861"))
U = f"http://127.0.0.1:{PORT}"
SOCK = "indtrn"  # private tmux socket
SERVICE = "w9nu6tv0eyp"  # the server's learnable batch service with its three datasets
FAILS = []


def check(what, ok, shown=""):
    print(("PASS " if ok else "FAIL ") + what, flush=True)
    if not ok:
        FAILS.append(what)
        print(shown, flush=True)


def http(path):
    with urllib.request.urlopen(U + path, timeout=5) as r:
        return json.loads(r.read())


def env_for(home):
    return {
        "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8", "HOME": home,
        "NCDASH_BUDGET_DIR": os.path.join(home, "budget"),
        "NCDASH_NCLUE_URL": f"{U}/nclue/api/v1", "NCDASH_AITEMS_URL": f"{U}/aitems/api/v1",
        "NCDASH_DATAFOREST_URL": f"{U}/df/api/v2",
        "NCLOUD_ACCESS_KEY_ID": "AK_TRN", "NCLOUD_SECRET_ACCESS_KEY": "SK_TRN",
    }


def cli(env, *args):
    r = subprocess.run([BIN, *args], env=env, capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout, r.stderr


def tmux(*a):
    return subprocess.run(["tmux", "-L", SOCK, *a], capture_output=True, text=True).stdout


def screen_until(pred, limit=30.0):
    end = time.time() + limit
    s = ""
    while time.time() < end:
        s = tmux("capture-pane", "-p", "-t", "trn")
        if pred(s):
            return s, True
        time.sleep(0.5)
    return s, False


def main():
    home = tempfile.mkdtemp(prefix="trn-check-")
    env = env_for(home)
    out = open(os.path.join(home, "server.out"), "w")
    srv = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py")], stdout=out, stderr=subprocess.STDOUT,
                           env=dict(os.environ, IND_PORT=str(PORT), IND_HOST="127.0.0.1"))
    try:
        for _ in range(100):
            try:
                http("/_admin/stats")
                break
            except OSError:
                time.sleep(0.1)
        # ---- CLI: a training in the history with a moving status, then a lookup
        rc, o, e = cli(env, "services", "train", SERVICE, "--types", "personalRecommend", "--description", "cli")
        check("services train is accepted", rc == 0, o + e)
        seen = set()
        for _ in range(20):
            rc, o, e = cli(env, "trainings", "list", "--service", SERVICE)
            first = o.splitlines()[1] if rc == 0 and len(o.splitlines()) > 1 else ""
            seen.add(first.split()[1] if first.split()[1:] else "")
            if "completed" in seen:
                break
            time.sleep(1)
        check(f"trainings list shows the new training moving ({sorted(seen)})",
              bool(seen & {"requesting", "waiting", "learning"}) and "completed" in seen, o + e)
        rc, o, e = cli(env, "recommend", SERVICE, "--type", "personalRecommend", "--target", "u1")
        check("recommend prints item ids, one a line", rc == 0 and o.strip() and all(o.splitlines()), o + e)
        rc, o, e = cli(env, "recommend", SERVICE, "--type", "relatedItem")
        check("recommend without a target exits 2", rc == 2 and "--target" in e, o + e)
        # ---- dashboard: the service's detail follows a training; R looks up
        tmux("kill-server")
        cmd = " ".join(f"{k}='{v}'" for k, v in env.items()) + f" {BIN}"
        tmux("new-session", "-d", "-s", "trn", "-x", "120", "-y", "45", f"env -i {cmd}")
        s, ok = screen_until(lambda s: "Services" in s)
        tmux("send-keys", "-t", "trn", "2")
        s, ok = screen_until(lambda s: "Version2" in s)
        check("the services pane lists the service", ok, s)
        # Select the service by filtering to it, then open its detail.
        tmux("send-keys", "-t", "trn", "/", SERVICE, "Enter", "Enter")
        s, ok = screen_until(lambda s: "Trainings  (" in s and "VERSION" in s)
        check("the service's detail lists its trainings", ok, s)
        rc, o, e = cli(env, "services", "train", SERVICE, "--types", "relatedItem,pop", "--description", "dash")
        check("a second training is accepted", rc == 0, o + e)
        # A training's own line (type, version, badge), not the service's status line.
        line = r"(pop|relatedItem)\s+[a-z0-9]{6,}\s+\S+ (requesting|waiting|learning)\b"
        s, moving = screen_until(lambda s: re.search(line, s) is not None, 20)
        s2, done = screen_until(lambda s: len(re.findall(r"✓ completed\s+\d+s", s)) >= 2, 40)
        check("the detail shows the new trainings moving, then completed", moving and done, s + s2)
        tmux("send-keys", "-t", "trn", "Escape")
        time.sleep(0.5)
        tmux("send-keys", "-t", "trn", "R")
        s, ok = screen_until(lambda s: "completed:" in s)
        check("R opens the lookup with the completed types", ok, s)
        tmux("send-keys", "-t", "trn", "Right", "Tab", "5", "Enter")
        s, ok = screen_until(lambda s: "Recommended item ids" in s)
        ids = s.split("Recommended item ids", 1)[-1].splitlines()[1:3] if ok else []
        check("R's lookup lists item ids", ok and all(x.strip(" │") for x in ids), s)
        stats = http("/_admin/stats")["services"]
        check("no 429 on any service", all(v.get("r429", 0) == 0 for v in stats.values()), json.dumps(stats))
    finally:
        tmux("kill-server")
        srv.terminate()
        srv.wait(timeout=10)
        shutil.rmtree(home, ignore_errors=True)
    print("OK" if not FAILS else f"{len(FAILS)} FAILED", flush=True)
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
