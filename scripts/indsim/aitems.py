"""AiTEMS (/aitems/api/v1): services, datasets, schemas, training, cycle-data upload,
trainings, interval updates, recommendation lookup.

Written from the vendor's pages (api.ncloud-docs.com ai-application-service-aitems-*,
summarised with their URLs in docs/aitems-calls.md), never from ncdash's src/. Where a
page says nothing, the rule here is this simulator's own choice and is marked "(choice)".

Shapes from the observed 2022 answers (/tmp/vendor_more/aitems/*_observed_2022.json) and the
vendor pages (tests/vendor/fixtures/aitems): the service list's items carry only serviceId,
name, status, createdDate, updatedDate, actionName, permission, and its top level only
`services`; a service's detail has no `type` (IND_AITEMS_TYPE=1 adds it); dates have no zone
and carry milliseconds; ids are 11 lowercase letters/digits; delete answers {"result":"ok"};
the upload answers `true` (the older upload page's example).

Errors use the gateway's body {"error": {"errorCode", "message"}} (SPEC 4.1): 400 / "100"
for a refused request, 404 / "300" for an unknown id. The AiTEMS pages only point to a
common status-code table (400, 401, 403, 404, 500) and show no error body. (choice)

Timings (seconds, env): IND_TRAIN_S training length (8), IND_DS_WAIT_S a new dataset's
`waiting` (2), IND_DS_PROC_S its `processing` (4), IND_DS_DEL_S `deleting` before it is gone
(2), IND_SCHED_S interval service: `scheduled` -> `scheduledLearning` after start (3),
IND_UPDATE_S an interval update's `waiting`+`processing` (3).
"""
import os
import random
import re
import zlib

from common import LOCK, SYS, aitems_id, gw_error, iso_local_ms, later, now, parse_json, record_write

TRAIN_S = float(os.environ.get("IND_TRAIN_S", "8"))
DS_WAIT_S = float(os.environ.get("IND_DS_WAIT_S", "2"))
DS_PROC_S = float(os.environ.get("IND_DS_PROC_S", "4"))
DS_DEL_S = float(os.environ.get("IND_DS_DEL_S", "2"))
SCHED_S = float(os.environ.get("IND_SCHED_S", "3"))
UPDATE_S = float(os.environ.get("IND_UPDATE_S", "3"))
DETAIL_TYPE = os.environ.get("IND_AITEMS_TYPE", "") == "1"
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{2,19}")  # service: letter or '_' first
LETTER_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]{2,19}")  # schema, dataset: letter first
TRAIN_TYPES = ("personalRecommend", "relatedItem", "pop")
DATASET_TYPES = ("user", "item", "interaction")
FIELD_TYPES = ("string", "int", "long", "boolean", "null")
TERMS = {"hour1": 3600, "hour3": 3 * 3600, "hour6": 6 * 3600, "hour12": 12 * 3600}
# required schema fields per dataset type, "Not NULL" (guide aitems-dataset)
REQUIRED_FIELDS = {"user": [("USER_ID", "string")], "item": [("ITEM_ID", "string")],
                   "interaction": [("USER_ID", "string"), ("ITEM_ID", "string"), ("TIMESTAMP", "long")]}
HPO_RANGES = {  # service-learning / service-intervallearning pages: min, max
    "session_max_timestamp": (10, 86400), "item_top_n": (1000, 500000), "min_item_cut": (1, 1000),
    "min_session_length": (2, 1000), "max_user_recommend_top": (1, 1000), "max_relate_recommend_top": (1, 1000)}
BUSY = ("learning", "scheduledLearning", "requestLearning")  # no dataset change, no stop (guide aitems-train)

rng = random.Random(4711)
T0 = now() - 86400 * 5


def d(ts):
    return iso_local_ms(ts) if ts is not None else None


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
TRAINS = []  # training requests, oldest first: serviceId, type, version, hpConfig, description, status, ...
UPDATES = {}  # (serviceId, type, trainVersion) -> [update records], oldest first
KNOWN_USERS = {"u1", "u2", "u3", "u4", "u5"}  # ids the lookup answers for (grown by uploads)
KNOWN_ITEMS = ["1", "5", "6", "11", "abc123", "abc111", "1023", "1034", "1073", "1100"]


