"""AiTEMS simulator: schemas (create, validation check, default, delete)."""
from aitems_store import DATASET_TYPES, DATASETS, FIELD_TYPES, LETTER_NAME_RE, REQUIRED_FIELDS, SCHEMAS, d
from aitems_views import bad, desc_ok, qget, schema_detail, schema_fields
from common import now


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
