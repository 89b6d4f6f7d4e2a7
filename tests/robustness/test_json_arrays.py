"""A `.json` file was read whole, parsed whole and copied element by element: a 1 GiB array took
several GiB. It is now read twice in pieces (once to check that it parses, as the contract wants
a file that does not parse to be one error record and nothing else; once to hand out its cases),
so memory stays flat: on one line or many, from a file, a pipe (copied to a temporary file for
the second reading) or standard input redirected from a file. A syntax error at the very end is
still the file's one record.

Under the ASan build the arrays are a tenth as long and the memory bound looser (the sanitizers'
quarantine keeps freed memory).
"""
import json
import os
import subprocess
import threading

from harness import Checks, clause_binary, mca_case, run, source_dir, temp_dir, under_asan

EVAL = ["eval", "--policy", "rules/mca", "--now", "2024-06-10T12:00:00Z"]

c = Checks("json arrays")
count = 8_000 if under_asan() else 80_000
flat_kib = (1024 if under_asan() else 100) * 1024


def ids(r):
    return [json.loads(line)["id"] for line in r.lines()]


expected = ["c%d" % i for i in range(count)]

with temp_dir() as d:
    lines = os.path.join(d, "lines.json")
    with open(lines, "w") as f:
        f.write("[\n" + ",\n".join("  " + mca_case(i) for i in expected) + "\n]\n")
    one_line = os.path.join(d, "one-line.json")
    with open(one_line, "w") as f:
        f.write("[" + ",".join(mca_case(i) for i in expected) + "]")
    size = os.path.getsize(one_line)

    for name, path in (("an array over many lines", lines), ("an array on one line", one_line)):
        r = run(EVAL + [path], timeout=300)
        got = ids(r)
        c.check(r.code == 0 and got == expected, name + ": a record per element, in order", r)
        c.check(r.max_rss_kib < flat_kib,
                "%s of %d bytes: memory flat (%d KiB)" % (name, size, r.max_rss_kib), r)

    # Standard input: a pipe (no extension, so sniffed as JSON), and redirected from a file.
    with open(one_line, "rb") as f:
        piped = f.read()
    r = run(EVAL, input_bytes=piped, timeout=300)
    c.check(r.code == 0 and ids(r) == expected, "a JSON array piped in: every record", r)
    c.check(r.max_rss_kib < flat_kib, "a JSON array piped in: memory flat (%d KiB)"
            % r.max_rss_kib, r)
    with open(lines, "rb") as f:
        r = run(EVAL, stdin=f, timeout=300)
    c.check(r.code == 0 and ids(r) == expected, "a JSON array redirected from a file", r)

    # Standard input that starts part way into a file: read again from there, not from the start.
    with open(os.path.join(d, "offset.json"), "w") as f:
        f.write("skipped\n[" + mca_case("x") + "]\n")
    reader = subprocess.run(
        ["sh", "-c", 'read -r skip; exec "$0" "$@"', os.path.abspath(clause_binary())] + EVAL,
        stdin=open(os.path.join(d, "offset.json"), "rb"), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, cwd=source_dir(), timeout=60)
    got = [json.loads(x)["id"] for x in reader.stdout.splitlines()]
    c.check(reader.returncode == 0 and got == ["x"],
            "standard input part way into a file: read again from there (%r, %r)"
            % (reader.stdout[:200], reader.stderr[:200]))

    # A named pipe with a `.json` name: not a regular file either.
    fifo = os.path.join(d, "fifo.json")
    os.mkfifo(fifo)

    def feed():
        with open(fifo, "wb") as f:
            f.write(b"[" + mca_case("p1").encode() + b",\n" + mca_case("p2").encode() + b"]\n")

    writer = threading.Thread(target=feed)
    writer.start()
    r = run(EVAL + [fifo], timeout=60)
    writer.join()
    c.check(r.code == 0 and ids(r) == ["p1", "p2"], "a JSON array from a named pipe", r)

    # A syntax error at the very end: the file's one error record, located, and no case runs.
    broken = os.path.join(d, "broken.json")
    with open(broken, "w") as f:
        f.write("[\n" + ",\n".join("  " + mca_case(i) for i in expected) + "\n}\n")
    r = run(EVAL + [broken, lines], timeout=300)
    got = [json.loads(x) for x in r.lines()]
    c.check(r.code == 1 and len(got) == count + 1 and got[0]["id"] is None and
            got[0]["error"]["line"] == count + 2 and
            got[0]["error"]["message"].endswith(
                ":%d:1: expected `,` or `]` after an array element, found `}`" % (count + 2)) and
            [x["id"] for x in got[1:]] == expected,
            "a syntax error at the end of a big array: one record for the file, the next file "
            "runs", r)

    # An element larger than a case may be: its error record, the others run.
    big = os.path.join(d, "big-element.json")
    with open(big, "w") as f:
        f.write("[" + mca_case("a") + ",\n" + mca_case("big").replace(
            '"id"', '"note":"%s","id"' % ("n" * (1 << 20))) + ",\n" + mca_case("b") + "]\n")
    r = run(EVAL + [big], timeout=60)
    got = [json.loads(x) for x in r.lines()]
    c.check(r.code == 1 and [x["id"] for x in got] == ["a", "2", "b"] and
            "larger than 1 MiB" in got[1]["error"]["message"],
            "an element too big: its error record between the others", r)

    # A pipe that cannot be copied (no writable temporary directory): the file's error record.
    env_run = subprocess.run(
        [os.path.abspath(clause_binary())] + EVAL, input=b"[" + mca_case("t").encode() + b"]",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=source_dir(), timeout=60,
        env=dict(os.environ, TMPDIR=os.path.join(d, "missing")))
    got = [json.loads(x) for x in env_run.stdout.splitlines()]
    c.check(env_run.returncode == 1 and len(got) == 1 and got[0]["id"] is None and
            "temporary file" in got[0]["error"]["message"],
            "no temporary directory for a piped JSON array: one clear error record (%r)"
            % env_run.stdout[:300])

c.finish()
