"""AiTEMS simulator: cycle-data upload and the interval updates it starts (and their list)."""
from aitems_store import (KNOWN_ITEMS, KNOWN_USERS, SCHEMAS, SERVICES, TRAIN_TYPES, TRAINS, UPDATE_S, UPDATES,
                          UPLOADS, add_update, d)
from aitems_views import bad, not_found, qget, update_view
from common import LOCK, gw_error, later, now


# ---------------------------------------------------------------- interval updates
def updates_list(s, q):
    ttype, version = qget(q, "type"), qget(q, "trainVersion")
    if ttype not in TRAIN_TYPES:
        return bad("type: required, personalRecommend, relatedItem or pop")
    if not version:
        return bad("trainVersion: required")
    if not any(tr["serviceId"] == s["serviceId"] and tr["type"] == ttype and tr["version"] == version for tr in TRAINS):
        return not_found("training", f"{ttype}/{version} of service {s['serviceId']}")
    ups = UPDATES.get((s["serviceId"], ttype, version), [])
    return 200, {"updates": [update_view(u) for u in reversed(ups)]}  # newest first (choice)


def start_updates(s, rows, dtype):
    """An upload to an interval service that has results starts one update per result
    (waiting -> processing -> enable) with the upload's counts. (choice: statuses)"""
    users = len({r.get("USER_ID") for r in rows if r.get("USER_ID") is not None})
    items = len({r.get("ITEM_ID") for r in rows if r.get("ITEM_ID") is not None})
    n_inter = len(rows) if dtype == "interaction" else 0
    made = []
    for inf in s["infers"]:
        u = add_update(s["serviceId"], inf["dataType"], inf["trainVersion"], "waiting", now(), users, items, n_inter)
        inf["status"] = "waiting"
        made.append((u, inf))
    sid = s["serviceId"]

    def processing():
        with LOCK:
            for u, inf in made:
                if u["status"] == "waiting":
                    u["status"], inf["status"] = "processing", "processing"
            later(UPDATE_S / 2, finished)

    def finished():
        with LOCK:
            t = now()
            for u, inf in made:
                if u["status"] == "processing":
                    u["status"], u["finished"] = "enable", t
                    inf["status"], inf["updatedDate"] = "enable", d(t)
            x = SERVICES.get(sid)
            if x:
                x["updated"] = t
    later(UPDATE_S / 2, processing)


# ---------------------------------------------------------------- upload (cycle data)
def type_ok(v, types):
    for ty in types:
        if ty == "null" and v is None:
            return True
        if ty == "string" and isinstance(v, str):
            return True
        if ty in ("int", "long") and isinstance(v, int) and not isinstance(v, bool):
            if ty == "long" or -2**31 <= v < 2**31:
                return True
        if ty == "boolean" and isinstance(v, bool):
            return True
    return False


def upload(s, ds, b):
    if ds["datasetId"] not in s["datasets"]:
        return gw_error(404, "300", f"Not Found: dataset {ds['datasetId']} is not set for service {s['serviceId']}")
    if not isinstance(b, dict):
        return bad("body must be a JSON object")
    if b.get("type") not in ("user", "item", "interaction"):
        return bad("type: user, item or interaction")
    if b["type"] != ds["type"]:
        return bad(f"type: dataset {ds['datasetId']} holds {ds['type']} data, not {b['type']}")
    rows = b.get("value")
    if not isinstance(rows, list) or not rows:
        return bad("value: a non-empty array of rows")
    schema = SCHEMAS[ds["schemaName"]]
    names = {f["name"]: f for f in schema["fields"]}
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict):
            return bad(f"value: row {n} is not an object")
        for k in row:
            if k not in names:
                return bad(f"value: row {n}: column {k} is not in schema {schema['name']}")
        for f in schema["fields"]:
            if f["name"] not in row:
                if "null" in f["type"]:
                    continue
                return bad(f"value: row {n}: missing column {f['name']} of schema {schema['name']}")
            if not type_ok(row[f["name"]], f["type"]):
                return bad(f"value: row {n}: {f['name']} must be {'|'.join(f['type'])}")
    UPLOADS.append({"at": now(), "service": s["serviceId"], "dataset": ds["datasetId"], "type": b["type"],
                    "rows": len(rows)})
    ds["updated"] = now()
    KNOWN_USERS.update(r["USER_ID"] for r in rows if isinstance(r.get("USER_ID"), str))
    for r in rows:
        if isinstance(r.get("ITEM_ID"), str) and r["ITEM_ID"] not in KNOWN_ITEMS:
            KNOWN_ITEMS.append(r["ITEM_ID"])
    if s["type"] == "interval" and s["infers"]:
        start_updates(s, rows, b["type"])
    return 200, True
