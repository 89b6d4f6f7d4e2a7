#!/usr/bin/env python3
"""Runs one scripted language-server session (tests/lsp/NAME.session) through `clause lsp` and
compares every message the server sends with NAME.expected (UPDATE_GOLDEN=1 rewrites it).

A session file holds one JSON-RPC message per line, sent with its Content-Length header; `#` lines
are comments. `${ROOT}` is the repository's root as a file URI (in what is sent and what is
compared, so goldens do not depend on where the checkout is); `${TEXT:path}` is the text of a file
of the repository, as the inside of a JSON string (a buffer's text, kept readable in its own file). A line starting with `RAW ` is a
Python string literal sent as it is, header included, to test framing. Replies are compared as
JSON with sorted keys, after the root is put back as `${ROOT}` and the server's version as
`${VERSION}`; request ids are the script's own, so they are compared as written.
"""
import ast
import json
import os
import re
import subprocess
import sys
import urllib.parse


def frames(data):
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            raise SystemExit(f"output ends inside a header: {data[:80]!r}")
        length = None
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None or len(rest) < length:
            raise SystemExit(f"bad frame header: {head!r}")
        out.append(json.loads(rest[:length]))
        data = rest[length:]
    return out


def main():
    clause, session, root = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
    root_uri = "file://" + urllib.parse.quote(root)
    payload = b""
    with open(session, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("RAW "):
                payload += ast.literal_eval(line[4:]).encode("utf-8")
                continue
            line = re.sub(r"\$\{TEXT:([^}]+)\}",
                          lambda m: json.dumps(open(os.path.join(root, m.group(1)),
                                                    encoding="utf-8").read())[1:-1], line)
            body = line.replace("${ROOT}", root_uri).encode("utf-8")
            payload += b"Content-Length: %d\r\n\r\n" % len(body) + body
    run = subprocess.run([clause, "lsp"], input=payload, capture_output=True, timeout=60)
    version = subprocess.run([clause, "--version"], capture_output=True, text=True).stdout.split()[-1]
    shown = []
    for message in frames(run.stdout):
        text = json.dumps(message, sort_keys=True, indent=1, ensure_ascii=False)
        text = text.replace(root_uri, "${ROOT}").replace(root, "${ROOT}")
        text = text.replace(f'"version": "{version}"', '"version": "${VERSION}"')
        shown.append(text)
    shown.append(f"exit code: {run.returncode}")
    got = "\n".join(shown) + "\n"
    if run.stderr:
        got += "stderr:\n" + run.stderr.decode("utf-8", "replace")
    expected_path = session[: -len(".session")] + ".expected"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        with open(expected_path, "w", encoding="utf-8") as f:
            f.write(got)
        print(f"updated {expected_path}")
        return 0
    with open(expected_path, encoding="utf-8") as f:
        expected = f.read()
    if got != expected:
        import difflib
        sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), got.splitlines(True),
                                                   expected_path, "got"))
        return 1
    # No answer may be a server's own failure, whatever the session sends.
    if '"code": -32603' in got:
        print("an internal error reached the client")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
