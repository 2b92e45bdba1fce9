"""AiTEMS simulator: datasets (create, modify, delete) and the timed ingest of their
Object Storage file."""
from aitems_store import (BUSY, DATASET_TYPES, DATASETS, DS_DEL_S, DS_PROC_S, DS_WAIT_S, LETTER_NAME_RE,
                          SCHEMAS)
from aitems_views import bad, connected, dataset_detail, desc_ok
from common import LOCK, SYS, aitems_id, later, now


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
