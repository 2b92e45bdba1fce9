"""AiTEMS simulator: services (create, edit, set datasets, set the update cycle)."""
from aitems_store import BUSY, DATASET_TYPES, DATASETS, NAME_RE, TERMS, add_service
from aitems_views import bad, desc_ok, not_found, service_detail
from common import now


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

