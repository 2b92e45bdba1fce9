"""AiTEMS (/aitems/api/v1): services, datasets, schemas, training, cycle-data upload.

Shapes from the observed 2022 answers (/tmp/vendor_more/aitems/*_observed_2022.json) and the
vendor pages (tests/vendor/fixtures/aitems): the service list's items carry only serviceId,
name, status, createdDate, updatedDate, actionName, permission, and its top level only
`services`; a service's detail has no `type` (IND_AITEMS_TYPE=1 adds it); dates have no zone
and carry milliseconds; ids are 11 lowercase letters/digits; delete answers {"result":"ok"};
the upload answers `true` (the older upload page's example).
"""
import os
import random
import re

from common import LOCK, SYS, aitems_id, gw_error, iso_local_ms, later, now, parse_json, record_write

TRAIN_S = float(os.environ.get("IND_TRAIN_S", "8"))
DETAIL_TYPE = os.environ.get("IND_AITEMS_TYPE", "") == "1"
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{2,19}")
TRAIN_TYPES = ("personalRecommend", "relatedItem", "pop")

rng = random.Random(4711)
T0 = now() - 86400 * 5


def d(ts):
    return iso_local_ms(ts)


SCHEMAS = {
    "indsim_user_schema": {"name": "indsim_user_schema", "datasetType": "user", "fields": [
        {"name": "USER_ID", "type": ["string"]},
        {"name": "AGE", "type": ["int", "null"]},
        {"name": "GENDER", "type": ["string", "null"], "categorical": True}],
        "description": "users: id, age, gender", "createdDate": d(T0)},
    "indsim_item_schema": {"name": "indsim_item_schema", "datasetType": "item", "fields": [
        {"name": "ITEM_ID", "type": ["string"]},
        {"name": "CATEGORY", "type": ["string"], "categorical": True},
        {"name": "PRICE", "type": ["long", "null"]}],
        "description": "items", "createdDate": d(T0)},
    "indsim_interaction_schema": {"name": "indsim_interaction_schema", "datasetType": "interaction", "fields": [
        {"name": "USER_ID", "type": ["string"]},
        {"name": "ITEM_ID", "type": ["string"]},
        {"name": "TIMESTAMP", "type": ["long"]},
        {"name": "EVENT", "type": ["string", "null"], "categorical": True}],
        "description": "who did what when", "createdDate": d(T0)},
}

# datasets: datasetId -> record; "status" is the GET /datasets vocabulary
# (enable|waiting|processing|upload_failed|disable|deleting), "svc_status" the one a
# service's datasets[] shows (learnable|disable|uploading|updateRequired).
DATASETS = {}
SERVICES = {}  # serviceId -> record (oldest first by insertion)
UPLOADS = []  # every accepted upload: service, dataset, type, rows


def add_dataset(dtype, name, schema, status="enable", svc_status="learnable", t=None):
    t = T0 + rng.randint(0, 3600) if t is None else t
    ds = {"datasetId": aitems_id(rng), "type": dtype, "name": name, "schemaName": schema,
          "status": status, "svc_status": svc_status, "created": t, "updated": t + 20}
    DATASETS[ds["datasetId"]] = ds
    return ds


def add_service(name, stype, status, datasets, infers=(), description="", t=None):
    t = T0 + rng.randint(3600, 7200) if t is None else t
    s = {"serviceId": aitems_id(rng), "name": name, "description": description, "type": stype,
         "status": status, "datasets": [x["datasetId"] for x in datasets],
         "hpConfig": {"is_enabled": False, "group_column": ["TIMESTAMP"]} if datasets else {"is_enabled": False},
         "infers": list(infers), "created": t, "updated": t + 600}
    SERVICES[s["serviceId"]] = s
    return s


_u = add_dataset("user", "indsim-users", "indsim_user_schema")
_i = add_dataset("item", "indsim-items", "indsim_item_schema")
_x = add_dataset("interaction", "indsim-interactions", "indsim_interaction_schema")
add_service("Version2", "batch", "learnable", [_u, _x, _i], infers=[
    {"dataType": "relatedItem", "trainVersion": aitems_id(rng), "status": "enable", "rowCount": 4,
     "createdDate": d(T0 + 9000), "updatedDate": d(T0 + 9002)},
    {"dataType": "pop", "trainVersion": aitems_id(rng), "status": "enable", "rowCount": 11,
     "createdDate": d(T0 + 8000), "updatedDate": d(T0 + 8002)}])
_u2 = add_dataset("user", "hourly-users", "indsim_user_schema")
_x2 = add_dataset("interaction", "hourly-clicks", "indsim_interaction_schema", status="processing",
                  svc_status="uploading")
add_service("hourly_refresh", "interval", "scheduled", [_u2, _x2], description="retrains every hour")
add_service("_draft-svc", "batch", "datasetRequired", [])
add_dataset("item", "orphan-items", "indsim_item_schema", status="upload_failed", svc_status="disable")


def service_detail(s):
    out = {"serviceId": s["serviceId"], "name": s["name"], "description": s["description"],
           "status": s["status"], "datasets": [], "hpConfig": s["hpConfig"], "infers": s["infers"],
           "createdDate": d(s["created"]), "updatedDate": d(s["updated"])}
    for did in s["datasets"]:
        x = DATASETS.get(did)
        if x:
            out["datasets"].append({"datasetId": x["datasetId"], "type": x["type"], "name": x["name"],
                                    "schemaName": x["schemaName"], "status": x["svc_status"],
                                    "createdDate": d(x["created"]), "updatedDate": d(x["updated"])})
    if DETAIL_TYPE:
        out["type"] = s["type"]
    return out