def add_dataset(dtype, name, schema, status="enable", svc_status="learnable", t=None, key=None, description=""):
    t = T0 + rng.randint(0, 3600) if t is None else t
    ds = {"datasetId": aitems_id(rng), "type": dtype, "name": name, "schemaName": schema,
          "status": status, "svc_status": svc_status, "created": t, "updated": t + 20,
          "description": description,
          "osInfo": {"region": "KR", "bucket": "indsim-aitems", "key": key or f"{name}.csv"}}
    DATASETS[ds["datasetId"]] = ds
    return ds


def add_service(name, stype, status, datasets, infers=(), description="", t=None):
    t = T0 + rng.randint(3600, 7200) if t is None else t
    s = {"serviceId": aitems_id(rng), "name": name, "description": description, "type": stype,
         "status": status, "datasets": [x["datasetId"] for x in datasets],
         "hpConfig": {"is_enabled": False, "group_column": ["TIMESTAMP"]} if datasets else {"is_enabled": False},
         "infers": list(infers), "created": t, "updated": t + 600,
         "learningInterval": None, "scheduledDate": None, "trainTypes": []}
    SERVICES[s["serviceId"]] = s
    return s


def add_train(sid, ttype, status, t, hp=None, description="", inference=None, version=None):
    tr = {"serviceId": sid, "type": ttype, "hpConfig": dict(hp or {"is_enabled": False}),
          "version": version or aitems_id(rng), "description": description, "status": status,
          "created": t, "inference": (status == "completed") if inference is None else inference}
    TRAINS.append(tr)
    return tr


def add_update(sid, ttype, version, status, t, users, items, rows, finished=None):
    u = {"updateVersion": aitems_id(rng), "status": status, "type": ttype, "created": t,
         "finished": finished, "updateResult": {"inputUsersCnt": users, "inputItemsCnt": items,
                                                "inputRowsCnt": rows, "updatedItemsCnt": items}}
    UPDATES.setdefault((sid, ttype, version), []).append(u)
    return u


# ---- the seeded world (the first rng draws are kept in their historical order: same ids)
_u = add_dataset("user", "indsim-users", "indsim_user_schema")
_i = add_dataset("item", "indsim-items", "indsim_item_schema")
_x = add_dataset("interaction", "indsim-interactions", "indsim_interaction_schema")
_v2 = add_service("Version2", "batch", "learnable", [_u, _x, _i], infers=[
    {"dataType": "relatedItem", "trainVersion": aitems_id(rng), "status": "enable", "rowCount": 4,
     "createdDate": d(T0 + 9000), "updatedDate": d(T0 + 9002)},
    {"dataType": "pop", "trainVersion": aitems_id(rng), "status": "enable", "rowCount": 11,
     "createdDate": d(T0 + 8000), "updatedDate": d(T0 + 8002)}])
_u2 = add_dataset("user", "hourly-users", "indsim_user_schema")
_x2 = add_dataset("interaction", "hourly-clicks", "indsim_interaction_schema", status="processing",
                  svc_status="uploading")
_hr = add_service("hourly_refresh", "interval", "scheduled", [_u2, _x2], description="retrains every hour")
add_service("_draft-svc", "batch", "datasetRequired", [])
add_dataset("item", "orphan-items", "indsim_item_schema", status="upload_failed", svc_status="disable",
            key="orphan-items.xlsx")
# later additions draw after the historical ones
for _inf in _v2["infers"]:
    add_train(_v2["serviceId"], _inf["dataType"], "completed", T0 + 7600, version=_inf["trainVersion"],
              hp={"is_enabled": _inf["dataType"] == "pop", "group_column": ["TIMESTAMP"]})
add_train(_v2["serviceId"], "personalRecommend", "learningFailed", T0 + 7400, inference=False)
_hr.update(learningInterval="hour1", scheduledDate=T0 + 86400 * 5 + 1800, trainTypes=["personalRecommend", "relatedItem"])
_hr["hpConfig"] = {"is_enabled": False, "group_column": ["TIMESTAMP"]}
for _ty, _rows in (("personalRecommend", 31), ("relatedItem", 17)):
    _tr = add_train(_hr["serviceId"], _ty, "completed", T0 + 7800)
    _hr["infers"].append({"dataType": _ty, "trainVersion": _tr["version"], "status": "enable", "rowCount": _rows,
                          "createdDate": d(T0 + 9300), "updatedDate": d(T0 + 9302)})
    for _k in range(3):
        _t = T0 + 9400 + 3600 * _k
        add_update(_hr["serviceId"], _ty, _tr["version"], "enable", _t, 3 + _k, 5 + _k, 40 + 7 * _k, finished=_t + 95)
