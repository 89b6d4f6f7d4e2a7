"""A 1 000 000-case NDJSON batch with 5 % malformed lines of every kind the reader has lost or
mishandled (a NUL byte, invalid UTF-8, a key given twice, a truncated line, a line larger than
lang::limits::max_case_bytes): exactly one record per line, in order, each malformed line its
own error record, and `--jobs 1` and `--jobs 2` byte-identical.

Under the ASan build (a binary under build-asan/) the batch is 50 000 cases: the same mix, at a
pace the sanitizers allow.
"""
import hashlib
import json
import os
import random

from harness import Checks, mca_case, run_to_file, temp_dir, under_asan

CASES = 50_000 if under_asan() else 1_000_000
TOO_BIG = 5 if under_asan() else 20  # each over 1 MiB: few, so the input stays small
MAX_CASE_BYTES = 1 << 20

rng = random.Random(13)
malformed = rng.sample(range(CASES), CASES // 20)
kinds = {}
for n, position in enumerate(malformed):
    kinds[position] = "too_big" if n < TOO_BIG else ("nul", "utf8", "duplicate", "truncated")[n % 4]


def line(i):
    kind = kinds.get(i)
    text = mca_case("c%d" % i).encode()
    if kind is None:
        return text
    if kind == "nul":
        return text[:40] + b"\0" + text[40:]
    if kind == "utf8":
        return text.replace(b'"c%d"' % i, b'"c%d\xff"' % i)
    if kind == "duplicate":
        return text.replace(b'"channel":"UI"', b'"channel":"UI","channel":"API"')
    if kind == "truncated":
        return text[:len(text) // 2]
    return text[:-1] + b',"pad":"' + b"x" * MAX_CASE_BYTES + b'"}'


# What each kind's error record says.
EXPECTED = {"nul": "unescaped control character U+0000", "utf8": "invalid UTF-8 byte 0xFF",
            "duplicate": "`channel` is given more than once",
            "too_big": "this case is larger than 1 MiB"}

c = Checks("ndjson batch")
with temp_dir() as d:
    cases = os.path.join(d, "cases.ndjson")
    with open(cases, "wb") as f:
        for i in range(CASES):
            f.write(line(i) + b"\n")
    digests = {}
    for jobs in ("1", "2"):
        out = os.path.join(d, "records-%s.ndjson" % jobs)
        r = run_to_file(["eval", "--policy", "rules/mca", "--now", "2024-06-10T12:00:00Z",
                         "--jobs", jobs], cases, out)
        c.check(r.code == 1, "--jobs %s: some records are errors, so exit 1" % jobs, r)
        c.check(r.max_rss_kib < 400 * 1024,
                "--jobs %s: memory stays flat (%d KiB)" % (jobs, r.max_rss_kib), r)
        c.check(b"internal error" not in r.stderr, "--jobs %s: no internal error" % jobs, r)
        digest = hashlib.sha256()
        count = wrong = errors = 0
        first_wrong = None
        with open(out, "rb") as f:
            for i, text in enumerate(f):
                digest.update(text)
                count += 1
                record = json.loads(text)
                is_error = "error" in record
                errors += is_error
                kind = kinds.get(i)
                # A key given twice is found in binding, once the case's id is read.
                expected_id = str(i + 1) if kind not in (None, "duplicate") else "c%d" % i
                said = record["error"]["message"] if is_error else ""
                if (record["id"] != expected_id or is_error != (kind is not None) or
                        (kind in EXPECTED and EXPECTED[kind] not in said)):
                    wrong += 1
                    first_wrong = first_wrong or (i, kinds.get(i), text[:200])
        digests[jobs] = digest.hexdigest()
        c.check(count == CASES, "--jobs %s: %d records for %d lines" % (jobs, count, CASES))
        c.check(wrong == 0, "--jobs %s: every record in its place, an error exactly where the "
                "line is malformed (%d wrong, first %r)" % (jobs, wrong, first_wrong))
        c.check(errors == len(kinds), "--jobs %s: %d error records for %d malformed lines"
                % (jobs, errors, len(kinds)))
    c.check(digests["1"] == digests["2"], "--jobs 1 and --jobs 2 write the same bytes")
c.finish()
