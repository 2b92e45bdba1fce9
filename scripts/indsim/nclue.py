"""NCLUE (/nclue/api/v1): tasks, features, task runs, shopping intents, custom attributes.

Rules from the vendor's current create pages (nclue-posttask, -postfeature, -posttaskrun,
-postshoppingintent, -postcustomattributes; /tmp/vendor_findings.md section 2):
names 1 to 100 characters (10101 NAME_TOO_LONG), duplicate name 10102; file paths
without any of &$@;:+,?*\\{}^%`[]<>~#|"' nor a code point 0-31 or 128-255, `=` allowed
(10104 train, 10105 test, 10103 feature source, 10130 result); a task's test trio all
or none; keywords 10118 / 10112. Error codes: seed 002's table. Jobs go
registered -> in_progress -> completed on a clock.
"""
import os
import random
import re
import uuid
from datetime import datetime, timedelta

from common import (KST, LOCK, SYS, gw_error, iso_kst, later, now, page_window, parse_json,
                    record_write)

N_TASKS = int(os.environ.get("IND_TASKS", "10000"))
JOB_S = float(os.environ.get("IND_JOB_S", "10"))  # registered -> in_progress at JOB_S/2 -> completed at JOB_S
FORBIDDEN = set("&$@;:+,?*\\{}^%`[]<>~#|\"'")
FAILS = ["OBS_DOWNLOAD_FAILED", "NOT_EXIST_FILE", "UNEXPECTED_TXT_FORMAT", "DUPLICATE_USERID"]
LIVE = ("registered", "pending", "in_progress")
ENDED_OK = ("completed", "complete")


def err(http, code, name, msg):
    return http, {"code": code, "name": name, "message": msg}


def new_uuid():
    return str(uuid.UUID(int=SYS.getrandbits(128), version=4))


class Kind:
    def __init__(self, path, list_key, id_key, name_key, busy, not_found=None):
        self.path, self.list_key, self.id_key, self.name_key = path, list_key, id_key, name_key
        self.busy = busy  # (code, name) when deleting a job in motion
        self.not_found = not_found
        self.items = []  # oldest first; each {"base": {...}, "extra": {...}}
        self.by_id = {}

    def add(self, base, extra):
        rec = {"base": base, "extra": extra}
        self.items.append(rec)
        self.by_id[base[self.id_key]] = rec
        return rec

    def remove(self, rid):
        rec = self.by_id.pop(rid)
        self.items.remove(rec)


TASKS = Kind("/tasks", "tasks", "task_id", "task_name", (10115, "TASK_PROCESSING"))
FEATURES = Kind("/features", "features", "feature_id", "feature_name", (10114, "FEATURE_PROCESSING"))
RUNS = Kind("/task-runs", "runs", "run_id", "run_name", (10116, "RUN_PROCESSING"))
INTENTS = Kind("/profile/shopping-intents", "profiles", "profile_id", "profile_name",
               (10117, "PROFILE_PROCESSING"), (10124, "PROFILE_NOT_FOUND"))
ATTRS = Kind("/profile/custom-attributes", "profiles", "profile_id", "profile_name",
             (10117, "PROFILE_PROCESSING"), (10124, "PROFILE_NOT_FOUND"))
KINDS = [TASKS, FEATURES, RUNS, INTENTS, ATTRS]
EVENTS = []  # state changes of injected / created jobs (run.py reads them)
INJECTED = [0]

# ---------------------------------------------------------------- seeded data
rng = random.Random(20261201)
FEATURE_ID = str(uuid.UUID(int=rng.getrandbits(128), version=4))
TEST_FEATURE_ID = str(uuid.UUID(int=rng.getrandbits(128), version=4))
now0 = datetime.now(KST).replace(microsecond=0)
for i in range(N_TASKS):
    created = now0 - timedelta(hours=2) - timedelta(minutes=(N_TASKS - 1 - i))
    failed = rng.random() < 0.03
    TASKS.add({
        "task_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "task_name": f"indsim-task-{i:05d}",
        "status": "failed" if failed else "completed",
        "created_at": created.isoformat(timespec="seconds"),
        "completed_at": (created + timedelta(seconds=rng.randint(300, 3000))).isoformat(timespec="seconds"),
        "train_feature_id": FEATURE_ID, "train_feature_name": "indsim-feature",
        "train_bucket": "ind-bucket", "train_file_path": f"train/{i:05d}.tsv",
        "test_feature_id": TEST_FEATURE_ID, "test_feature_name": "indsim-test-feature",
        "test_bucket": "ind-bucket", "test_file_path": f"test/{i:05d}.tsv",
    }, {
        "AUROC": None if failed else f"{rng.uniform(0.6, 0.95):.4f}",
        "line_count": rng.randint(1000, 90000),
        "disk_usage": rng.randint(10**5, 10**8),
        "fail_message": rng.choice(FAILS) if failed else None,
    })
