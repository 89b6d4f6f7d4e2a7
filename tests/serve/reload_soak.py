"""The reload soak `make tsan` runs: `clause serve` built with ThreadSanitizer answers requests
from several threads (single decisions and batches, on kept-alive connections) while its bundle is
swapped SWAPS times, alternately by rewriting a file (inotify) and by POST /v1/reload, with SIGHUPs
and a refused broken bundle among them. Passes when no request failed or mixed two versions and the
server exits 0 (TSAN_OPTIONS=halt_on_error=1 makes any race an exit code).

usage: reload_soak.py path/to/clause [SWAPS]   (default 300)
"""
import json
import os
import signal
import sys
import tempfile
import threading

from serve_harness import Checks, Server, copy_bundle

SWAPS = int(sys.argv[2]) if len(sys.argv) > 2 else 300
THREADS = 4
OLD, NEW = "Please reach out to your Partner", "Please ask your Partner"

REFUSING = {
    "partner": {"tenantId": "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23", "type": "DirectBill"},
    "actor": {"roles": ["AdminAgent"], "channel": "API"},
    "customer": {"tenantId": "8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34", "country": "SE",
                 "priorPurchases": [{"category": "ReservedInstance"}]},
    "directAcceptance": {"intent": "NewPurchaseExistingPartner"}}

c = Checks()
with tempfile.TemporaryDirectory() as tmp:
    bundle = copy_bundle(tmp)
    target = os.path.join(bundle, "direct_acceptance.clause")
    original = open(target, encoding="utf-8").read()
    changed = original.replace(OLD, NEW, 1)

    def write(text):
        with open(target + ".new", "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(target + ".new", target)

    s = Server(["--now", "2024-06-10T12:00:00Z", "--jobs", "3"], policy=bundle, timeout=60)
    stop = threading.Event()
    lock = threading.Lock()
    tally = {"ok": 0, "bad": []}

    def whole(text):
        return (OLD in text) != (NEW in text)

    def ask(n):
        conn = s.connection(timeout=30)
        batch = (json.dumps(REFUSING) + "\n") * 20
        while not stop.is_set():
            if n % 2:
                r = s.request("POST", "/v1/decide/batch", batch, conn=conn)
                lines = r.body.decode().splitlines()
                good = r.status == 200 and len(lines) == 20 and all(map(whole, lines))
                # One request, one version: every line of a batch names the same message.
                good = good and len({OLD in line for line in lines}) == 1
            else:
                r = s.decide(REFUSING, conn=conn)
                good = r.status == 200 and whole(r.body.decode())
            with lock:
                if good:
                    tally["ok"] += 1
                else:
                    tally["bad"].append((r.status, r.body[:300]))
        conn.close()

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    try:
        for i in range(SWAPS):
            write(changed if i % 2 == 0 else original)
            if i % 3 == 0:
                s.request("POST", "/v1/reload")
            elif i % 3 == 1:
                s.signal(signal.SIGHUP)
            if i % 50 == 25:
                write(original + "\nrule broken {\n")
                c.equal(s.request("POST", "/v1/reload").status, 422, "a broken bundle refused")
    finally:
        stop.set()
        for t in threads:
            t.join()
        code = s.stop(timeout=60)
    c.check(not tally["bad"], "no failed or mixed answer during %d swaps" % SWAPS, tally["bad"][:2])
    c.check(tally["ok"] > SWAPS, "requests ran during the swaps", tally["ok"])
    c.equal(code, 0, "the server exits 0: no race reported")
    if code != 0:
        print(s.stderr()[-4000:])
    print("%d requests during %d swaps" % (tally["ok"], SWAPS))
c.done()
