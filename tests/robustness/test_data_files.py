"""Hostile YAML data files (the tables a bundle loads): nesting 100 000 `[` deep or 30 000 levels
of block sequences (which overflowed the stack in the readers) and alias bombs (449 bytes cost
1.4 GB and 4 s in `clause check`) are refused with an E0002 that names the place in the data
file, by `check`, `eval` and `test`, in bounded time and memory."""
import os
import re

from harness import Checks, run, temp_dir

POLICY = """policy data version "1"

input { id: string }

table rows: map<string, list<string>> from "rows.yaml"

decision d
  outcomes ok | no
  combine collect
  default ok

rule r -> d
  when "a" in rows
  no NO "no"
"""


def billion_laughs(levels, width):
    """`a0` is `width` strings; each next level a list of `width` aliases of the one before."""
    lines = ["a0: &a0 [%s]" % ", ".join(["lol"] * width)]
    for i in range(1, levels):
        lines.append("a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * width)))
    return "\n".join(lines) + "\n"


def block_mappings(depth):
    return "".join(" " * i + "k%d:\n" % i for i in range(depth)) + " " * depth + "x\n"


HOSTILE = {
    "flow-100000": ("a: " + "[" * 100000 + "\n", 1, 37),
    "flow-root-100000": ("[" * 100000 + "\n", 1, None),
    "block-sequences-30000": ("- " * 30000 + "x\n", 1, 69),
    "block-mappings-2000": (block_mappings(2000), None, None),
    "aliases-449-bytes": (billion_laughs(9, 9), 2, None),
    "aliases-wide": (billion_laughs(12, 10), 2, None),
}

c = Checks("data files")
with temp_dir() as root:
    case_file = os.path.join(root, "case.json")
    with open(case_file, "w") as f:
        f.write('{"id": "c1"}\n')
    for name, (data, line, column) in HOSTILE.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.join(path, "tests"))
        with open(os.path.join(path, "policy.clause"), "w") as f:
            f.write(POLICY)
        with open(os.path.join(path, "rows.yaml"), "w") as f:
            f.write(data)
        with open(os.path.join(path, "tests", "case.yaml"), "w") as f:
            f.write("id: c1\nexpect:\n  d: {outcome: ok, codes: [], warnings: []}\n")
        place = rb"rows\.yaml:%s:%s: error\[E0002\]" % (
            str(line).encode() if line else rb"\d+", str(column).encode() if column else rb"\d+")
        for args, code in ((["check", path], 1), (["eval", "--policy", path, case_file], 2),
                           (["test", path], 2)):
            r = run(args)
            what = "%s (%d bytes): clause %s" % (name, len(data), args[0])
            c.check(r.code == code, "%s exits %d (a signal is 128+)" % (what, code), r)
            c.check(re.search(place, r.stderr) is not None,
                    "%s names the place in rows.yaml of an E0002" % what, r)
            c.check(r.seconds < 10, "%s within 10 s" % what, r)
            c.check(r.max_rss_kib < 300 * 1024, "%s within 300 MiB" % what, r)
    c.check(len(billion_laughs(9, 9)) <= 600, "the small bomb is a few hundred bytes")
c.finish()
