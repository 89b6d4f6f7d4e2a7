#!/usr/bin/env python3
"""Mutation check of the test suite: applies each mutant of tests/mutation/mutants.yaml to a copy
of the tree, rebuilds, runs the tests, and reports which mutants survived (the tests still pass).

    tests/mutation/run.py [--check] [--only ID ...] [--copy DIR] [--tests REGEX]

--check only verifies that every mutant applies (its `from` text occurs exactly once in its file).
The copy (default /tmp/clause-mutation) holds the tracked files as they are in the working tree,
built once (Release) and tested once (every test must pass unmutated); each mutant then rebuilds
incrementally. Needs python3-yaml. Not part of `make test`:
it takes about a minute per mutant on two cores.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

import yaml  # python3-yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Tests that cannot see a change of meaning (formatting, the install, robustness limits) or take
# long for nothing here; every other ctest runs.
DEFAULT_EXCLUDE = "format|install|robustness|benchmark"


def load_mutants():
    with open(os.path.join(ROOT, "tests", "mutation", "mutants.yaml")) as f:
        return yaml.safe_load(f)["mutants"]


def applies(root, m):
    path = os.path.join(root, m["file"])
    with open(path) as f:
        text = f.read()
    return text.count(m["from"]) == 1, text


def sh(cmd, cwd, timeout=None):
    return subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout, text=True)


def prepare(copy):
    files = sh(["git", "ls-files", "-z"], ROOT).stdout.split("\0")
    for rel in filter(None, files):
        src, dst = os.path.join(ROOT, rel), os.path.join(copy, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if not os.path.exists(dst) or open(src, "rb").read() != open(dst, "rb").read():
            shutil.copyfile(src, dst)  # a fresh mtime, so the build sees the change
    build = os.path.join(copy, "build")
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        launcher = ["-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"] if shutil.which("ccache") else []
        r = sh(["cmake", "-S", ".", "-B", "build", "-DCMAKE_BUILD_TYPE=Release",
                "-DCLAUSE_BENCHMARKS=OFF"] + launcher, copy)
        if r.returncode:
            sys.exit(r.stdout)
    r = sh(["cmake", "--build", "build", "-j2"], copy)
    if r.returncode:
        sys.exit("the unmutated copy does not build:\n" + r.stdout[-3000:])


def test_command(args):
    cmd = ["ctest", "--test-dir", "build", "-j2", "--stop-on-failure", "--timeout", "300"]
    return cmd + (["-R", args.tests] if args.tests else ["-E", DEFAULT_EXCLUDE])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--copy", default="/tmp/clause-mutation")
    ap.add_argument("--tests", default=None, help="ctest -R regex (default: all but %s)"
                    % DEFAULT_EXCLUDE)
    args = ap.parse_args()
    mutants = load_mutants()
    ids = [m["id"] for m in mutants]
    if len(set(ids)) != len(ids):
        sys.exit("mutant ids must be unique")
    bad = [m["id"] for m in mutants if not applies(ROOT, m)[0]]
    if bad:
        sys.exit("these mutants do not apply (their `from` text must occur once): " + ", ".join(bad))
    if args.check:
        print("%d mutants, each applies" % len(mutants))
        return
    if args.only:
        mutants = [m for m in mutants if m["id"] in args.only]
    os.makedirs(args.copy, exist_ok=True)
    prepare(args.copy)
    # A mutant is killed when a test fails: every test must pass without one.
    baseline = sh(test_command(args), args.copy)
    if baseline.returncode:
        sys.exit("the tests fail on the unmutated copy:\n" + baseline.stdout[-3000:])
    killed, survived, broken = [], [], []
    for m in mutants:
        start = time.monotonic()
        ok, text = applies(args.copy, m)
        path = os.path.join(args.copy, m["file"])
        with open(path, "w") as f:
            f.write(text.replace(m["from"], m["to"]))
        try:
            b = sh(["cmake", "--build", "build", "-j2"], args.copy)
            if b.returncode:
                broken.append(m)
                verdict = "does not compile (counted as killed)"
            else:
                t = sh(test_command(args), args.copy)
                if t.returncode:
                    failed = [line.split(" - ", 1)[1].split(" (")[0].strip()
                              for line in t.stdout.splitlines() if " - " in line and "(Failed)" in line]
                    killed.append((m, failed))
                    verdict = "killed by " + (", ".join(failed[:3]) or "a failing test")
                else:
                    survived.append(m)
                    verdict = "SURVIVED"
        finally:
            with open(path, "w") as f:
                f.write(text)
        print("%-40s %-60s %4.0f s" % (m["id"], verdict, time.monotonic() - start), flush=True)
    total = len(mutants)
    dead = len(killed) + len(broken)
    print("\nscore: %d of %d killed (%.0f %%); %d did not compile" %
          (dead, total, 100.0 * dead / max(total, 1), len(broken)))
    for m in survived:
        print("survived: %s (%s): %s" % (m["id"], m["file"], m.get("what", "")))
    # Leave the copy built from the unmutated tree.
    sh(["cmake", "--build", "build", "-j2"], args.copy)


if __name__ == "__main__":
    main()
