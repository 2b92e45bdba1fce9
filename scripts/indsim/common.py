"""Shared state and helpers of the independent server (standard library only).

Written from the vendor material (SPEC.md, /tmp/vendor_findings.md,
/tmp/vendor_more, tests/vendor/fixtures), never from ncdash's src/.
"""
import json
import random
import string
import threading
import time
from datetime import datetime, timedelta, timezone

KST = timezone(timedelta(hours=9))
LOCK = threading.RLock()
SYS = random.SystemRandom()  # ids of things created while running: random

# Every request body the services accepted for a write, for the driver to read
# (GET /_admin/writes): (time, service, method, path, parsed body or None).
WRITES = []


def now():
    return time.time()


def iso_kst(ts, ms=False):
    """2026-12-01T09:00:00+09:00 (NCLUE, DataForest style)."""
    return datetime.fromtimestamp(ts, KST).isoformat(timespec="milliseconds" if ms else "seconds")


def iso_local_ms(ts):
    """AiTEMS style, observed 2022: no zone, milliseconds: 2022-04-04T16:04:43.696."""
    return datetime.fromtimestamp(ts, KST).strftime("%Y-%m-%dT%H:%M:%S.") + f"{int((ts % 1) * 1000):03d}"


EPOCH_KST = "1970-01-01T09:00:00+09:00"  # DataForest's "not finished yet" (seed 004)

ALNUM_LOWER = string.ascii_lowercase + string.digits
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def aitems_id(rng=SYS):
    """11 lowercase letters/digits, like kzblozze40q (observed 2022)."""
    return "".join(rng.choice(ALNUM_LOWER) for _ in range(11))


def base62_id(rng=SYS):
    """22 base62 characters, like dN2vdAwrCMZdUzGKKiFy6Z (seed 004)."""
    return "".join(rng.choice(BASE62) for _ in range(22))


def gw_error(http, code, msg):
    """The API gateway's error body (SPEC 4.1)."""
    return http, {"error": {"errorCode": code, "message": msg}}


def parse_json(body):
    """(value, error response or None)."""
    if not body:
        return None, None
    try:
        return json.loads(body), None
    except ValueError as e:
        return None, gw_error(400, "100", f"bad request: body is not JSON ({e})")


def record_write(svc, method, path, obj):
    with LOCK:
        WRITES.append({"at": round(now(), 4), "service": svc, "method": method, "path": path, "body": obj})


def page_window(items, index, limit):
    """items are oldest first; answer newest first (what real NCLUE lists were seen to do
    is undocumented; newest first is the order ncdash's own simulator does not use)."""
    total = len(items)
    lo = max(0, total - index - limit)
    hi = max(0, total - index)
    return [dict(x) for x in reversed(items[lo:hi])]


def later(delay, fn, *args):
    t = threading.Timer(max(0.0, delay), fn, args)
    t.daemon = True
    t.start()
    return t
