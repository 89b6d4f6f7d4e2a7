"""POST /v1/decide/batch decides an NDJSON body as it arrives: over a raw socket, the records of
the first lines come back before the rest of the body is sent, a line cut between two chunks is
one case, the connection is kept alive after, every record matches `clause eval` on the whole
body, a body that grows past --max-batch-body ends with its error line, and a body is NDJSON
whatever it holds (a case over several lines is an error record a line, as `clause eval` gives
for a file named request.ndjson)."""
import json
import os
import socket
import tempfile

from serve_harness import CASE, Checks, Server, eval_records

c = Checks()
s = Server(["--max-batch-body", "64K", "--request-timeout", "5"])


def case(i, **more):
    return json.dumps(dict(CASE, id="s%d" % i, **more))


class Conn:
    """HTTP/1.1 by hand: a chunked request sent a part at a time, a chunked response read as it
    comes."""

    def __init__(self):
        self.sock = socket.create_connection(("127.0.0.1", s.port), timeout=10)
        self.buf = b""

    def start(self, path, headers=""):
        self.sock.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                           "Content-Type: application/x-ndjson\r\n%s\r\n" % (path, headers))
                          .encode())

    def chunk(self, data):
        data = data.encode() if isinstance(data, str) else data
        self.sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if data else b"0\r\n\r\n")

    def _more(self):
        got = self.sock.recv(65536)
        if not got:
            raise EOFError("the server closed the connection")
        self.buf += got

    def _until(self, marker):
        while marker not in self.buf:
            self._more()
        at = self.buf.index(marker)
        out, self.buf = self.buf[:at], self.buf[at + len(marker):]
        return out

    def head(self):
        lines = self._until(b"\r\n\r\n").decode().split("\r\n")
        return int(lines[0].split()[1]), {k.lower(): v.strip() for k, v in
                                         (l.split(":", 1) for l in lines[1:])}

    def next_chunk(self):
        """The next chunk's bytes; b"" for the last one."""
        size = int(self._until(b"\r\n"), 16)
        while len(self.buf) < size + 2:
            self._more()
        data, self.buf = self.buf[:size], self.buf[size + 2:]
        if size == 0:
            return b""
        return data

    def records(self, count):
        """Reads chunks until `count` more records (lines) have come."""
        text = b""
        while text.count(b"\n") < count:
            data = self.next_chunk()
            if not data:
                break
            text += data
        return text.decode().splitlines()


# The records of the first part come back before the rest of the body is sent.
conn = Conn()
conn.start("/v1/decide/batch?now=2024-06-10T12:00:00Z")
body = "".join(case(i) + "\n" for i in range(3))
conn.chunk(body)
status, headers = conn.head()
c.equal(status, 200, "streamed batch: status")
c.equal(headers.get("transfer-encoding"), "chunked", "streamed batch: chunked response")
first = conn.records(3)
c.equal([json.loads(r)["id"] for r in first], ["s0", "s1", "s2"],
        "the first three records, before the rest of the body was sent")
# A line cut between two chunks, a blank line, a malformed line, CRLF, no newline at the end.
rest = case(3) + "\r\n\n{\"id\":\n" + case(4, actor={"roles": "AdminAgent"}) + "\n" + case(5)
conn.chunk(rest[:40])
conn.chunk(rest[40:])
body += rest
conn.chunk("")
records = first + conn.records(10)  # up to the last chunk
c.equal(len(records), 7, "one record per line, blank lines skipped")


def eval_ndjson(body, *args):
    """`clause eval` on the body as a file named request.ndjson."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "request.ndjson"), "w") as f:
            f.write(body)
        return eval_records(list(args) + ["request.ndjson"], cwd=tmp)


c.equal(records, eval_ndjson(body, "--now", "2024-06-10T12:00:00Z"),
        "records identical to `clause eval` on the whole body")
# The connection is kept alive: a second request on it.
conn.start("/v1/decide/batch")
conn.chunk(case(9) + "\n")
conn.chunk("")
status, _ = conn.head()
c.equal(status, 200, "a second batch on the same connection")
c.equal([json.loads(r)["id"] for r in conn.records(1)], ["s9"], "the second batch's record")

# A body that grows past --max-batch-body (64K) while it is streamed: the records decided so far,
# then its error line, then the connection is closed.
conn = Conn()
conn.start("/v1/decide/batch")
line = case(0) + "\n"
sent = 0
status = None
try:
    while sent < 70 * 1024:
        conn.chunk(line * 20)
        sent += len(line) * 20
        if status is None:
            status, _ = conn.head()
    conn.chunk("")
except (BrokenPipeError, ConnectionResetError):
    pass  # the server stopped reading past the limit
lines = []
try:
    while True:
        data = conn.next_chunk()
        if not data:
            break
        lines += data.decode().splitlines()
except (EOFError, ConnectionError):
    pass
c.equal(status, 200, "an over-long streamed batch: the status was sent first")
c.check(len(lines) > 20, "records before the limit", len(lines))
last = json.loads(lines[-1]) if lines else {}
c.equal(last.get("error", {}).get("code"), "BODY_TOO_LARGE", "the last line says why it ended")

# A case over several lines: NDJSON's error record a line, as `clause eval` gives.
pretty = json.dumps(dict(CASE, now="2024-06-10T12:00:00Z"), indent=2)
r = s.request("POST", "/v1/decide/batch", pretty)
c.equal(r.status, 200, "a pretty-printed case as a batch")
c.equal(r.body.decode().splitlines(), eval_ndjson(pretty), "its records are `clause eval`'s")

c.equal(s.stop(), 0, "the server exits 0")
c.done()
