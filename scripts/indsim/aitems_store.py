"""AiTEMS simulator state: settings from the environment, the stores every call reads and
changes, the helpers that add records, and the seeded world (see aitems.py for the sources
and the timings). The stores are only ever changed in place, so the other aitems_* modules
share them by importing them from here.
"""
import os
import random
import re

from common import aitems_id, iso_local_ms, now

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