add_dataset("item", "hourly-items", "indsim_item_schema")  # free: can be attached to hourly_refresh
SCHEMAS["indsim_spare_schema"] = {"name": "indsim_spare_schema", "datasetType": "item", "fields": [
    {"name": "ITEM_ID", "type": ["string"]}], "description": "used by no dataset: can be deleted",
    "createdDate": d(T0 + 100)}


# ---------------------------------------------------------------- views
def schema_fields(sc):
    """`categorical` is "not displayed when false" (schema-read page)."""
    out = []
    for f in sc["fields"]:
        g = {"name": f["name"], "type": list(f["type"])}
        if f.get("categorical"):
            g["categorical"] = True
        out.append(g)
    return out


def schema_detail(sc):
    return {"datasetType": sc["datasetType"], "name": sc["name"], "fields": schema_fields(sc),
            "description": sc.get("description", ""), "createdDate": sc["createdDate"]}


def schema_item(sc):
    return {"datasetType": sc["datasetType"], "name": sc["name"], "createdDate": sc["createdDate"],
            "actionName": "View/getSchemaDetail", "permission": "Allow"}


def connected(did):
    return [s for s in SERVICES.values() if did in s["datasets"]]


def dataset_detail(x):
    return {"datasetId": x["datasetId"], "type": x["type"], "name": x["name"], "description": x["description"],
            "schemaName": x["schemaName"], "status": x["status"], "osInfo": dict(x["osInfo"]),
            "connectedServices": [{"serviceId": s["serviceId"], "name": s["name"]} for s in connected(x["datasetId"])],
            "createdDate": d(x["created"]), "updatedDate": d(x["updated"])}


def service_detail(s):
    out = {"serviceId": s["serviceId"], "name": s["name"], "description": s["description"],
           "status": s["status"], "datasets": [], "hpConfig": dict(s["hpConfig"]),
           "infers": [dict(i) for i in s["infers"]],  # copies: timers change them after the lock
           "createdDate": d(s["created"]), "updatedDate": d(s["updated"])}
    for did in s["datasets"]:
        x = DATASETS.get(did)
        if x:
            out["datasets"].append({"datasetId": x["datasetId"], "type": x["type"], "name": x["name"],
                                    "schemaName": x["schemaName"], "status": x["svc_status"],
                                    "createdDate": d(x["created"]), "updatedDate": d(x["updated"])})
    if DETAIL_TYPE:
        out["type"] = s["type"]
    if s["type"] == "interval":  # "type이 interval인 경우에만 표시" (community, service pages)
        out["learningInterval"] = s["learningInterval"]
        out["scheduledDate"] = d(s["scheduledDate"])
    return out


def service_item(s):
    return {"serviceId": s["serviceId"], "name": s["name"], "status": s["status"],
            "createdDate": d(s["created"]), "updatedDate": d(s["updated"]),
            "actionName": "View/getServiceDetail", "permission": "Allow"}


def dataset_item(x):
    return {"datasetId": x["datasetId"], "type": x["type"], "name": x["name"], "status": x["status"],
            "createdDate": d(x["created"]), "actionName": "View/getDatasetDetail", "permission": "Allow"}


def train_view(tr):
    return {"serviceId": tr["serviceId"], "type": tr["type"], "hpConfig": tr["hpConfig"], "version": tr["version"],
            "description": tr["description"], "status": tr["status"], "createdDate": d(tr["created"]),
            "inference": tr["inference"]}


def update_view(u):
    return {"updateVersion": u["updateVersion"], "status": u["status"], "type": u["type"],
            "createdDate": d(u["created"]), "finishedDate": d(u["finished"]), "updateResult": dict(u["updateResult"])}


def window(q, items):
    try:
        off = int(q.get("offset", ["0"])[0])
        lim = int(q.get("limit", ["1000"])[0])
    except ValueError:
        return None
    if off < 0 or lim < 1:
        return None
    return items[off:off + lim]


