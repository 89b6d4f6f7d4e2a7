"""Cases near the size limit (lang::limits::max_case_bytes) were held 2 048 to a page, two pages at
a time: a stream of them could take gigabytes before a record came out. Pages of cases are now
bounded by bytes too, so memory stays bounded by a few tens of megabytes whatever the cases' sizes,
with one thread or two.

Under the ASan build the stream is a quarter as long and the memory bound looser (the sanitizers'
quarantine keeps freed memory).
"""
import json
import os

from harness import Checks, mca_case, run_to_file, temp_dir, under_asan

EVAL = ["eval", "--policy", "rules/mca", "--now", "2024-06-10T12:00:00Z"]
c = Checks("big cases")
count = 100 if under_asan() else 400
bound_mib = 1024 if under_asan() else 200

with temp_dir() as d:
    cases = os.path.join(d, "big.ndjson")
    filler = "x" * (900 << 10)
    with open(cases, "w") as f:
        for i in range(count):
            f.write(mca_case("c%d" % i).replace('"id"', '"note":"%s","id"' % filler) + "\n")
    for jobs in ("1", "2"):
        out = os.path.join(d, "records-%s.ndjson" % jobs)
        r = run_to_file(EVAL + ["--jobs", jobs], cases, out, timeout=600)
        with open(out) as f:
            got = [json.loads(line)["id"] for line in f]
        c.check(r.code in (0, 1) and got == ["c%d" % i for i in range(count)],
                "--jobs %s: %d cases of 900 KiB, a record each, in order" % (jobs, count), r)
        c.check(r.max_rss_kib < bound_mib * 1024,
                "--jobs %s: %d MiB of cases in %d MiB of memory (bound %d)"
                % (jobs, os.path.getsize(cases) >> 20, r.max_rss_kib >> 10, bound_mib), r)

c.finish()
