"""NDJSON streams whose bytes once lost records: NUL bytes (a NUL swallowed the rest of its line
and the next), a UTF-8 byte order mark on standard input (the stream sniffed as YAML: one
record), and a malformed first line on standard input (the stream read whole as one JSON
document: one record, all of it in memory). Each line gets its own record, in order.

Under the ASan build the streams are a tenth as long.
"""
from harness import Checks, mca_case, run, under_asan

SCALE = 10 if under_asan() else 1
EVAL = ["eval", "--policy", "rules/mca", "--now", "2024-06-10T12:00:00Z"]

c = Checks("ndjson bytes")


def ids(r):
    import json
    return [json.loads(line)["id"] for line in r.lines()]


# NUL bytes: in a string, between members, a line of NULs only; 100 000 lines, 413 with NULs.
count = 100_000 // SCALE
lines = [mca_case("c%d" % i).encode() for i in range(count)]
nul_lines = set(range(7, count, count // 413))
for n, i in enumerate(sorted(nul_lines)):
    lines[i] = (b"\0", lines[i][:30] + b"\0" + lines[i][30:], lines[i][:-1] + b"\0}")[n % 3]
r = run(EVAL, input_bytes=b"\n".join(lines) + b"\n")
c.check(r.code == 1 and len(r.lines()) == count, "one record per line with NULs", r)
expected = [str(i + 1) if i in nul_lines else "c%d" % i for i in range(count)]
c.check(ids(r) == expected, "every record in its place, the NUL lines error records", r)

# A byte order mark before 100 000 NDJSON cases on standard input.
body = b"\n".join(mca_case("c%d" % i).encode() for i in range(count)) + b"\n"
r = run(EVAL, input_bytes=b"\xef\xbb\xbf" + body)
c.check(r.code == 0 and len(r.lines()) == count, "a BOM before NDJSON: every case decided", r)
c.check(ids(r)[:2] == ["c0", "c1"], "a BOM before NDJSON: the first case is the first record", r)

# A malformed first line, then 200 000 cases, on standard input: line by line, memory flat.
count = 200_000 // SCALE
for first in (b'{"id": "broken", "partner": {"tenantId": "5f2b', b'{"id" "broken"}', b'{"a":'):
    body = first + b"\n" + b"\n".join(mca_case("c%d" % i).encode() for i in range(count)) + b"\n"
    r = run(EVAL, input_bytes=body)
    c.check(r.code == 1 and len(r.lines()) == count + 1,
            "malformed first line %r: one record per line" % first[:12], r)
    got = ids(r)
    c.check(got[0] == "1" and got[1] == "c0" and got[-1] == "c%d" % (count - 1),
            "malformed first line %r: the error first, then every case in order" % first[:12], r)
    c.check(r.max_rss_kib < 60 * 1024 * (4 if under_asan() else 1),
            "malformed first line %r: memory stays flat (%d KiB)" % (first[:12], r.max_rss_kib),
            r)

# Invalid UTF-8 in one line of NDJSON on standard input: that line's error record only.
body = b"\n".join([b'{"id":"\xff"}', mca_case("a").encode(), mca_case("b").encode()]) + b"\n"
r = run(EVAL, input_bytes=body)
c.check(ids(r) == ["1", "a", "b"], "invalid UTF-8 in the first line: an error, then the cases", r)
c.check(b"invalid UTF-8 byte 0xFF" in r.stdout, "the error says which byte", r)
c.finish()