t_old = (now0 - timedelta(days=3)).isoformat(timespec="seconds")
t_done = (now0 - timedelta(days=3) + timedelta(minutes=40)).isoformat(timespec="seconds")
for fid, fname, path in ((FEATURE_ID, "indsim-feature", "seq/2026/"), (TEST_FEATURE_ID, "indsim-test-feature", "seq/dt=2026-11/part.tsv")):
    FEATURES.add({"feature_id": fid, "feature_name": fname, "status": "completed", "created_at": t_old,
                  "completed_at": t_done, "source_bucket": "ind-bucket", "source_file_path": path},
                 {"user_count": 120000, "token_count": 3400000, "disk_usage": 52000000, "fail_message": None})
FEATURES.add({"feature_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "feature_name": "indsim-broken-feature",
              "status": "failed", "created_at": t_old, "completed_at": t_done, "source_bucket": "ind-bucket",
              "source_file_path": "seq/broken.tsv"},
             {"user_count": None, "token_count": None, "disk_usage": None, "fail_message": "DUPLICATE_USERID"})
_t0 = TASKS.items[-1]["base"]
for k in range(3):
    RUNS.add({"run_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "run_name": f"indsim-run-{k}",
              "task_id": _t0["task_id"], "task_name": _t0["task_name"], "feature_id": FEATURE_ID,
              "feature_name": "indsim-feature", "status": "completed", "created_at": t_old, "completed_at": t_done,
              "result_bucket": "ind-bucket", "result_file_path": f"runs/run{k}_48213_2026112909.tsv"},
             {"line_count": 5000 + k, "fail_message": None})
INTENTS.add({"profile_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "profile_name": "indsim-intent",
             "task_id": _t0["task_id"], "task_name": _t0["task_name"], "status": "completed",
             "created_at": t_old, "completed_at": t_done},
            {"line_count": 200, "disk_usage": 6830, "fail_message": None})
ATTRS.add({"profile_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "profile_name": "indsim-attrs",
           "feature_id": FEATURE_ID, "feature_name": "indsim-feature", "keyword_set": "running,run,marathon",
           "status": "completed", "created_at": t_old, "completed_at": t_done, "result_bucket": "ind-bucket",
           "result_file_path": "attrs/nclue_77120_2026112909.tsv"},
          {"line_count": 9000, "fail_message": None})


# ---------------------------------------------------------------- lifecycle
def set_status(kind, rec, status):
    with LOCK:
        t = now()
        base = rec["base"]
        if base[kind.id_key] not in kind.by_id:
            return None  # deleted (cancelled) meanwhile
        base["status"] = status
        if status == "completed":
            base["completed_at"] = iso_kst(t, ms=True)
            fill_results(kind, rec)
        ev = {"kind": kind.list_key, "task_name": base[kind.name_key], "task_id": base[kind.id_key],
              "status": status, "at": t}
        EVENTS.append(ev)
    return ev


def fill_results(kind, rec):
    x = rec["extra"]
    if kind is TASKS:
        x.update(AUROC=f"{SYS.uniform(0.6, 0.95):.4f}", line_count=SYS.randint(1000, 90000),
                 disk_usage=SYS.randint(10**5, 10**8))
    elif kind is FEATURES:
        x.update(user_count=SYS.randint(1000, 90000), token_count=SYS.randint(10**5, 10**7),
                 disk_usage=SYS.randint(10**5, 10**8))
    elif kind is INTENTS:
        x.update(line_count=200, disk_usage=6830)
    else:
        x.update(line_count=SYS.randint(100, 9000))


