"""Inputs that cannot be read were once read as empty: standard input that is a directory or is
closed, a file whose reads fail, gave no record and exit 0. Each is now one error record
`{"id":null,"error":{...,"file":...,"message":"cannot read ..."}}`, exit 1, and the other files
of the run still run. (An empty input is no case and no record, and exits 0.)
"""
import json
import os
import subprocess

from harness import Checks, clause_binary, mca_case, run, source_dir, temp_dir

EVAL = ["eval", "--policy", "rules/mca", "--now", "2024-06-10T12:00:00Z"]

c = Checks("input read errors")


def records(r):
    return [json.loads(line) for line in r.lines()]


def is_read_error(record, file, says):
    error = record.get("error", {})
    return (record.get("id", "") is None and error.get("file") == file and
            error.get("message", "").startswith("cannot read `%s`: " % file) and
            says in error.get("message", ""))


def shell_run(redirect, files, directory):
    script = '"$0" "$@" %s' % redirect
    return subprocess.run(["sh", "-c", script, os.path.abspath(clause_binary())] + EVAL + files,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                          cwd=source_dir(), env=dict(os.environ, DIR=directory))


with temp_dir() as d:
    good = os.path.join(d, "good.ndjson")
    with open(good, "w") as f:
        f.write(mca_case("g") + "\n")

    # Standard input that is a directory; standard input closed, then a file. (Through a shell:
    # the harness's probe is a Python process, which refuses such a standard input itself.)
    r = shell_run("< \"$DIR\"", [], d)
    got = [json.loads(line) for line in r.stdout.splitlines()]
    c.check(r.returncode == 1 and len(got) == 1 and is_read_error(got[0], "-", "is a directory"),
            "standard input that is a directory: one error record, exit 1 (exit %d, %r)"
            % (r.returncode, r.stdout[:300]))
    r = shell_run("<&-", ["-", good], d)
    got = [json.loads(line) for line in r.stdout.splitlines()]
    c.check(r.returncode == 1 and len(got) == 2 and
            is_read_error(got[0], "-", "standard input is closed") and got[1]["id"] == "g",
            "closed standard input: an error record, then the next file (exit %d, %r)"
            % (r.returncode, r.stdout[:300]))

    # A file whose reads fail (EIO), between two that read.
    r = run(EVAL + [good, "/proc/self/mem", good])
    got = records(r)
    c.check(r.code == 1 and len(got) == 3 and got[0]["id"] == "g" and
            is_read_error(got[1], "/proc/self/mem", "input/output error") and got[2]["id"] == "g",
            "a file whose reads fail: its error record between the others", r)

    # A directory named like a file of cases.
    folder = os.path.join(d, "cases.ndjson")
    os.mkdir(folder)
    r = run(EVAL + [folder])
    got = records(r)
    c.check(r.code == 1 and len(got) == 1 and is_read_error(got[0], folder, "is a directory"),
            "a directory named .ndjson: one error record", r)

    # A file without read permission (root reads it all the same: only checked as another user).
    if os.geteuid() != 0:
        locked = os.path.join(d, "locked.yaml")
        with open(locked, "w") as f:
            f.write("id: x\n")
        os.chmod(locked, 0)
        r = run(EVAL + [locked, good])
        got = records(r)
        c.check(r.code == 1 and len(got) == 2 and
                is_read_error(got[0], locked, "permission denied") and got[1]["id"] == "g",
                "an unreadable file: its error record, then the next file", r)
    else:
        print("note: running as root, the permission check is skipped")

    # Empty standard input: no case, no record, exit 0.
    r = run(EVAL, input_bytes=b"")
    c.check(r.code == 0 and r.stdout == b"", "empty standard input: nothing, exit 0", r)
c.finish()
