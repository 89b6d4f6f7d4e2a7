"""Output that cannot be written stops the run with exit 3 and says why (a full disk, a closed pipe
with SIGPIPE ignored); control characters from cases never reach the terminal raw; the CLI's own
mistakes are usage errors; two string parameters both keep their values."""
import os
import signal
import subprocess
import time

from harness import Checks, clause_binary, mca_case, run, source_dir, temp_dir

c = Checks("cli output")
clause = os.path.abspath(clause_binary())

with temp_dir() as tmp:
    cases = os.path.join(tmp, "cases.ndjson")
    with open(cases, "w") as f:
        for i in range(200000):
            f.write(mca_case("c%d" % i) + "\n")

    # A full disk: every record lost would be silent with exit 0.
    with open("/dev/full", "wb") as full:
        done = subprocess.run([clause, "eval", "--policy", "rules/mca", cases], stdout=full,
                              stderr=subprocess.PIPE, cwd=source_dir(), timeout=300)
    c.check(done.returncode == 3, "a full disk exits 3 (got %d)" % done.returncode)
    c.check(b"no space left on device" in done.stderr, "and says why: %r" % done.stderr[-200:])

    # A reader that goes away, SIGPIPE ignored (as under many service managers): stop at once.
    start = time.monotonic()
    p = subprocess.Popen([clause, "eval", "--policy", "rules/mca", cases],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=source_dir(),
                         restore_signals=False,
                         preexec_fn=lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN))
    p.stdout.readline()
    p.stdout.close()
    err = p.stderr.read()
    code = p.wait(timeout=300)
    seconds = time.monotonic() - start
    c.check(code == 3, "a closed pipe with SIGPIPE ignored exits 3 (got %d)" % code)
    c.check(b"broken pipe" in err, "and says why: %r" % err[-200:])
    full_run = run(["eval", "--policy", "rules/mca", cases])
    c.check(full_run.code == 0 and len(full_run.lines()) == 200000, "the whole run", full_run)
    c.check(seconds < max(2.0, full_run.seconds / 2), "it stops early: %.2f s against %.2f s for "
            "the whole run" % (seconds, full_run.seconds))

    # `check` and `test` report a full disk too.
    with open("/dev/full", "wb") as full:
        done = subprocess.run([clause, "check", "rules/mca"], stdout=full, stderr=subprocess.PIPE,
                              cwd=source_dir(), timeout=300)
    c.check(done.returncode == 3, "check to a full disk exits 3 (got %d)" % done.returncode)

    # Two string parameters: each keeps its own value (a view into a growing vector once did not).
    bundle = os.path.join(tmp, "strings")
    os.makedirs(os.path.join(bundle, "tests"))
    with open(os.path.join(bundle, "policy.clause"), "w") as f:
        f.write('policy strings version "1"\n'
                'input { x: int }\n'
                'param first: string = "a"\n'
                'param second: string = "b"\n'
                'decision d\n  outcomes yes | no\n  combine collect\n  default yes\n'
                'rule r -> d\n  when x > 0\n  no SAID "{params.first}/{params.second}"\n')
    said = run(["eval", "--policy", bundle, "--param", "first=" + "F" * 40,
                "--param", "second=" + "S" * 40, "--param", "first=" + "G" * 50],
               input_bytes=b'{"x":1}\n')
    c.check(said.code == 0 and ("G" * 50 + "/" + "S" * 40).encode() in said.stdout,
            "both string parameters keep their values", said)

    # A binary file among a bundle's tests is a failure, not zero tests.
    with open(os.path.join(bundle, "tests", "blob.yaml"), "wb") as f:
        f.write(bytes(range(256)) * 4)
    tested = run(["test", bundle])
    # (Reported as a located mistake in the test file: `blob.yaml:1:1: error: ...`.)
    c.check(tested.code == 1 and b"blob.yaml:1:1: error:" in tested.stdout,
            "a binary test file fails", tested)

# Control characters in a case's id never reach the terminal raw.
evil = mca_case("a\\tb\\u001b]0;title\\u0007\\u009b2J").encode() + b"\n"
table = run(["eval", "--policy", "rules/mca", "--format", "table"], input_bytes=evil)
c.check(table.code == 0 and b"\x1b" not in table.stdout and b"\t" not in table.stdout
        and b"\xc2\x9b" not in table.stdout, "the table escapes control characters", table)
c.check(b"a\\tb\\x1b]0;title\\x07\\u009b2J" in table.stdout, "as readable escapes", table)
explained = run(["eval", "--policy", "rules/mca", "--format", "table", "--explain"],
                input_bytes=evil)
c.check(b"\x1b" not in explained.stdout, "explanations escape them too", explained)

# The CLI's own mistakes.
missing = run(["check", "/nonexistent/bundle"])
c.check(missing.code == 2, "check on no bundle is a usage error, as for eval and test", missing)
flag = run(["eval", "--policy", "rules/mca", "--explain=yes"])
c.check(flag.code == 2 and b"takes no value" in flag.stderr, "`--explain=yes`", flag)
c.finish()
