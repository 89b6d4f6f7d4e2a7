"""benchmarks/generate_realistic.py still makes the cases eval_throughput.sh's figures are about:
the same bytes for the same seed, sizes, non-ASCII share and decisions per case as described,
about 5 % of lines that do not fit the input schema, each giving exactly one error record in its
place, and decisions that do not all come out the same, on 2 000 cases.

Usage: python3 tests/benchmarks/test_generate_realistic.py path/to/clause (from the source tree).
"""
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATOR = os.path.join(SOURCE, "benchmarks", "generate_realistic.py")
CASES = 2000
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def generate(*extra):
    done = subprocess.run([sys.executable, GENERATOR, "--cases", str(CASES), "--report"] +
                          list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True)
    fields = done.stderr.split()
    return done.stdout, int(fields[3]), int(fields[5])


text, invalid, _ = generate()
again, _, _ = generate("--seed", "20")
check(text == again, "the default seed is 20 and gives the same bytes every time")
other, _, _ = generate("--seed", "7")
check(other != text, "another seed gives other cases")

lines = text.split(b"\n")
check(lines[-1] == b"" and len(lines) == CASES + 1, "one case a line, %d lines" % (len(lines) - 1))
lines = lines[:-1]
sizes = [len(line) + 1 for line in lines]
mean, median = statistics.mean(sizes), statistics.median(sizes)
check(790 <= mean <= 890 and 740 <= median <= 840 and max(sizes) <= 2300,
      "sizes: mean %.0f B (840), median %.0f B (790), max %d B (~2 KB)" %
      (mean, median, max(sizes)))
check(sum(1 for s in sizes if 300 <= s <= 2048) >= 0.97 * CASES,
      "sizes: all but truncated lines between 300 B and 2 KB")
non_ascii = sum(1 for line in lines if b"\\u" in line or max(line) >= 0x80) / CASES
check(0.24 <= non_ascii <= 0.32, "non-ASCII cases: %.1f %% (28 %%)" % (100 * non_ascii))
escaped = sum(1 for line in lines if b"\\u" in line and max(line) < 0x80)
check(escaped >= 0.02 * CASES, "some non-ASCII cases written with \\u escapes: %d" % escaped)
check(0.035 <= invalid / CASES <= 0.065, "invalid cases: %d (%.1f %%, 5 %%)" %
      (invalid, 100 * invalid / CASES))

with tempfile.NamedTemporaryFile(suffix=".ndjson") as f:
    f.write(text)
    f.flush()
    done = subprocess.run([sys.argv[1], "eval", "--policy", "rules/mca", "--format", "json",
                           f.name], cwd=SOURCE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
check(done.returncode == 1, "clause eval exits 1 (some records are errors): %d" % done.returncode)
records = [json.loads(line) for line in done.stdout.splitlines()]
check(len(records) == CASES, "one record per line: %d" % len(records))
in_order = all(r["id"] == str(n) or r["id"].startswith("c%d-" % n)
               for n, r in enumerate(records, 1))
check(in_order, "records in input order (id cN-... or the line number N)")
errors = [r["error"] for r in records if "error" in r]
check(len(errors) == invalid, "exactly the invalid cases are error records: %d of %d made" %
      (len(errors), invalid))
check(all(e["code"] == "INVALID_INPUT" for e in errors), "every error is INVALID_INPUT")
kinds = collections.Counter(
    "malformed line" if e["path"] == "" else
    "date" if e["path"] == "now" or e["path"].endswith("dateAgreed") else "field"
    for e in errors)
check(len(kinds) == 3 and min(kinds.values()) >= 0.05 * len(errors),
      "errors of several kinds: %s" % dict(kinds))
fields = {e["path"].split("[")[0] for e in errors if e["path"] not in ("", "now")}
check(len(fields) >= 8, "errors at many field paths: %d" % len(fields))

decided = [r["decisions"] for r in records if "decisions" in r]
per_case = sum(len(d) for d in decided) / len(decided)
check(1.6 <= per_case <= 2.0, "decisions a case: %.2f (1.8)" % per_case)
outcomes = collections.Counter((name, d["outcome"]) for ds in decided for name, d in ds.items())
expected = {("attest", "accept"), ("attest", "reject"), ("purchase", "allow"),
            ("purchase", "block"), ("purchase", "prompt_attestation"),
            ("directAcceptance", "allow"), ("directAcceptance", "refuse"),
            ("directAcceptance", "reject"), ("template", "document"), ("template", "reject"),
            ("statusRead", "allow"), ("statusRead", "reject")}
check(expected <= set(outcomes), "every outcome of every decision occurs: missing %s" %
      sorted(expected - set(outcomes)))
for name in ("attest", "purchase", "directAcceptance", "template", "statusRead"):
    counts = [n for (d, _), n in outcomes.items() if d == name]
    check(max(counts) <= 0.9 * sum(counts), "%s: no outcome above 90 %% (%s)" %
          (name, {o: n for (d, o), n in outcomes.items() if d == name}))
codes = {c for ds in decided for d in ds.values() for c in d["codes"]}
check(len(codes) >= 15, "many codes occur: %d" % len(codes))

if failures:
    sys.exit("%d check(s) failed" % len(failures))