def start_job(kind, rec, t0):
    later(JOB_S / 2 - (now() - t0), set_status, kind, rec, "in_progress")
    later(JOB_S - (now() - t0), set_status, kind, rec, "completed")


def inject():
    """A task appears on the server as if someone else created it (run.py)."""
    with LOCK:
        INJECTED[0] += 1
        n = INJECTED[0]
        t = now()
        rec = TASKS.add({
            "task_id": new_uuid(), "task_name": f"injected-{n}", "status": "registered",
            "created_at": iso_kst(t, ms=True), "completed_at": None,
            "train_feature_id": FEATURE_ID, "train_feature_name": "indsim-feature",
            "train_bucket": "ind-bucket", "train_file_path": "train/injected.tsv",
            "test_feature_id": None, "test_feature_name": None, "test_bucket": None, "test_file_path": None,
        }, {"AUROC": None, "line_count": None, "disk_usage": None, "fail_message": None})
        ev = {"kind": "tasks", "task_name": rec["base"]["task_name"], "task_id": rec["base"]["task_id"],
              "status": "registered", "at": t}
        EVENTS.append(ev)
    later(5.0 - (now() - t), set_status, TASKS, rec, "in_progress")
    later(10.0 - (now() - t), set_status, TASKS, rec, "completed")
    return ev


# ---------------------------------------------------------------- rules
def bad_path_char(p):
    for i, ch in enumerate(p):
        c = ord(ch)
        if ch in FORBIDDEN or c <= 31 or 128 <= c <= 255:
            return i, ch
    return None


def need_str(body, key):
    v = body.get(key)
    return v if isinstance(v, str) and v != "" else None


def check_name(kind, body):
    name = body.get("name")
    if not isinstance(name, str) or name == "":
        return gw_error(400, "100", "bad request: name is required")
    if len(name) > 100:
        return err(422, 10101, "NAME_TOO_LONG", f"name is {len(name)} characters; at most 100")
    if any(r["base"][kind.name_key] == name for r in kind.items):
        return err(409, 10102, "DUPLICATE_NAME", "an item of that name exists")
    return None


def check_path(body, key, code, cname):
    p = need_str(body, key)
    if p is None:
        return gw_error(400, "100", f"bad request: {key} is required")
    bad = bad_path_char(p)
    if bad:
        return err(422, code, cname, f"{key} holds a forbidden character {bad[1]!r} at {bad[0] + 1}")
    return None


def completed(kind, rid, what, busy):
    if not isinstance(rid, str) or not rid:
        return None, gw_error(400, "100", f"bad request: {what} is required")
    rec = kind.by_id.get(rid)
    if rec is None:
        return None, gw_error(404, "300", f"Not Found: no {what} {rid}")
    if rec["base"]["status"] not in ENDED_OK:
        return None, err(409, busy[0], busy[1], f"{what} {rid} is {rec['base']['status']}, not completed")
    return rec, None


def result_name(p):
    stamp = datetime.now(KST).strftime("%Y%m%d%H")
    r = SYS.randint(10000, 99999)
    return f"{p}nclue_{r}_{stamp}.tsv" if p.endswith("/") else f"{p}_{r}_{stamp}.tsv"