def service_item(s):
    return {"serviceId": s["serviceId"], "name": s["name"], "status": s["status"],
            "createdDate": d(s["created"]), "updatedDate": d(s["updated"]),
            "actionName": "View/getServiceDetail", "permission": "Allow"}


def dataset_item(x):
    return {"datasetId": x["datasetId"], "type": x["type"], "name": x["name"], "status": x["status"],
            "createdDate": d(x["created"]), "actionName": "View/getDatasetDetail", "permission": "Allow"}


def window(q, items):
    try:
        off = int(q.get("offset", ["0"])[0])
        lim = int(q.get("limit", ["1000"])[0])
    except ValueError:
        return None
    if off < 0 or lim < 1:
        return None
    return items[off:off + lim]


def bad(msg, http=400):
    return gw_error(http, "100", msg)


def create_service(b):
    if not isinstance(b, dict):
        return bad("body must be a JSON object")
    name, desc, stype = b.get("name"), b.get("description", ""), b.get("type", "batch")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        return bad("name: 3 to 20 letters, digits, '_' or '-', starting with a letter or '_'")
    if desc is None:
        desc = ""
    if not isinstance(desc, str) or len(desc) > 100:
        return bad("description: at most 100 characters")
    if stype not in ("batch", "interval"):
        return bad("type: batch or interval")
    t = now()
    s = add_service(name, stype, "datasetRequired", [], description=desc, t=t)
    s["updated"] = t
    out = service_detail(s)
    out["type"] = stype  # the current create page's example answer carries type
    return 200, out


def train(s, b):
    if not isinstance(b, dict):
        return bad("body must be a JSON object")
    types = b.get("types")
    if not isinstance(types, list) or not types or any(t not in TRAIN_TYPES for t in types):
        return bad("types: a non-empty subset of personalRecommend, relatedItem, pop")
    hp = b.get("hpConfig")
    if not isinstance(hp, dict) or not isinstance(hp.get("is_enabled"), bool):
        return bad("hpConfig.is_enabled is required")
    if s["type"] != "batch":
        return bad("only a batch service can be trained on request")
    if s["status"] != "learnable":
        return bad(f"service is {s['status']}, not learnable")
    t = now()
    s["status"], s["updated"], s["infers"] = "learning", t, []
    s["hpConfig"] = dict(hp)
    later(TRAIN_S, finish_training, s["serviceId"], list(types))
    return 200, service_detail(s)


def finish_training(sid, types):
    with LOCK:
        s = SERVICES.get(sid)
        if s is None or s["status"] != "learning":
            return
        t = now()
        s["status"], s["updated"] = "learnable", t
        s["infers"] = [{"dataType": ty, "trainVersion": aitems_id(), "status": "enable",
                        "rowCount": SYS.randint(3, 50), "createdDate": d(t), "updatedDate": d(t + 2)}
                       for ty in types]


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
    return 200, True


def handle(method, path, q, body):
    with LOCK:
        if path == "/services" and method == "GET":
            items = window(q, [service_item(s) for s in SERVICES.values()])
            return (200, {"services": items}) if items is not None else bad("offset/limit")
        if path == "/services" and method == "POST":
            b, e = parse_json(body)
            if e:
                return e
            record_write("aitems", method, path, b)
            return create_service(b)
        if path == "/datasets" and method == "GET":
            items = window(q, [dataset_item(x) for x in DATASETS.values()])
            return (200, {"datasets": items}) if items is not None else bad("offset/limit")
        m = re.fullmatch(r"/schemas/([^/]+)", path)
        if m and method == "GET":
            sc = SCHEMAS.get(m.group(1))
            return (200, sc) if sc else gw_error(404, "300", f"Not Found: schema {m.group(1)}")
        m = re.fullmatch(r"/datasets/([^/]+)", path)
        if m and method == "GET":
            x = DATASETS.get(m.group(1))
            if not x:
                return gw_error(404, "300", f"Not Found: dataset {m.group(1)}")
            return 200, {"datasetId": x["datasetId"], "type": x["type"], "name": x["name"], "description": "",
                         "schemaName": x["schemaName"], "status": x["status"], "osInfo": None,
                         "connectedServices": [s["serviceId"] for s in SERVICES.values() if x["datasetId"] in s["datasets"]],
                         "createdDate": d(x["created"]), "updatedDate": d(x["updated"])}
        m = re.fullmatch(r"/services/([^/]+)(?:/datasets/([^/]+))?", path)
        if not m:
            return None
        sid, did = m.group(1), m.group(2)
        s = SERVICES.get(sid)
        if did is not None:
            if method != "POST":
                return None
            b, e = parse_json(body)
            if e:
                return e
            record_write("aitems", method, path, b)
            if s is None:
                return gw_error(404, "300", f"Not Found: service {sid}")
            ds = DATASETS.get(did)
            if ds is None:
                return gw_error(404, "300", f"Not Found: dataset {did}")
            return upload(s, ds, b)
        if method == "POST":
            b, e = parse_json(body)
            if e:
                return e
            record_write("aitems", method, path, b)
        if s is None:
            return gw_error(404, "300", f"Not Found: service {sid}")
        if method == "GET":
            return 200, service_detail(s)
        if method == "DELETE":
            record_write("aitems", method, path, None)
            del SERVICES[sid]
            return 200, {"result": "ok"}
        if method == "POST":
            return train(s, b)
    return None
