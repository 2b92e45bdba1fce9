"""AiTEMS simulator: training (batch on request, interval on a schedule), the training
list and detail, and the recommendation lookup that answers from finished trainings."""
import random
import zlib

from aitems_store import (BUSY, HPO_RANGES, KNOWN_ITEMS, KNOWN_USERS, SCHED_S, SERVICES, TERMS, TRAIN_S,
                          TRAIN_TYPES, TRAINS, add_train, d)
from aitems_views import bad, desc_ok, not_found, paged, qget, service_detail, train_view
from common import LOCK, SYS, aitems_id, later, now


# ---------------------------------------------------------------- training
def check_hp(hp):
    if not isinstance(hp, dict) or not isinstance(hp.get("is_enabled"), bool):
        return "hpConfig.is_enabled is required"
    for k, (lo, hi) in HPO_RANGES.items():
        if k in hp and (not isinstance(hp[k], int) or isinstance(hp[k], bool) or not lo <= hp[k] <= hi):
            return f"hpConfig.{k}: an integer from {lo} to {hi}"
    return None


def check_types(v, field):
    if not isinstance(v, list) or not v or any(t not in TRAIN_TYPES for t in v) or len(set(v)) != len(v):
        return f"{field}: a non-empty subset of personalRecommend, relatedItem, pop"
    return None


def start_trains(s, types, hp, desc):
    t = now()
    trs = [add_train(s["serviceId"], ty, "requesting", t, hp=hp, description=desc or "", inference=False,
                     version=aitems_id()) for ty in types]
    versions = [tr["version"] for tr in trs]

    def step():
        with LOCK:
            for tr in TRAINS:
                if tr["version"] in versions and tr["status"] == "requesting":
                    tr["status"] = "waiting"
            later(min(1.0, TRAIN_S / 4), learn)

    def learn():
        with LOCK:
            for tr in TRAINS:
                if tr["version"] in versions and tr["status"] == "waiting":
                    tr["status"] = "learning"
    later(min(1.0, TRAIN_S / 4), step)
    return versions


def finish_trains(versions, status="completed"):
    done = []
    for tr in TRAINS:
        if tr["version"] in versions and tr["status"] in ("requesting", "waiting", "learning"):
            tr["status"], tr["inference"] = status, status == "completed"
            done.append(tr)
    return done


def infers_from(trs, t):
    return [{"dataType": tr["type"], "trainVersion": tr["version"], "status": "enable",
             "rowCount": SYS.randint(3, 50), "createdDate": d(t), "updatedDate": d(t + 2)} for tr in trs]


def train(s, b):
    if not isinstance(b, dict):
        return bad("body must be a JSON object")
    types = b.get("types")
    e = check_types(types, "types")
    if e:
        return bad(e)
    hp = b.get("hpConfig")
    e = check_hp(hp) or desc_ok(b.get("description"))
    if e:
        return bad(e)
    if s["type"] != "batch":
        return bad("only a batch service can be trained on request")
    if s["status"] != "learnable":
        return bad(f"service is {s['status']}, not learnable")
    t = now()
    s["status"], s["updated"], s["infers"] = "learning", t, []
    s["hpConfig"] = dict(hp)
    versions = start_trains(s, types, hp, b.get("description"))
    later(TRAIN_S, finish_training, s["serviceId"], versions)
    return 200, service_detail(s)


def finish_training(sid, versions):
    with LOCK:
        s = SERVICES.get(sid)
        if s is None or s["status"] != "learning":
            return
        t = now()
        s["status"], s["updated"] = "learnable", t
        s["infers"] = infers_from(finish_trains(versions), t)


