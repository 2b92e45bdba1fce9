"""AiTEMS simulator: the answer shapes (list items, details) built from the stored records,
and the small request helpers (offset/limit windows, error bodies, query values,
description checks).
"""
from aitems_store import DATASETS, DETAIL_TYPE, SERVICES, d
from common import gw_error


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
