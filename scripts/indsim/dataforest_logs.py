"""Container log pages of AI apps, as YARN's NodeManager serves them (the `logUrl` of an
AiAppContainer, analytics-dataforest-aiapps-getdetail / common-vapidatatype-aiappcontainer:
"AI 앱 로그 URL"; the pages say nothing of its format, so this follows YARN's
/node/containerlogs/{containerId}/{user} plain-text page). Outside the API gateway: no
signature, not counted, not rate limited. A line every 2 s while the app runs, a closing
line once it ended; the text never changes once served. Range is ignored unless
IND_LOG_RANGE=1 (a 200 with the whole page: the reader must skip what it has).
Every request's header names are kept: GET /node/containerlogs/_hits lists them.
"""
import json
import os

import dataforest
from common import LOCK, iso_kst, now

PREFIX = "/node/containerlogs/"
RANGE = os.environ.get("IND_LOG_RANGE", "") == "1"
HITS = []  # {"path", "headers": [names]}


def find(cid):
    for a in dataforest.APPS:
        for name, c in dataforest.containers(a).items():
            if c["containerId"] == cid:
                return a, name
    return None, None


def text(a, name, cid):
    out = [f"Container: {cid} on df-nm-01.kr.df.naverncp.com_8041", "LogAggregationType: LOCAL",
           "=" * 68, "LogType:stdout", "LogContents:"]
    start = a["started"]
    end = a["finished"] if a["state"] in ("FINISHED", "FAILED", "KILLED") else None
    until = min(end or now(), now())
    n = max(0, int((until - start) // 2))
    for i in range(min(n, 20000)):
        colour = "\x1b[33mWARN\x1b[0m" if i % 7 == 6 else "INFO"
        out.append(f"{iso_kst(start + 2 * i)} {colour} {name}: epoch {i // 10 + 1} batch {i % 10 + 1}")
    if end:
        out.append(f"{iso_kst(end)} INFO {name}: exit ({a['state']})")
        out.append("End of LogType:stdout")
    return ("\n".join(out) + "\n").encode()


def serve(h, path):
    """Answers GET PREFIX{cid}/{user} on the handler `h`."""
    with LOCK:
        HITS.append({"path": path, "headers": [k.lower() for k in h.headers.keys()]})
        if path == PREFIX + "_hits":
            return h.send_raw(200, json.dumps(HITS).encode(), "application/json")
        cid = path[len(PREFIX):].split("/")[0]
        a, name = find(cid)
        if a is None:
            return h.send_raw(404, f"Container {cid} not found\n".encode(), "text/plain")
        body = text(a, name, cid)
    r = h.headers.get("Range", "")
    if RANGE and r.startswith("bytes=") and r.endswith("-") and r[6:-1].isdigit():
        start = int(r[6:-1])
        if start >= len(body):
            return h.send_raw(416, b"", "text/plain", {"Content-Range": f"bytes */{len(body)}"})
        return h.send_raw(206, body[start:], "text/plain; charset=utf-8",
                          {"Content-Range": f"bytes {start}-{len(body) - 1}/{len(body)}"})
    return h.send_raw(200, body, "text/plain; charset=utf-8")
