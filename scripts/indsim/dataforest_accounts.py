"""DataForest accounts/getDetail with HDFS quotas, and a submit over a quota (/df/api/v2).

Written from the vendor pages (analytics-dataforest-accounts-getdetail, ko/en/ja; datatypes
GetAccountDetailResponse and QuotaResponse): {success, id, name, status, createdAt, quotas:
[{namespace, fileCountMillion, spaceTb}]}, one quota per HDFS namespace, `koya` (the default)
and `tata`, each 1 (million files) and 200 (TB) by default. The pages give no usage; this
server holds one per namespace so a quota can be full: IND_HDFS_USAGE="tata=1000000:12,koya=0:0"
(files:TB; default: tata's files used up). An aiapps/submit whose data.output writes to a full
namespace (hdfs://NS/..., any other path is in koya) is refused {success:false, message:
"exceeded limit on resource quota"} after the submit's own checks. Everything else goes on
to dataforest.py.
"""
import os

import dataforest
from common import LOCK, parse_json, record_write

QUOTAS = [{"namespace": "koya", "fileCountMillion": 1, "spaceTb": 200},
          {"namespace": "tata", "fileCountMillion": 1, "spaceTb": 200}]
USAGE = {}
for part in os.environ.get("IND_HDFS_USAGE", "tata=1000000:0").split(","):
    if "=" in part:
        ns, used = part.split("=", 1)
        files, _, tb = used.partition(":")
        USAGE[ns.strip()] = (int(files or 0), float(tb or 0))


def namespace_of(path):
    if isinstance(path, str) and path.startswith("hdfs://"):
        return path[len("hdfs://"):].split("/", 1)[0] or "koya"
    return "koya"


def full(ns):
    q = next((q for q in QUOTAS if q["namespace"] == ns), None)
    files, tb = USAGE.get(ns, (0, 0.0))
    return q is not None and (files >= q["fileCountMillion"] * 1_000_000 or tb >= q["spaceTb"])


def handle(method, path, q, body):
    if method == "POST" and path == "/accounts/getDetail":
        b, e = parse_json(body)
        if e:
            return e
        aid = b.get("id") if isinstance(b, dict) else None
        if not isinstance(aid, str) or not dataforest.B62.fullmatch(aid):
            return dataforest.fail("id: base62, at most 22 characters")
        with LOCK:
            if aid != dataforest.ACCOUNT["id"]:
                return dataforest.fail(f"no account {aid}", 404)
            a = dataforest.ACCOUNT
            return 200, {"success": True, "message": "", "id": a["id"], "name": a["name"], "status": a["status"],
                         "createdAt": a["createdAt"], "quotas": [dict(x) for x in QUOTAS]}
    if method == "POST" and path == "/aiapps/submit":
        b, e = parse_json(body)
        if not e and isinstance(b, dict) and dataforest.check_submit(b) is None:
            outputs = (b.get("data") or {}).get("output") or []
            if any(full(namespace_of(o.get("hdfs"))) for o in outputs if isinstance(o, dict)):
                record_write("df", method, path, b)
                return dataforest.fail("exceeded limit on resource quota")
    return dataforest.handle(method, path, q, body)