def create(kind, body):
    if not isinstance(body, dict):
        return gw_error(400, "100", "bad request: body must be a JSON object")
    e = check_name(kind, body)
    if e:
        return e
    t = now()
    created = iso_kst(t)
    name = body["name"]
    if kind is TASKS:
        e = check_path(body, "train_file_path", 10104, "INVALID_CHARACTER_IN_TRAIN_PATH")
        if e:
            return e
        for k in ("train_feature_id", "train_bucket"):
            if need_str(body, k) is None:
                return gw_error(400, "100", f"bad request: {k} is required")
        trio = [body.get(k) not in (None, "") for k in ("test_feature_id", "test_bucket", "test_file_path")]
        if any(trio) and not all(trio):
            return gw_error(400, "100", "bad request: test_feature_id, test_bucket and test_file_path go together")
        if all(trio):
            e = check_path(body, "test_file_path", 10105, "INVALID_CHARACTER_IN_TEST_PATH")
            if e:
                return e
        tf = FEATURES.by_id.get(body["train_feature_id"])
        sf = FEATURES.by_id.get(body.get("test_feature_id") or "")
        base = {"task_id": new_uuid(), "task_name": name, "created_at": created,
                "train_feature_id": body["train_feature_id"],
                "train_feature_name": tf["base"]["feature_name"] if tf else None,
                "train_bucket": body["train_bucket"], "train_file_path": body["train_file_path"],
                "test_feature_id": body.get("test_feature_id") or None,
                "test_feature_name": sf["base"]["feature_name"] if sf else None,
                "test_bucket": body.get("test_bucket") or None, "test_file_path": body.get("test_file_path") or None}
        extra = {"AUROC": None, "line_count": None, "disk_usage": None, "fail_message": None}
    elif kind is FEATURES:
        if need_str(body, "source_bucket") is None:
            return gw_error(400, "100", "bad request: source_bucket is required")
        e = check_path(body, "source_file_path", 10103, "INVALID_PATH_CHARACTER")
        if e:
            return e
        base = {"feature_id": new_uuid(), "feature_name": name, "created_at": created,
                "source_bucket": body["source_bucket"], "source_file_path": body["source_file_path"]}
        extra = {"user_count": None, "token_count": None, "disk_usage": None, "fail_message": None}
    elif kind is RUNS:
        task, e = completed(TASKS, body.get("task_id"), "task", (10115, "TASK_PROCESSING"))
        if e:
            return e
        feat, e = completed(FEATURES, body.get("feature_id"), "feature", (10114, "FEATURE_PROCESSING"))
        if e:
            return e
        if need_str(body, "result_bucket") is None:
            return gw_error(400, "100", "bad request: result_bucket is required")
        e = check_path(body, "result_file_path", 10130, "INVALID_RESULT_FILE_PATH")
        if e:
            return e
        base = {"run_id": new_uuid(), "run_name": name, "task_id": task["base"]["task_id"],
                "task_name": task["base"]["task_name"], "feature_id": feat["base"]["feature_id"],
                "feature_name": feat["base"]["feature_name"], "created_at": created,
                "result_bucket": body["result_bucket"], "result_file_path": result_name(body["result_file_path"])}
        extra = {"line_count": None, "fail_message": None}
    elif kind is INTENTS:
        task, e = completed(TASKS, body.get("task_id"), "task", (10115, "TASK_PROCESSING"))
        if e:
            return e
        base = {"profile_id": new_uuid(), "profile_name": name, "task_id": task["base"]["task_id"],
                "task_name": task["base"]["task_name"], "created_at": created}
        extra = {"line_count": None, "disk_usage": None, "fail_message": None}
    else:  # custom attributes
        feat, e = completed(FEATURES, body.get("feature_id"), "feature", (10114, "FEATURE_PROCESSING"))
        if e:
            return e
        ks = body.get("keyword_set")
        words = [w.strip() for w in ks.split("\n")] if isinstance(ks, str) else []
        words = [w for w in words if w]
        if not words:
            return err(422, 10118, "KEYWORD_REQUIRED", "keyword_set needs at least one keyword")
        if sum(len(w) for w in words) > 1000:
            return err(422, 10112, "TOO_MANY_KEYWORDS", "keywords together exceed 1,000 characters")
        if need_str(body, "result_bucket") is None:
            return gw_error(400, "100", "bad request: result_bucket is required")
        e = check_path(body, "result_file_path", 10130, "INVALID_RESULT_FILE_PATH")
        if e:
            return e
        base = {"profile_id": new_uuid(), "profile_name": name, "feature_id": feat["base"]["feature_id"],
                "feature_name": feat["base"]["feature_name"], "keyword_set": ",".join(words),
                "created_at": created, "result_bucket": body["result_bucket"],
                "result_file_path": result_name(body["result_file_path"])}
        extra = {"line_count": None, "fail_message": None}
    answer = dict(base)  # the create answer echoes the job, with no status (seed 000)
    full = dict(base)
    keys = list(full)
    full = {k: full[k] for k in keys[:2]}
    full.update(status="registered")
    full.update({k: base[k] for k in keys[2:]})
    full.setdefault("completed_at", None)
    rec = kind.add(full, extra)
    EVENTS.append({"kind": kind.list_key, "task_name": name, "task_id": full[kind.id_key],
                   "status": "registered", "at": t})
    start_job(kind, rec, t)
    return 200, answer