def paged(q, key, items):
    """Current list pages: {<items>, offset, limit} (schemas, trains)."""
    got = window(q, items)
    if got is None:
        return bad("offset: an integer from 0; limit: an integer from 1")
    return 200, {key: got, "offset": int(q.get("offset", ["0"])[0]), "limit": int(q.get("limit", ["1000"])[0])}


def bad(msg, http=400):
    return gw_error(http, "100", msg)


def not_found(what, ident):
    return gw_error(404, "300", f"Not Found: {what} {ident}")


def qget(q, key):
    v = q.get(key)
    return None if v is None else v[0]


def desc_ok(v, field="description", required=False):
    if v is None:
        return None if not required else f"{field}: required (0 to 100 characters)"
    if not isinstance(v, str) or len(v) > 100:
        return f"{field}: at most 100 characters"
    return None


# ---------------------------------------------------------------- schemas
def check_fields(dtype, fields, categorical_required):
    if not isinstance(fields, list) or not fields:
        return "fields: a non-empty array of {name, type[], categorical}"
    seen = {}
    for n, f in enumerate(fields, 1):
        if not isinstance(f, dict):
            return f"fields[{n}]: not an object"
        name, types = f.get("name"), f.get("type")
        if not isinstance(name, str) or not name:
            return f"fields[{n}].name: required"
        if name in seen:  # (choice)
            return f"fields[{n}].name: {name} appears twice"
        if not isinstance(types, list) or not types or any(t not in FIELD_TYPES for t in types):
            return f"fields[{n}].type: a non-empty array of string|int|long|boolean|null"
        if "categorical" in f and not isinstance(f["categorical"], bool):
            return f"fields[{n}].categorical: true or false"
        if categorical_required and "categorical" not in f:
            return f"fields[{n}].categorical: required"
        seen[name] = types
    for rname, rtype in REQUIRED_FIELDS[dtype]:
        if rname not in seen:
            return f"fields: a {dtype} schema must have the field {rname} ({rtype}, not null)"
        if rtype not in seen[rname] or "null" in seen[rname]:
            return f"fields: {rname} must be of type {rtype}, not null"
    return None


def check_schema_body(b, validation):
    if not isinstance(b, dict):
        return "body must be a JSON object"
    dtype, name = b.get("datasetType"), b.get("name")
    if dtype not in DATASET_TYPES:
        return "datasetType: user, item or interaction"
    if not isinstance(name, str) or not LETTER_NAME_RE.fullmatch(name):
        return "name: 3 to 20 letters, digits, '_' or '-', starting with an English letter"
    e = desc_ok(b.get("description"), required=validation)
    if e:
        return e
    return check_fields(dtype, b.get("fields"), categorical_required=validation)


def stored_fields(fields):
    return [{"name": f["name"], "type": list(f["type"]), **({"categorical": True} if f.get("categorical") else {})}
            for f in fields]


def create_schema(b):
    e = check_schema_body(b, validation=False)
    if e:
        return bad(e)
    if b["name"] in SCHEMAS:  # (choice)
        return bad(f"name: schema {b['name']} already exists")
    sc = {"name": b["name"], "datasetType": b["datasetType"], "fields": stored_fields(b["fields"]),
          "description": b.get("description") or "", "createdDate": d(now())}
    SCHEMAS[sc["name"]] = sc
    return 200, schema_detail(sc)


def validate_schema(b):
    e = check_schema_body(b, validation=True)
    if e:
        return bad(e)
    if b["name"] in SCHEMAS:  # (choice) the name would not be available
        return bad(f"name: schema {b['name']} already exists")
    return 200, schema_fields({"fields": stored_fields(b["fields"])})


def default_schema(q):
    dtype = qget(q, "datasetType")
    if dtype not in DATASET_TYPES:
        return bad("datasetType: required, user, item or interaction")
    return 200, {"datasetType": dtype, "name": f"{dtype}-sample",
                 "fields": [{"name": n, "type": [t]} for n, t in REQUIRED_FIELDS[dtype]], "description": ""}


def delete_schema(name):
    users = [x for x in DATASETS.values() if x["schemaName"] == name]
    if users:  # (choice: the refusal is not on the page)
        return bad(f"schema {name} is used by dataset(s) {', '.join(x['datasetId'] for x in users)}; "
                   "delete or change those datasets first")
    del SCHEMAS[name]
    return 200, {"result": "ok"}