def schedule(s, q, b):
    action = qget(q, "action")
    if action not in ("start", "stop"):
        hint = " (it is a query parameter, not a body field)" if isinstance(b, dict) and "action" in b else ""
        return bad("action: query parameter start or stop is required" + hint)
    if s["type"] != "interval":
        return bad(f"service {s['serviceId']} is a {s['type']} service; only interval services train on a schedule")
    if not isinstance(b, dict):
        return bad("body must be a JSON object {trainTypes, description, hpConfig}")
    e = check_types(b.get("trainTypes"), "trainTypes") or check_hp(b.get("hpConfig")) or desc_ok(b.get("description"))
    if e:
        return bad(e)
    t = now()
    if action == "stop":
        if s["status"] in BUSY:  # guide: training in progress cannot be stopped
            return bad(f"service {s['serviceId']} is {s['status']}: training in progress cannot be stopped")
        if s["status"] != "scheduled":
            return bad(f"service {s['serviceId']} is {s['status']}, not scheduled")
        s["status"], s["scheduledDate"], s["updated"] = "learnable", None, t
        s["stamp"] = SYS.random()
        return 200, service_detail(s)
    if s["status"] != "learnable":
        return bad(f"service is {s['status']}, not learnable" +
                   (" (set its datasets first)" if s["status"] == "datasetRequired" else ""))
    if s["learningInterval"] is None:
        s["learningInterval"] = "hour1"  # (choice) default cycle when none was set
    s["status"], s["updated"], s["hpConfig"] = "scheduled", t, dict(b["hpConfig"])
    s["trainTypes"] = list(b["trainTypes"])
    s["scheduledDate"] = t + SCHED_S
    s["stamp"] = stamp = SYS.random()
    sid, types, hp, desc = s["serviceId"], list(b["trainTypes"]), dict(b["hpConfig"]), b.get("description")

    def run():
        with LOCK:
            x = SERVICES.get(sid)
            if not x or x.get("stamp") != stamp or x["status"] != "scheduled":
                return
            x["status"], x["updated"] = "scheduledLearning", now()
            versions = start_trains(x, types, hp, desc)
            later(TRAIN_S, done, versions)

    def done(versions):
        with LOCK:
            x = SERVICES.get(sid)
            if not x or x.get("stamp") != stamp or x["status"] != "scheduledLearning":
                return
            t2 = now()
            x["status"], x["updated"] = "scheduled", t2
            x["infers"] = infers_from(finish_trains(versions), t2)
            x["scheduledDate"] = t2 + TERMS[x["learningInterval"]]
    later(SCHED_S, run)
    return 200, service_detail(s)


# ---------------------------------------------------------------- training list, lookup
def trains_list(s, q):
    trs = [tr for tr in reversed(TRAINS) if tr["serviceId"] == s["serviceId"]]  # newest first (choice)
    recent = (qget(q, "isRecent") or "").lower()
    if recent not in ("", "true", "false"):
        return bad("isRecent: true or false")
    if recent == "true":  # the latest request of each type
        seen, keep = set(), []
        for tr in trs:
            if tr["type"] not in seen:
                seen.add(tr["type"])
                keep.append(tr)
        trs = keep
    return paged(q, "trains", [train_view(tr) for tr in trs])


def train_get(s, ttype, version):
    if ttype not in TRAIN_TYPES:
        return bad("trainType: personalRecommend, relatedItem or pop")
    for tr in TRAINS:
        if tr["serviceId"] == s["serviceId"] and tr["type"] == ttype and tr["version"] == version:
            return 200, train_view(tr)
    return not_found("training", f"{ttype}/{version} of service {s['serviceId']}")


def lookup(s, q):
    ttype = qget(q, "type")
    if ttype not in TRAIN_TYPES:
        return bad("type: required, personalRecommend, relatedItem or pop")
    target = qget(q, "targetId")
    if target is None:  # Required on the page for every type, pop included
        return bad("targetId: required (USER_ID for personalRecommend, ITEM_ID for relatedItem)")
    if ttype != "pop" and not target:
        return bad("targetId: required (USER_ID for personalRecommend, ITEM_ID for relatedItem)")
    if not any(tr["serviceId"] == s["serviceId"] and tr["type"] == ttype and tr["inference"] for tr in TRAINS):
        return not_found("training result", f"{ttype} of service {s['serviceId']}")  # (choice)
    known = KNOWN_USERS if ttype == "personalRecommend" else set(KNOWN_ITEMS)
    if ttype != "pop" and target not in known:
        return 200, {"field": "ITEM_ID", "values": []}  # (choice) unknown target: nothing to recommend
    seed = zlib.crc32(f"{s['serviceId']}/{ttype}/{target if ttype != 'pop' else ''}".encode())
    pool = [i for i in KNOWN_ITEMS if i != target]
    values = random.Random(seed).sample(pool, min(len(pool), 4 if ttype != "pop" else 6))
    return 200, {"field": "ITEM_ID", "values": values}

