"""Every route of `clause serve` and every error status it answers, each saying what was wrong:
decide (200, 400 for unreadable JSON and for a wrong query parameter, 422 for a case that does not
fit), batch, policy, healthz, readyz, metrics, 404, 405 with Allow, 413, 431, 408, 503 past
--max-connections, keep-alive, and X-Request-Id echoed."""
import json
import socket
import time

from serve_harness import CASE, Checks, Server, metric, wait_for

c = Checks()
s = Server(["--request-timeout", "0.5", "--max-body", "64K", "--max-batch-body", "256K",
            "--max-header", "2K", "--max-connections", "4", "--now", "2024-06-10T12:00:00Z"])
try:
    # Keep-alive: three requests on one connection.
    conn = s.connection()
    for i in range(3):
        r = s.decide(CASE, conn=conn)
        c.equal(r.status, 200, "decide on a kept-alive connection, request %d" % i)
    conn.close()
    record = r.json()
    c.equal(record["decisions"]["template"]["outcome"], "document", "a template document")
    c.check(r.body.endswith(b"}\n"), "a record is one line", r.body)

    r = s.decide(CASE, "?locale=ja-JP&explain&param.attestArticleRoles=true")
    c.equal(r.status, 200, "decide with query parameters")
    c.check("rules" in r.json()["decisions"]["template"], "?explain names the rules", r.body)

    r = s.request("POST", "/v1/decide", b"{\"id\":", {"X-Request-Id": "abc-123"})
    c.equal(r.status, 400, "unreadable JSON")
    c.equal(r.header("X-Request-Id"), "abc-123", "the client's request id is echoed")
    body = r.json()
    c.equal(body["error"]["code"], "INVALID_INPUT", "unreadable JSON: the contract's error record")
    c.check("request.json:1:7" in body["error"]["message"], "the error says where", body)

    r = s.decide({"id": "bad", "partner": {"type": "Reseller"}})
    c.equal(r.status, 422, "a case that does not fit the schema")
    c.equal(r.json()["id"], "bad", "422: the case's id")
    c.check(r.json()["error"]["path"].startswith("partner"), "422 names the field", r.body)

    r = s.decide("[]")
    c.equal(r.status, 400, "an array to /v1/decide")
    c.check("/v1/decide/batch" in r.json()["error"]["help"], "the array's error says where to go")
    c.equal(s.decide("").status, 400, "an empty body")

    for query, word in [("?now=yesterday", "`now=yesterday` is not a datetime"),
                        ("?locale=ja_JP", "`locale=ja_JP` is not a language tag"),
                        ("?param.nope=1", "nope"),
                        ("?param.attestArticleRoles=maybe", "expected"),
                        ("?explian", "unknown query parameter `explian`"),
                        ("?now=%zz", "hexadecimal")]:
        r = s.decide(CASE, query)
        c.equal(r.status, 400, "query %s" % query)
        c.check(word in r.json()["error"]["message"], "query %s says why" % query, r.body)

    batch = "\n".join([json.dumps(CASE), "{\"id\":", "", "not json", json.dumps(CASE)]) + "\n"
    r = s.request("POST", "/v1/decide/batch", batch)
    c.equal(r.status, 200, "batch")
    lines = r.body.decode().splitlines()
    c.equal(len(lines), 4, "batch: one record per non-blank line")
    c.equal([json.loads(x).get("id") for x in lines], ["contoso", "2", "3", "contoso"],
            "batch: records in order, malformed lines by their place among the cases")
    c.check("request.ndjson:2:" in lines[1], "a malformed line's error says where", lines[1])
    c.equal(r.header("Transfer-Encoding"), "chunked", "batch records are streamed")
    r = s.request("POST", "/v1/decide/batch?now=nope", batch)
    c.equal(r.status, 400, "batch with a wrong query parameter")

    r = s.request("GET", "/v1/policy")
    c.equal(r.status, 200, "policy")
    p = r.json()
    c.equal((p["name"], p["lastReloadError"]), ("mca", None), "policy name, no reload error")
    c.check(p["digest"].startswith("sha256:") and len(p["digest"]) == 71, "digest", p)
    c.check(p["loadedAt"].endswith("Z"), "loadedAt", p)
    c.equal(s.request("GET", "/healthz").status, 200, "healthz")
    c.equal(s.request("GET", "/readyz").status, 200, "readyz")

    r = s.request("GET", "/v1/nothing")
    c.equal(r.status, 404, "unknown route")
    c.check("POST /v1/decide" in r.json()["error"]["help"], "404 lists the routes", r.body)
    r = s.request("GET", "/v1/decide")
    c.equal((r.status, r.header("Allow")), (405, "POST"), "wrong method: 405 with Allow")
    r = s.request("DELETE", "/metrics")
    c.equal((r.status, r.header("Allow")), (405, "GET"), "DELETE /metrics")

    r = s.request("POST", "/v1/decide", b"{" + b" " * (70 << 10) + b"}")
    c.equal(r.status, 413, "a body over --max-body")
    c.check("65536" in r.json()["error"]["message"], "413 says the limit", r.body)
    r = s.request("POST", "/v1/decide/batch", (json.dumps(CASE) + "\n") * 200)
    c.equal(r.status, 200, "a batch body over --max-body, under --max-batch-body")
    r = s.request("GET", "/healthz", headers={"X-Padding": "x" * 4096})
    c.equal(r.status, 431, "headers over --max-header")

    # 408: headers started and never finished, within --request-timeout.
    raw = socket.create_connection(("127.0.0.1", s.port), timeout=5)
    raw.sendall(b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
    started = time.monotonic()
    answer = raw.recv(4096).decode()
    raw.close()
    c.check(answer.startswith("HTTP/1.1 408"), "a request that does not arrive whole: 408", answer)
    c.check(time.monotonic() - started < 3, "408 comes after --request-timeout")

    # 503: past --max-connections (4), while 4 idle connections are open.
    # Closed connections are counted out once the server sees them close: wait for that (the
    # one left is the metrics request's own).
    c.check(wait_for(lambda: metric(s.metrics(), "clause_serve_connections") == 1, 5),
            "every earlier connection closed")
    held = [socket.create_connection(("127.0.0.1", s.port), timeout=5) for _ in range(6)]
    time.sleep(0.3)
    answers = []
    for h in held:
        h.settimeout(0.2)
        try:
            answers.append(h.recv(4096).decode())
        except socket.timeout:
            answers.append(None)
    refused = [a for a in answers if a is not None]
    c.check(len(refused) >= 2 and all(a.startswith("HTTP/1.1 503") and "TOO_MANY_CONNECTIONS" in a
                                      for a in refused),
            "connections past --max-connections: 503", answers)
    c.check(answers.count(None) <= 4, "no more than --max-connections served at once", answers)
    for h in held:
        h.close()
    time.sleep(0.2)
    c.equal(s.request("GET", "/healthz").status, 200, "connections free again")

    m = s.metrics()
    c.check(metric(m, "clause_serve_requests_total", '{route="/v1/decide",status="200"}') >= 4,
            "metrics count requests by route and status", m)
    c.check(metric(m, "clause_serve_requests_total", '{route="/v1/decide",status="422"}') == 1,
            "metrics count 422s", m)
    c.check(metric(m, "clause_serve_decisions_total",
                   '{decision="template",outcome="document"}') >= 4, "metrics count decisions", m)
    c.check(metric(m, "clause_serve_error_records_total") >= 4, "metrics count error records", m)
    c.check('clause_serve_request_duration_seconds_bucket{route="/v1/decide",le="+Inf"}' in m,
            "a latency histogram", m)
    c.check('digest="%s"' % p["digest"] in m, "the digest as a label", m)
    c.check(metric(m, "clause_serve_refused_connections_total") >= 2, "refused connections", m)
finally:
    code = s.stop()
c.equal(code, 0, "exit code after SIGTERM")
c.done()
