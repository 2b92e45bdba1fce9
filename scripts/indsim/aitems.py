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

Modules: aitems.py (this one: the entry point `handle` and the routing), aitems_store.py
(settings, stores, seeded world), aitems_views.py (answer shapes, request helpers),
aitems_schemas.py, aitems_datasets.py, aitems_services.py, aitems_trainings.py (training,
lookup), aitems_uploads.py (cycle-data upload, interval updates).
"""
import re

from aitems_datasets import create_dataset, delete_dataset, modify_dataset
from aitems_schemas import create_schema, default_schema, delete_schema, validate_schema
from aitems_services import create_service, edit_service, set_datasets, set_interval
from aitems_store import DATASET_TYPES, DATASETS, SCHEMAS, SERVICES, UPLOADS  # noqa: F401 (server.py reads UPLOADS)
from aitems_trainings import lookup, schedule, train, train_get, trains_list
from aitems_uploads import updates_list, upload
from aitems_views import (bad, dataset_detail, dataset_item, desc_ok, not_found, paged, qget, schema_detail,
                          schema_item, service_detail, service_item, window)
from common import LOCK, now, parse_json, record_write


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