# ---------------------------------------------------------------- datasets
def check_os_info(o):
    if not isinstance(o, dict):
        return "osInfo: required, {region, bucket, key}"
    if o.get("region") != "KR":
        return "osInfo.region: KR"
    for k in ("bucket", "key"):
        if not isinstance(o.get(k), str) or not o[k]:
            return f"osInfo.{k}: required"
    return None


def check_dataset_body(b, create):
    if not isinstance(b, dict):
        return "body must be a JSON object"
    if b.get("type") not in DATASET_TYPES:
        return "type: user, item or interaction"
    if not isinstance(b.get("name"), str) or not LETTER_NAME_RE.fullmatch(b["name"]):
        return "name: 3 to 20 letters, digits, '_' or '-', starting with an English letter"
    e = desc_ok(b.get("description"), required=create)
    if e:
        return e
    sc = SCHEMAS.get(b.get("schemaName")) if isinstance(b.get("schemaName"), str) else None
    if sc is None:
        return f"schemaName: no schema {b.get('schemaName')!r}"
    if sc["datasetType"] != b["type"]:  # (choice)
        return f"schemaName: schema {sc['name']} is for {sc['datasetType']} datasets, not {b['type']}"
    return check_os_info(b.get("osInfo"))


def ingest(did, stamp):
    """waiting -> processing -> enable, or upload_failed when the Object Storage key names a
    file that is neither .csv nor .csv.gz (guide: only csv or csv.gz). (choice: timings)"""
    def to_processing():
        with LOCK:
            x = DATASETS.get(did)
            if x and x["stamp"] == stamp and x["status"] == "waiting":
                x["status"], x["svc_status"], x["updated"] = "processing", "uploading", now()
                later(DS_PROC_S, to_end)

    def to_end():
        with LOCK:
            x = DATASETS.get(did)
            if not x or x["stamp"] != stamp or x["status"] != "processing":
                return
            last = x["osInfo"]["key"].rstrip("/").rsplit("/", 1)[-1]
            ok = x["osInfo"]["key"].endswith("/") or "." not in last or last.endswith((".csv", ".csv.gz"))
            x["status"], x["svc_status"] = ("enable", "learnable") if ok else ("upload_failed", "disable")
            x["updated"] = now()
    later(DS_WAIT_S, to_processing)


def create_dataset(b):
    e = check_dataset_body(b, create=True)
    if e:
        return bad(e)
    t = now()
    x = {"datasetId": aitems_id(), "type": b["type"], "name": b["name"], "schemaName": b["schemaName"],
         "status": "waiting", "svc_status": "uploading", "created": t, "updated": t,
         "description": b.get("description") or "", "osInfo": dict(b["osInfo"]), "stamp": SYS.random()}
    DATASETS[x["datasetId"]] = x
    ingest(x["datasetId"], x["stamp"])
    return 200, dataset_detail(x)


def modify_dataset(x, b):
    e = check_dataset_body(b, create=False)
    if e:
        return bad(e)
    users = connected(x["datasetId"])
    if any(s["status"] in BUSY for s in users):
        return bad(f"dataset {x['datasetId']} is used by a service that is training")
    if b["type"] != x["type"] and users:  # (choice)
        return bad(f"type: dataset {x['datasetId']} is set in service(s) "
                   f"{', '.join(s['serviceId'] for s in users)}; its type cannot change")
    if x["status"] == "deleting":
        return bad(f"dataset {x['datasetId']} is being deleted")
    reload = b["osInfo"] != x["osInfo"] or b["schemaName"] != x["schemaName"]
    x.update(type=b["type"], name=b["name"], schemaName=b["schemaName"], osInfo=dict(b["osInfo"]), updated=now())
    if "description" in b:
        x["description"] = b["description"] or ""
    if reload:  # the file is read again (choice)
        x["status"], x["svc_status"], x["stamp"] = "waiting", "uploading", SYS.random()
        ingest(x["datasetId"], x["stamp"])
    return 200, dataset_detail(x)


