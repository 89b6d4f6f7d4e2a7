"""The harness itself: exit codes, peak memory and records are what it says they are."""
from harness import Checks, mca_case, run

c = Checks("harness")
ok = run(["eval", "--policy", "rules/mca"], input_bytes=(mca_case("a") + "\n").encode())
c.check(ok.code == 0 and len(ok.lines()) == 1, "one case, one record, exit 0", ok)
c.check(ok.max_rss_kib > 1000, "peak memory of the child is measured", ok)
usage = run(["eval"])
c.check(usage.code == 2, "a usage error exits 2", usage)
c.finish()
