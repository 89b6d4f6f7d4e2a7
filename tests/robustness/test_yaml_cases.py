"""YAML cases that were silently cut short, blew up or ended the run: a document holding more than
one node (only the first was kept), aliases expanding a small case into gigabytes, a top-level
list of cases loaded whole (25 MB took 1.4 GB; under a memory limit the run ended with
`internal error: std::bad_alloc` and no records), a case larger than
lang::limits::max_case_bytes, and invalid UTF-8 passed through to the output. Each is now an
error record for its case (or streamed), and the run goes on.

Under the ASan build the big list is a tenth as long, its memory bound is looser (the
sanitizers' quarantine keeps freed memory), and the memory-limit run is skipped (the sanitizers
reserve more address space than any such limit).
"""
import json
import os

from harness import Checks, mca_case, run, temp_dir, under_asan

EVAL = ["eval", "--policy", "rules/mca", "--now", "2024-06-10T12:00:00Z"]
MAX_CASE_BYTES = 1 << 20

c = Checks("yaml cases")


def records(r):
    return [json.loads(line) for line in r.lines()]


def error(record):
    return record.get("error", {}).get("message", "")


with temp_dir() as d:
    def write(name, text):
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())
        return path

    # More than one node in a document: an error record for it; the next document still runs.
    path = write("trailing.yaml", "{id: a} {id: b}\n---\nhello\n---\n\"text\"\nid: c\n---\n" +
                 mca_case("d") + "\n")
    r = run(EVAL + [path])
    got = records(r)
    c.check(r.code == 1 and [x["id"] for x in got] == ["1", "2", "3", "d"],
            "four documents, four records", r)
    c.check(len(got) == 4 and "more content after the case" in error(got[0]) and
            "more content after the case" in error(got[2]) and
            "found the string `hello`" in error(got[1]),
            "two nodes in a document is an error; a lone scalar is a case that does not bind", r)

    # Aliases: 300 KB of text expanding to tens of gigabytes. One error record, quickly.
    note = "n" * 150_000
    bomb = ("note: &n " + note + "\nid: bomb\npartner: {tenantId: t, type: DirectBill}\n"
            "actor: {roles: [AdminAgent], channel: UI}\ncustomer:\n  tenantId: t\n"
            "  priorPurchases: [" + ", ".join(["{category: AzurePlan, partnerTenantId: *n}"] * 3000)
            + "]\n")
    path = write("bomb.yaml", bomb + "---\n" + mca_case("after") + "\n")
    r = run(EVAL + [path], timeout=120)
    got = records(r)
    c.check(len(got) == 2 and got[0]["id"] == "bomb" and
            "once its YAML aliases are expanded" in error(got[0]) and got[1]["id"] == "after",
            "an alias bomb in a case: its error record, then the next case", r)
    c.check(r.seconds < 20 and r.max_rss_kib < 300 * 1024,
            "an alias bomb: time and memory bounded (%.1f s, %d KiB)"
            % (r.seconds, r.max_rss_kib), r)

    # A 25 MB top-level list of cases is streamed: memory stays flat.
    count = 8_000 if under_asan() else 80_000
    big_list = write("list.yaml", "".join("- " + mca_case("c%d" % i) + "\n" for i in range(count)))
    r = run(EVAL + [big_list], timeout=300)
    got = r.lines()
    c.check(r.code == 0 and len(got) == count, "a top-level list: a record per item", r)
    c.check(len(got) == count and json.loads(got[-1])["id"] == "c%d" % (count - 1),
            "a top-level list: the last item last", r)
    # ASan's quarantine holds freed memory back (256 MiB by default): a looser bound there.
    c.check(r.max_rss_kib < (1024 if under_asan() else 100) * 1024,
            "a top-level list of %d bytes: memory flat (%d KiB)"
            % (os.path.getsize(big_list), r.max_rss_kib), r)
    if not under_asan():
        r = run(EVAL + [big_list], memory_limit_mib=300, timeout=300)
        c.check(r.code == 0 and len(r.lines()) == count and b"internal error" not in r.stderr,
                "a top-level list under a 300 MiB memory limit: every record", r)

    # A case larger than the limit, in a list and as a document: one error record each.
    huge = "- id: huge\n  notes:\n" + "".join("    - " + "h" * 1000 + "\n"
                                              for _ in range(MAX_CASE_BYTES // 1000 + 10))
    path = write("huge.yaml", "- " + mca_case("a") + "\n" + huge + "- " + mca_case("b") +
                 "\n---\n" + mca_case("c") + "\n---\n" + huge[2:].replace("\n  ", "\n") +
                 "---\n" + mca_case("e") + "\n")
    r = run(EVAL + [path])
    got = records(r)
    c.check([x["id"] for x in got] == ["a", "2", "b", "c", "5", "e"],
            "cases larger than the limit: one error record each, in place", r)
    c.check(len(got) == 6 and "this case is larger than 1 MiB" in error(got[1]) and
            "this case is larger than 1 MiB" in error(got[4]),
            "the error names the limit", r)

    # Invalid UTF-8: the message JSON gives, for YAML too; nothing reaches the output raw.
    path = write("bad.yaml", b'id: "a\xff"\n---\n' + mca_case("ok").encode() + b"\n")
    r = run(EVAL + [path])
    got = records(r) if b"\xff" not in r.stdout else []
    c.check(len(got) == 2 and error(got[0]).endswith(":1:7: invalid UTF-8 byte 0xFF") and
            got[1]["id"] == "ok", "invalid UTF-8 in YAML: an error record, as in JSON", r)
    r = run(EVAL, input_bytes=b'{"id":"a\xff"}\n')
    c.check(b"invalid UTF-8 byte 0xFF" in r.stdout, "the same message for JSON", r)
c.finish()
