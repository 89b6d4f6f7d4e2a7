"""SIGTERM with requests in flight: the server stops accepting, closes idle connections, answers
the request it is reading (with `Connection: close`) and exits 0, and the decision log then holds a
line for every decided case (nothing lost on a clean shutdown). The log is rotated past its size,
and when its queue is full lines are dropped and counted, never waited for."""
import json
import os
import signal
import socket
import tempfile
import time

from serve_harness import CASE, Checks, Server, metric, wait_for

c = Checks()
with tempfile.TemporaryDirectory() as tmp:
    log = os.path.join(tmp, "decisions.ndjson")
    s = Server(["--decision-log", log, "--log-input", "--decision-log-max-bytes", "256K",
                "--request-timeout", "5"])
    try:
        line = json.dumps(CASE) + "\n"
        conn = s.connection()
        for _ in range(50):
            c.equal(s.decide(CASE, conn=conn, query="").status, 200, "a decision")
        r = s.request("POST", "/v1/decide/batch", line * 300)
        c.equal(len(r.body.splitlines()), 300, "a batch of 300")

        # In flight: a batch whose body is half sent when SIGTERM comes.
        idle = socket.create_connection(("127.0.0.1", s.port), timeout=5)
        body = (line * 100).encode()
        busy = socket.create_connection(("127.0.0.1", s.port), timeout=5)
        busy.sendall(b"POST /v1/decide/batch HTTP/1.1\r\nHost: t\r\nX-Request-Id: last\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 2])
        time.sleep(0.2)
        s.signal(signal.SIGTERM)
        time.sleep(0.2)
        try:
            closed = idle.recv(100) == b""
        except ConnectionResetError:
            closed = True
        c.check(closed, "an idle connection is closed at once")
        try:
            socket.create_connection(("127.0.0.1", s.port), timeout=1).close()
            c.check(False, "new connections are refused while stopping")
        except OSError:
            pass
        busy.sendall(body[len(body) // 2:])
        answer = b""
        while True:
            got = busy.recv(1 << 16)
            if not got:
                break
            answer += got
        head, _, rest = answer.partition(b"\r\n\r\n")
        # Its status went out before SIGTERM (a batch is answered as its body arrives): the
        # connection is closed after the answer (the loop above read to its end).
        c.check(head.startswith(b"HTTP/1.1 200"),
                "the request in flight is answered, and the connection closed", head)
        c.equal(rest.count(b'"decisions"'), 100, "every case of the request in flight decided")
        conn.close()
    finally:
        code = s.stop()
    c.equal(code, 0, "exit code 0 after SIGTERM with a request in flight")

    lines = []
    for name in (log + ".1", log):
        if os.path.exists(name):
            with open(name) as given:
                lines += given.read().splitlines()
    c.check(os.path.exists(log + ".1"), "the log was rotated past 256K (the lines weigh about 430K)")
    c.equal(len(lines), 450, "a log line per decided case, none lost at shutdown")
    entry = json.loads(lines[-1])
    c.equal(sorted(entry), ["decisions", "id", "input", "policyDigest", "requestId", "time"],
            "a log line's fields")
    c.equal(entry["requestId"], "last", "the request's id")
    c.equal(json.loads(entry["input"]), CASE, "--log-input: the case")
    c.check(entry["policyDigest"].startswith("sha256:"), "the digest that decided", entry)

    # A queue of one line: the writer cannot keep up with a batch, lines are dropped and counted.
    s = Server(["--decision-log", log, "--decision-log-queue", "1"])
    try:
        s.request("POST", "/v1/decide/batch", line * 2000)
        m = wait_for(lambda: (lambda m: m if metric(m, "clause_serve_decision_log_lines_total") +
                              metric(m, "clause_serve_decision_log_dropped_total") == 2000
                              else None)(s.metrics()), 5)
        c.check(m and metric(m, "clause_serve_decision_log_dropped_total") > 0,
                "a full queue drops lines and counts them", m)
    finally:
        c.equal(s.stop(), 0, "exit code")
c.done()