def delete_dataset(x):
    users = connected(x["datasetId"])
    if users:  # (choice: the refusal is not on the page)
        return bad(f"dataset {x['datasetId']} is used by service(s) {', '.join(s['serviceId'] for s in users)}; "
                   "set other datasets in those services or delete them first")
    if x["status"] == "deleting":
        return bad(f"dataset {x['datasetId']} is already being deleted")
    x["status"], x["svc_status"], x["updated"], x["stamp"] = "deleting", "disable", now(), SYS.random()
    did = x["datasetId"]

    def gone():
        with LOCK:
            DATASETS.pop(did, None)
    later(DS_DEL_S, gone)
    return 200, {"result": "ok"}


# ---------------------------------------------------------------- services
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


def edit_service(s, b):
    if not isinstance(b, dict):
        return bad("body must be a JSON object")
    name = b.get("name")
    if isinstance(name, list) and len(name) == 1:  # the page types name "Array"; its example sends a string
        name = name[0]
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        return bad("name: required, 3 to 20 letters, digits, '_' or '-', starting with a letter or '_'")
    e = desc_ok(b.get("description"))
    if e:
        return bad(e)
    s["name"], s["updated"] = name, now()
    if "description" in b:
        s["description"] = b["description"] or ""
    return 200, service_detail(s)


def set_datasets(s, b):
    if not isinstance(b, dict) or not isinstance(b.get("datasetIds"), list):
        return bad("datasetIds: required, the ids of a user, an item and an interaction dataset")
    ids = b["datasetIds"]
    if s["status"] in BUSY or s["status"] == "scheduled":
        return bad(f"service {s['serviceId']} is {s['status']}: its datasets cannot change now")
    found = {}
    for did in ids:
        x = DATASETS.get(did) if isinstance(did, str) else None
        if x is None:
            return not_found("dataset", did)
        if x["type"] in found:
            return bad(f"datasetIds: two {x['type']} datasets ({found[x['type']]}, {did})")
        found[x["type"]] = did
    missing = [t for t in DATASET_TYPES if t not in found]
    if missing or len(ids) != 3:
        return bad(f"datasetIds: all three types (user, item, interaction) are required; missing {', '.join(missing)}")
    for did in ids:
        if DATASETS[did]["status"] != "enable":  # (choice)
            return bad(f"datasetIds: dataset {did} is {DATASETS[did]['status']}, not enable")
    s["datasets"] = [found[t] for t in ("user", "interaction", "item")]
    s["updated"] = now()
    if s["status"] in ("datasetRequired", "drafted", "disable"):
        s["status"] = "learnable"
    return 200, service_detail(s)


def set_interval(s, b):
    if s["type"] != "interval":
        return bad(f"service {s['serviceId']} is a {s['type']} service; only interval services have an update cycle")
    if not isinstance(b, dict) or b.get("term") not in TERMS:
        return bad("term: hour1, hour3, hour6 or hour12")
    s["learningInterval"], s["updated"] = b["term"], now()
    if s["scheduledDate"] is not None:
        s["scheduledDate"] = now() + TERMS[b["term"]]
    return 200, service_detail(s)


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


# ---------------------------------------------------------------- trainings, updates, lookup
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


# ---------------------------------------------------------------- routing
def body_of(method, path, body):
    """(parsed body, error); every write's body is recorded for the driver."""
    b, e = parse_json(body)
    if e:
        return None, e
    record_write("aitems", method, path, b)
    return b, None


def handle(method, path, q, body):
    with LOCK:
        return route(method, path, q, body)