def live_users(kind, rid):
    """Jobs in motion that use rid (a task's runs and shopping intents; a feature's tasks, runs, attrs)."""
    out = []
    if kind is TASKS:
        for k in (RUNS, INTENTS):
            out += [r for r in k.items if r["base"].get("task_id") == rid and r["base"]["status"] in LIVE]
    elif kind is FEATURES:
        out += [r for r in TASKS.items if rid in (r["base"].get("train_feature_id"), r["base"].get("test_feature_id"))
                and r["base"]["status"] in LIVE]
        for k in (RUNS, ATTRS):
            out += [r for r in k.items if r["base"].get("feature_id") == rid and r["base"]["status"] in LIVE]
    return out


def delete(kind, rid):
    rec = kind.by_id.get(rid)
    if rec is None:
        return not_found(kind, rid)
    st = rec["base"]["status"]
    if st in ("pending", "in_progress"):
        return err(409, kind.busy[0], kind.busy[1], f"{rid} is {st}")
    if live_users(kind, rid):
        if kind is TASKS:
            return err(409, 10135, "TASK_IN_USE", "a task run or shopping intent uses this task")
        return err(409, 10134, "FEATURE_IN_USE", "a task, run or custom attributes job uses this feature")
    kind.remove(rid)
    return 200, {kind.id_key: rid}


def not_found(kind, rid):
    if kind.not_found:
        return err(404, kind.not_found[0], kind.not_found[1], f"no profile {rid}")
    return gw_error(404, "300", f"Not Found: {rid}")


def page_args(q):
    try:
        index = int(q.get("index", ["0"])[0])
        limit = int(q.get("limit", ["20"])[0])
    except ValueError:
        return None
    if index < 0 or not (1 <= limit <= 100):
        return None
    return index, limit


class Raw:
    """A non-JSON answer (the shopping-intent download is the TSV file itself)."""

    def __init__(self, data, ctype, filename=None):
        self.data, self.ctype, self.filename = data, ctype, filename


def download(rid):
    rec = INTENTS.by_id.get(rid)
    if rec is None:
        return not_found(INTENTS, rid)
    if rec["base"]["status"] not in ENDED_OK:
        return err(409, 10117, "PROFILE_PROCESSING", f"profile {rid} is {rec['base']['status']}")
    rows = ["user_id\tgender\tage\tinterest"] + [f"u{i:05d}\tF\t30-39\tpet food" for i in range(200)]
    return 200, Raw(("\n".join(rows) + "\n").encode(), "text/tab-separated-values", f"{rid}.tsv")


def handle(method, path, q, body):
    m = re.fullmatch(r"/profile/shopping-intents-download/([^/]+)", path)
    if method == "GET" and m:
        with LOCK:
            return download(m.group(1))
    for kind in KINDS:
        if path == kind.path:
            if method == "GET":
                pa = page_args(q)
                if pa is None:
                    return err(422, 10133, "INVALID_LIMIT", "index from 0, limit 1 to 100")
                with LOCK:
                    src = [({**r["base"]} if kind is TASKS else {**r["base"], **r["extra"]}) for r in kind.items]
                    return 200, {"index": pa[0], "limit": pa[1], "total": len(src),
                                 kind.list_key: page_window(src, pa[0], pa[1])}
            if method == "POST":
                obj, e = parse_json(body)
                if e:
                    return e
                record_write("nclue", method, path, obj)
                with LOCK:
                    return create(kind, obj)
            return None
        if path.startswith(kind.path + "/"):
            rid = path[len(kind.path) + 1:]
            if "/" in rid or not rid:
                return None
            with LOCK:
                if method == "GET":
                    rec = kind.by_id.get(rid)
                    if rec is None:
                        return not_found(kind, rid)
                    return 200, {**rec["base"], **rec["extra"]}
                if method == "DELETE":
                    record_write("nclue", method, path, None)
                    return delete(kind, rid)
            return None
    return None
