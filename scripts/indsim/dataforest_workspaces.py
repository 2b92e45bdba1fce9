"""DataForest AI workspaces (/df/api/v2/aiworkspaces/...), from the vendor's pages
analytics-dataforest-aiworkspaces-{getdetail,create,delete,setconfiguration,
getconfigurationlist,checkavailablename} (ko, en, ja; docs/dataforest-calls.md). getList
stays in dataforest.py. getDockerImageList has no page that could be read: a body
{"type": "tensorflow"|"pytorch"} and contents of {name, type, version} are assumed.

Rules: ids base62, at most 22; a name at most 15, a lowercase letter first, then lowercase
letters, digits and '-', no '--', not ending in '-'; a description at most 255; the
configuration (AiAppTypeSpec) keeps the aiapps/submit rules of data, docker and resource.
A create over the account's limit (IND_WS_LIMIT, default 4) answers the vendor's
"exceeded limit on resource quota"; a delete while an app of the workspace runs is refused.
"""
import os
import re

import dataforest as df
from common import base62_id, iso_kst, now, record_write

LIMIT = int(os.environ.get("IND_WS_LIMIT", "4"))
NAME = re.compile(r"[a-z][a-z0-9-]{0,14}")
IMAGES = {"tensorflow": [("tensorflow-2.11", "2.11"), ("tensorflow-2.15", "2.15")],
          "pytorch": [("pytorch-2.1", "2.1"), ("pytorch-2.3", "2.3")]}
CONFIGS = {}  # workspace id -> [{configuration, createdAt, modifiedAt}]


def default_config(w):
    return {"configuration": {"data": {"input": [], "output": []},
                              "docker": {"image": w["imageVersion"], "command": "python run.py", "args": "",
                                         "env": {}, "exposeTcpPorts": []},
                              "name": w["name"], "queueName": "gpu",
                              "resource": {"cpuCount": 4, "gpuCount": 1, "gpuModel": "V100", "memoryMb": 16384},
                              "userPackageUri": ""},
            "createdAt": w["createdAt"], "modifiedAt": w["modifiedAt"]}


def configs(w):
    return CONFIGS.setdefault(w["id"], [default_config(w)])


def name_error(n):
    if not isinstance(n, str) or not n:
        return "name is required"
    if len(n) > 15:
        return "name: 15 characters at most"
    if not NAME.fullmatch(n) or "--" in n or n.endswith("-"):
        return "name: a lowercase letter first, then lowercase letters, digits and '-' (no '--', no '-' at the end)"
    return None


def id_error(b, key):
    v = b.get(key)
    return None if isinstance(v, str) and df.B62.fullmatch(v) else f"{key}: base62, at most 22 characters"


def config_error(c):
    if not isinstance(c, dict):
        return "configuration is required"
    if not isinstance(c.get("queueName"), str) or not c["queueName"]:
        return "configuration.queueName is required"
    # The submit rules, on a body that holds the configuration's blocks.
    probe = dict(c, aiWorkspaceId=df.WORKSPACES[0]["id"] if df.WORKSPACES else "x", namePrefix="ws")
    e = df.check_submit(probe) if df.WORKSPACES else None
    return f"configuration.{e}" if e else None


def find(b):
    e = id_error(b, "id")
    if e:
        return None, df.fail(e)
    w = next((x for x in df.WORKSPACES if x["id"] == b["id"]), None)
    return (w, None) if w else (None, df.fail(f"no AI workspace {b['id']}", 404))


def detail(w):
    out = {"success": True, "message": "", "accountId": df.ACCOUNT["id"]}
    out.update(w)
    out["contents"] = configs(w)
    return 200, out


def create(b):
    for e in (id_error(b, "accountId"), name_error(b.get("name")), config_error(b.get("configuration"))):
        if e:
            return df.fail(e)
    d = b.get("description")
    if d is not None and (not isinstance(d, str) or len(d) > 255):
        return df.fail("description: 255 characters at most")
    if b["accountId"] != df.ACCOUNT["id"]:
        return df.fail(f"no account {b['accountId']}", 404)
    if any(w["name"] == b["name"] for w in df.WORKSPACES):
        return df.fail(f"name {b['name']} is in use")
    if len(df.WORKSPACES) >= LIMIT:
        return df.fail("exceeded limit on resource quota")
    t = iso_kst(now())
    w = {"accountName": df.ACCOUNT["name"], "createdAt": t, "description": d or "", "disabled": False,
         "id": base62_id(), "imageVersion": b["configuration"]["docker"]["image"], "modifiedAt": t, "name": b["name"]}
    df.WORKSPACES.append(w)
    CONFIGS[w["id"]] = [{"configuration": b["configuration"], "createdAt": t, "modifiedAt": t}]
    return 200, {"success": True, "message": "", "id": w["id"]}


def delete(w):
    busy = [a["name"] for a in df.APPS if a["workspaceName"] == w["name"]
            and a["state"] not in ("FINISHED", "FAILED", "KILLED")]
    if busy:
        return df.fail(f"AI workspace {w['name']} cannot be deleted: {len(busy)} AI app(s) running", 409)
    df.WORKSPACES.remove(w)
    CONFIGS.pop(w["id"], None)
    return 200, {"success": True, "message": "", "id": w["id"]}


def set_configuration(w, b):
    e = config_error(b.get("configuration"))
    if e:
        return df.fail(e)
    t = iso_kst(now())
    CONFIGS[w["id"]] = [{"configuration": b["configuration"], "createdAt": configs(w)[0]["createdAt"], "modifiedAt": t}]
    w["imageVersion"], w["modifiedAt"] = b["configuration"]["docker"]["image"], t
    return 200, {"success": True, "message": ""}


def handle(path, b):
    """The workspace calls beyond getList (called with dataforest's lock held); None: not one of them."""
    if not path.startswith("/aiworkspaces/") or path == "/aiworkspaces/getList":
        return None
    b = b if isinstance(b, dict) else {}
    call = path.rsplit("/", 1)[1]
    if call in ("create", "delete", "setConfiguration"):
        record_write("df", "POST", path, b)
    if call == "create":
        return create(b)
    if call == "checkAvailableName":
        e = id_error(b, "accountId") or name_error(b.get("name"))
        if e:
            return df.fail(e)
        taken = any(w["name"] == b["name"] for w in df.WORKSPACES)
        return 200, {"success": True, "availableName": not taken, "message": "name in use" if taken else ""}
    if call == "getDockerImageList":
        t = b.get("type")
        if t not in IMAGES:
            return df.fail("type: tensorflow or pytorch")
        items = [{"name": n, "type": t, "version": v} for n, v in IMAGES[t]]
        return 200, {"success": True, "message": "", "total": len(items), "contents": items}
    w, err = find(b)
    if err:
        return err
    if call == "getDetail":
        return detail(w)
    if call == "getConfigurationList":
        c = configs(w)
        return 200, {"success": True, "message": "", "total": len(c), "contents": c}
    if call == "delete":
        return delete(w)
    if call == "setConfiguration":
        return set_configuration(w, b)
    return None


df.MORE_CALLS.append(handle)