def route(method, path, q, body):
    # ---- services list / create
    if path == "/services" and method == "GET":
        items = window(q, [service_item(s) for s in SERVICES.values()])
        return (200, {"services": items}) if items is not None else bad("offset/limit")
    if path == "/services" and method == "POST":
        b, e = body_of(method, path, body)
        return e or create_service(b)
    # ---- datasets
    if path == "/datasets" and method == "GET":
        items = window(q, [dataset_item(x) for x in DATASETS.values()])
        return (200, {"datasets": items}) if items is not None else bad("offset/limit")
    if path == "/datasets" and method == "POST":
        b, e = body_of(method, path, body)
        return e or create_dataset(b)
    m = re.fullmatch(r"/datasets/([^/]+)", path)
    if m:
        x = DATASETS.get(m.group(1))
        if method == "GET":
            return (200, dataset_detail(x)) if x else not_found("dataset", m.group(1))
        if method in ("POST", "PUT", "DELETE"):
            b, e = body_of(method, path, body) if method != "DELETE" else (None, None)
            if method == "DELETE":
                record_write("aitems", method, path, None)
            if e:
                return e
            if x is None:
                return not_found("dataset", m.group(1))
            if method == "POST":
                return modify_dataset(x, b)
            if method == "PUT":
                if not isinstance(b, dict) or not isinstance(b.get("content"), str):
                    return bad("content: required (0 to 100 characters)")
                err = desc_ok(b["content"], "content")
                if err:
                    return bad(err)
                x["description"], x["updated"] = b["content"], now()
                return 200, dataset_detail(x)
            return delete_dataset(x)
        return None
    # ---- schemas
    if path == "/schemas" and method == "GET":
        dtype = qget(q, "datasetType")
        if dtype is not None and dtype not in DATASET_TYPES:
            return bad("datasetType: user, item or interaction")
        scs = [sc for sc in SCHEMAS.values() if dtype is None or sc["datasetType"] == dtype]
        return paged(q, "schemas", [schema_item(sc) for sc in scs])
    if path == "/schemas" and method == "POST":
        b, e = body_of(method, path, body)
        return e or create_schema(b)
    if path == "/schemas/default" and method == "GET":
        return default_schema(q)
    if path == "/schemas/validation-check" and method == "POST":
        b, e = body_of(method, path, body)
        return e or validate_schema(b)
    m = re.fullmatch(r"/schemas/([^/]+)", path)
    if m:
        sc = SCHEMAS.get(m.group(1))
        if method == "GET":
            return (200, schema_detail(sc)) if sc else not_found("schema", m.group(1))
        if method == "PUT":
            b, e = body_of(method, path, body)
            if e:
                return e
            if sc is None:
                return not_found("schema", m.group(1))
            if not isinstance(b, dict) or not isinstance(b.get("content"), str):
                return bad("content: required (0 to 100 characters)")
            err = desc_ok(b["content"], "content")
            if err:
                return bad(err)
            sc["description"] = b["content"]
            return 200, schema_detail(sc)
        if method == "DELETE":
            record_write("aitems", method, path, None)
            return delete_schema(m.group(1)) if sc else not_found("schema", m.group(1))
        return None
    # ---- services/{id}/...
    m = re.fullmatch(r"/services/([^/]+)(/.*)?", path)
    if not m:
        return None
    sid, rest = m.group(1), m.group(2) or ""
    s = SERVICES.get(sid)
    if rest == "":
        if method == "GET":
            return (200, service_detail(s)) if s else not_found("service", sid)
        if method == "DELETE":
            record_write("aitems", method, path, None)
            if s is None:
                return not_found("service", sid)
            del SERVICES[sid]
            return 200, {"result": "ok"}
        if method in ("POST", "PUT"):
            b, e = body_of(method, path, body)
            if e:
                return e
            if s is None:
                return not_found("service", sid)
            return train(s, b) if method == "POST" else edit_service(s, b)
        return None
    routes = [
        ("POST", r"/datasets", lambda b, g: set_datasets(s, b), True),
        ("PUT", r"/interval", lambda b, g: set_interval(s, b), True),
        ("PUT", r"/schedule", lambda b, g: schedule(s, q, b), True),
        ("GET", r"/trains", lambda b, g: trains_list(s, q), False),
        ("GET", r"/trains/([^/]+)/versions/([^/]+)", lambda b, g: train_get(s, g[0], g[1]), False),
        ("GET", r"/updates", lambda b, g: updates_list(s, q), False),
        ("GET", r"/infers/lookup", lambda b, g: lookup(s, q), False),
    ]
    for meth, pat, fn, has_body in routes:
        mm = re.fullmatch(pat, rest)
        if mm and method == meth:
            b = None
            if has_body:
                b, e = body_of(method, path, body)
                if e:
                    return e
            if s is None:
                return not_found("service", sid)
            return fn(b, mm.groups())
    mm = re.fullmatch(r"/datasets/([^/]+)", rest)
    if mm and method == "POST":
        b, e = body_of(method, path, body)
        if e:
            return e
        if s is None:
            return not_found("service", sid)
        ds = DATASETS.get(mm.group(1))
        if ds is None:
            return not_found("dataset", mm.group(1))
        return upload(s, ds, b)
    return None
