#!/usr/bin/env python3
"""The language server under an author's typing: N edits of rules/mca/attest.clause through
`clause lsp`, each answered by new diagnostics of the whole MCA bundle (the edits alternately
misspell and restore a let's name, so every one changes what is published). Prints the time from
sending an edit to receiving its diagnostics (median, 95th percentile, worst) and the server's
resident memory after the edits. Usage:
  benchmarks/lsp_edits.py [EDITS]        (default 10000; CLAUSE=path/to/clause, else build/bin/clause)
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def receive(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise SystemExit("the server stopped")
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return json.loads(proc.stdout.read(length))


def memory_kib(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def main():
    edits = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    clause = os.environ.get("CLAUSE", "build/bin/clause")
    root = os.path.abspath("rules/mca")
    path = os.path.join(root, "attest.clause")
    uri = "file://" + urllib.parse.quote(path)
    text = open(path, encoding="utf-8").read().splitlines()
    line = next(i for i, l in enumerate(text) if l.strip() == "when not hasAttestRole")
    column = text[line].index("hasAttestRole") + len("hasAttestRole")
    proc = subprocess.Popen([clause, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"rootUri": "file://" + urllib.parse.quote(root), "capabilities": {}}})
    receive(proc)
    send(proc, {"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": uri, "languageId": "clause", "version": 1,
                                            "text": open(path, encoding="utf-8").read()}}})
    latencies = []
    for i in range(edits):
        at = {"line": line, "character": column}
        if i % 2 == 0:  # hasAttestRole -> hasAttestRolex: an unknown name
            change = {"range": {"start": at, "end": at}, "text": "x"}
        else:
            change = {"range": {"start": at, "end": {"line": line, "character": column + 1}},
                      "text": ""}
        start = time.perf_counter()
        send(proc, {"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": i + 2},
                               "contentChanges": [change]}})
        while True:
            message = receive(proc)
            if message.get("method") == "textDocument/publishDiagnostics" and \
                    message["params"]["uri"] == uri:
                break
        latencies.append((time.perf_counter() - start) * 1000)
        errors = len(message["params"]["diagnostics"])
        if errors != (1 if i % 2 == 0 else 0):
            raise SystemExit(f"edit {i}: {errors} diagnostics")
    rss, peak = memory_kib(proc.pid)
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    receive(proc)
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=10)
    latencies.sort()
    print(f"edits: {edits} of rules/mca/attest.clause, each answered by the bundle's diagnostics")
    print(f"latency: median {statistics.median(latencies):.2f} ms, "
          f"p95 {latencies[int(len(latencies) * 0.95) - 1]:.2f} ms, worst {latencies[-1]:.2f} ms")
    print(f"memory after the edits: {rss / 1024:.1f} MiB resident, peak {peak / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
