"""What every robustness test shares: run `clause` on a generated hostile input and measure it.

Each test_*.py here is one ctest (tests/CMakeLists.txt registers them): it builds its inputs in
a temporary directory (nothing large is committed), runs the binary given as argv[1], and checks
the outcome: record counts, exit codes, and time and memory bounds with generous margins (a
blow-up is 10x, not 10 %). A check that fails prints what it saw and the test exits 1.
"""
import os
import resource
import subprocess
import sys
import tempfile
import time


class Run:
    def __init__(self, code, stdout, stderr, seconds, max_rss_kib):
        self.code = code
        self.stdout = stdout
        self.stderr = stderr
        self.seconds = seconds
        self.max_rss_kib = max_rss_kib

    def lines(self):
        return self.stdout.splitlines()


def clause_binary():
    if len(sys.argv) < 2:
        sys.exit("usage: %s path/to/clause" % sys.argv[0])
    return sys.argv[1]


def source_dir():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(args, stdin=None, input_bytes=None, timeout=300, memory_limit_mib=None):
    """Runs clause with `args`; stdin is a file object, or `input_bytes` are piped in.

    Peak memory is measured in a child of its own (a fresh process's RUSAGE_CHILDREN), so runs
    do not see each other's peaks.
    """
    cmd = [os.path.abspath(clause_binary())] + list(args)
    probe = [sys.executable, "-c", _PROBE, str(memory_limit_mib or 0)] + cmd
    start = time.monotonic()
    streams = {"input": input_bytes} if input_bytes is not None else {
        "stdin": stdin if stdin is not None else subprocess.DEVNULL}
    done = subprocess.run(probe, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          cwd=source_dir(), **streams)
    seconds = time.monotonic() - start
    err = done.stderr
    marker = err.rfind(b"\n@rss ")
    rss = 0
    if marker >= 0:
        rss = int(err[marker + 6:].split()[0])
        err = err[:marker + 1]
    code = done.returncode
    return Run(code, done.stdout, err, seconds, rss)


def run_to_file(args, stdin_path, stdout_path, timeout=600, memory_limit_mib=None):
    """Like run(), for outputs too large to hold: standard input is read from the file
    `stdin_path` and standard output written to the file `stdout_path` (Run.stdout is empty)."""
    cmd = [os.path.abspath(clause_binary())] + list(args)
    probe = [sys.executable, "-c", _PROBE, str(memory_limit_mib or 0)] + cmd
    start = time.monotonic()
    with open(stdin_path, "rb") as given, open(stdout_path, "wb") as out:
        done = subprocess.run(probe, stdin=given, stdout=out, stderr=subprocess.PIPE,
                              timeout=timeout, cwd=source_dir())
    seconds = time.monotonic() - start
    err = done.stderr
    marker = err.rfind(b"\n@rss ")
    rss = 0
    if marker >= 0:
        rss = int(err[marker + 6:].split()[0])
        err = err[:marker + 1]
    return Run(done.returncode, b"", err, seconds, rss)


_sanitized = None


def under_asan():
    """The ASan+UBSan build runs the same scripts, many times slower: they scale down there.
    Told by the binary itself (its ASan runtime), wherever it was built."""
    global _sanitized
    if _sanitized is None:
        with open(clause_binary(), "rb") as binary:
            _sanitized = b"__asan_init" in binary.read()
    return _sanitized


# Runs the command as a child, optionally under an address-space limit, then reports the child's
# peak resident memory on stderr and exits with its code (a signal as 128 + its number).
_PROBE = r"""
import resource, subprocess, sys
limit = int(sys.argv[1])
def pre():
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit << 20, limit << 20))
p = subprocess.run(sys.argv[2:], preexec_fn=pre)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write("\n@rss %d\n" % rss)
code = p.returncode
sys.exit(128 - code if code < 0 else code)
"""


class Checks:
    def __init__(self, name):
        self.name = name
        self.failed = 0
        self.passed = 0

    def check(self, ok, what, run=None):
        if ok:
            self.passed += 1
            return
        self.failed += 1
        print("FAIL %s: %s" % (self.name, what))
        if run is not None:
            print("  exit %d, %.2f s, %d KiB" % (run.code, run.seconds, run.max_rss_kib))
            print("  stdout: %r" % run.stdout[:600])
            print("  stderr: %r" % run.stderr[:600])

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed))
        sys.exit(1 if self.failed else 0)


def temp_dir():
    return tempfile.TemporaryDirectory(prefix="clause-robustness-")


# One valid MCA case as NDJSON, with an id.
def mca_case(case_id):
    return ('{"id":"%s","now":"2024-06-10T12:00:00Z","partner":{"tenantId":'
            '"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"DirectBill"},"actor":{"roles":'
            '["AdminAgent"],"channel":"UI"},"customer":{"tenantId":'
            '"8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34","isNew":true},"purchase":{"kind":"NewOrder"}}'
            % case_id)
