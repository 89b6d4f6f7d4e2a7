"""Hot reload of `clause serve`: a changed file is reloaded by itself (inotify), a broken bundle is
refused (the old one stays live, the error is in /v1/policy and the metrics, POST /v1/reload says
why with 422), SIGHUP reloads, and requests from several threads while the bundle is swapped back
and forth never fail and are always decided by one version or the other, whole."""
import json
import os
import signal
import tempfile
import threading

from serve_harness import CASE, Checks, Server, copy_bundle, metric, under_asan, wait_for

SWAPS = 8 if under_asan() else 30  # a load under ASan takes a good part of a second
REFUSE_TEXT = "Please reach out to your Partner"

c = Checks()
with tempfile.TemporaryDirectory() as tmp:
    bundle = copy_bundle(tmp)
    target = None
    for name in sorted(os.listdir(bundle)):
        path = os.path.join(bundle, name)
        if name.endswith(".clause") and REFUSE_TEXT in open(path, encoding="utf-8").read():
            target = path
    c.check(target is not None, "a file of the bundle holds the refusal message")
    original = open(target, encoding="utf-8").read()
    changed = original.replace(REFUSE_TEXT, "Please ask your Partner", 1)

    def write(text):
        # As a deploy does: a new file renamed over the old one.
        with open(target + ".new", "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(target + ".new", target)

    # Contract scenario r45: the customer must ask its partner (PARTNER_MUST_ATTEST).
    refusing = {
        "id": "r45", "partner": CASE["partner"], "actor": {"roles": ["AdminAgent"], "channel": "API"},
        "customer": {"tenantId": "8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34", "country": "SE",
                     "priorPurchases": [{"category": "ReservedInstance",
                                         "partnerTenantId": CASE["partner"]["tenantId"]}]},
        "directAcceptance": {"intent": "NewPurchaseExistingPartner"}}

    s = Server(["--now", "2024-06-10T12:00:00Z"], policy=bundle)
    try:
        first = s.request("GET", "/v1/policy").json()
        r = s.decide(refusing)
        c.check(REFUSE_TEXT in r.body.decode(), "the original message", r.body)

        # A good change, picked up from the files alone.
        write(changed)
        swapped = wait_for(lambda: s.request("GET", "/v1/policy").json()["digest"] != first["digest"])
        c.check(swapped, "a changed file is reloaded by itself")
        r = s.decide(refusing)
        c.check("Please ask your Partner" in r.body.decode(), "the new message is live", r.body)

        # A broken bundle: refused, the old one stays, the error is shown.
        live = s.request("GET", "/v1/policy").json()
        write(changed + "\nrule broken {\n")
        refused = wait_for(lambda: s.request("GET", "/v1/policy").json()["lastReloadError"])
        c.check(refused, "a broken bundle's error is in /v1/policy")
        p = s.request("GET", "/v1/policy").json()
        c.equal(p["digest"], live["digest"], "the live bundle stays after a refused reload")
        c.check("error" in (refused or {}).get("message", ""), "the error is the diagnostics", refused)
        c.equal(s.decide(refusing).status, 200, "decisions go on after a refused reload")
        m = s.metrics()
        c.check(metric(m, "clause_serve_reload_failures_total") >= 1, "failed reloads counted", m)
        c.equal(metric(m, "clause_serve_last_reload_failed"), 1.0, "the last reload failed")
        r = s.request("POST", "/v1/reload")
        c.equal(r.status, 422, "POST /v1/reload of a broken bundle")
        c.equal(r.json()["error"]["code"], "RELOAD_REFUSED", "the refusal's code")
        c.check("error[" in r.json()["error"]["message"], "the refusal says why", r.body)

        # Mended, then reloaded on request and on SIGHUP.
        write(original)
        wait_for(lambda: s.request("GET", "/v1/policy").json()["lastReloadError"] is None)
        r = s.request("POST", "/v1/reload")
        c.equal(r.status, 200, "POST /v1/reload of a good bundle")
        c.equal(r.json()["digest"], first["digest"], "the reloaded digest is the original's")
        before = s.request("GET", "/v1/policy").json()["reloads"]
        s.signal(signal.SIGHUP)
        c.check(wait_for(lambda: s.request("GET", "/v1/policy").json()["reloads"] > before),
                "SIGHUP reloads")

        # Requests on 3 threads while the bundle is swapped SWAPS times by writes and by
        # POST /v1/reload: every answer is 200 and decided wholly by one version.
        stop = threading.Event()
        seen = {"ok": 0, "bad": []}
        lock = threading.Lock()

        def ask():
            conn = s.connection()
            while not stop.is_set():
                r = s.decide(refusing, conn=conn)
                text = r.body.decode()
                whole = (REFUSE_TEXT in text) != ("Please ask your Partner" in text)
                with lock:
                    if r.status == 200 and whole:
                        seen["ok"] += 1
                    else:
                        seen["bad"].append((r.status, text))
            conn.close()

        threads = [threading.Thread(target=ask) for _ in range(3)]
        for t in threads:
            t.start()
        for i in range(SWAPS):
            write(changed if i % 2 == 0 else original)
            s.request("POST", "/v1/reload")
        stop.set()
        for t in threads:
            t.join()
        c.check(not seen["bad"], "no failed or mixed answer during reloads", seen["bad"][:2])
        c.check(seen["ok"] > SWAPS, "requests ran during the reloads", seen["ok"])
        c.check(s.request("GET", "/v1/policy").json()["reloads"] >= SWAPS, "the swaps happened")
    finally:
        code = s.stop()
    c.equal(code, 0, "exit code after SIGTERM")
    c.check("refused" in s.stderr(), "the refused reload is logged", s.stderr())
c.done()
