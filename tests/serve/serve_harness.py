"""What the tests of `clause serve` share: a server started on 127.0.0.1 with an ephemeral port
(never any other address), requests over Python's http.client, and checks that say what they saw.

Each test_*.py here is one ctest (tests/CMakeLists.txt registers them) and takes the `clause`
binary as argv[1]. Timeouts are short on purpose: a test that waits is a test that failed.
"""
import http.client
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MCA = os.path.join(SOURCE_DIR, "rules", "mca")
NOW = "2024-06-10T12:00:00Z"

CASE = {
    "id": "contoso",
    "partner": {"tenantId": "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23", "type": "DirectBill"},
    "actor": {"roles": ["AdminAgent"], "channel": "UI"},
    "customer": {"tenantId": "8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34", "country": "CA",
                 "priorPurchases": [{"category": "AzurePlan"}]},
    "directAcceptance": {"intent": "NewPurchaseExistingPartner"},
    "templateRequest": {"templateId": "117a77b0-9360-443b-8795-c6dedc750cf9",
                        "language": "fr-FR"},
}


def clause_binary():
    if len(sys.argv) < 2:
        sys.exit("usage: %s path/to/clause" % sys.argv[0])
    return os.path.abspath(sys.argv[1])


def under_asan():
    return "build-asan" in clause_binary()


class Checks:
    """Collects failed checks; `done()` prints them and exits 1 when there are any."""

    def __init__(self):
        self.failures = []

    def check(self, ok, what, saw=None):
        if not ok:
            self.failures.append("%s%s" % (what, "" if saw is None else "\n    saw: %r" % (saw,)))
        return ok

    def equal(self, got, want, what):
        return self.check(got == want, "%s: want %r" % (what, want), got)

    def done(self):
        for f in self.failures:
            print("FAIL:", f)
        if self.failures:
            sys.exit(1)
        print("ok")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        return json.loads(self.body)


class Server:
    """`clause serve` on 127.0.0.1, port 0; the port is read from its first line of output."""

    def __init__(self, args, policy=MCA, timeout=20):
        self.stderr_file = tempfile.TemporaryFile()
        cmd = [clause_binary(), "serve", "--policy", policy, "--listen", "127.0.0.1:0",
               "--jobs", "2"] + list(args)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr_file,
                                     cwd=SOURCE_DIR)
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        line = self.proc.stdout.readline().decode() if ready else ""
        found = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not found:
            self.proc.kill()
            sys.exit("the server did not start: %r\n%s" % (line, self.stderr()))
        self.port = int(found.group(1))

    def connection(self, timeout=10):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None):
        own = conn is None
        conn = conn or self.connection()
        if isinstance(body, str):
            body = body.encode()
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        out = Response(r.status, r.getheaders(), r.read())
        if own:
            conn.close()
        return out

    def decide(self, case, query="", conn=None):
        body = case if isinstance(case, (str, bytes)) else json.dumps(case)
        return self.request("POST", "/v1/decide" + query, body, conn=conn)

    def metrics(self):
        return self.request("GET", "/metrics").body.decode()

    def signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, timeout=20):
        """SIGTERM, then the exit code (None when it did not exit in time)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None

    def stderr(self):
        self.stderr_file.seek(0)
        return self.stderr_file.read().decode(errors="replace")


def metric(text, name, labels=""):
    """The value of one sample of the metrics text, or None."""
    for line in text.splitlines():
        if line.startswith(name + labels + " ") or (labels == "" and line.startswith(name + " ")):
            return float(line.split()[-1])
    return None


def eval_records(args, cwd=SOURCE_DIR):
    """`clause eval --format json ARGS`: its records, one string per line."""
    done = subprocess.run([clause_binary(), "eval", "--policy", MCA, "--format", "json"] + args,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd, timeout=120)
    if done.returncode not in (0, 1):
        sys.exit("clause eval failed: %s" % done.stderr.decode())
    return done.stdout.decode().splitlines()


def copy_bundle(into):
    """A copy of rules/mca to change: its policy files only (not its tests)."""
    target = os.path.join(into, "mca")
    shutil.copytree(MCA, target, ignore=shutil.ignore_patterns("tests", "examples", "README.md"))
    return target


def wait_for(predicate, seconds=10, step=0.05):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()
