"""A key given twice in a case (JSON or YAML) was read as its last value, and a YAML tag that
contradicts the schema (`!!int 12` for a string) was ignored: a service in front of clause and
clause could read different values from one text. Each is now the case's error record naming the
key's path; the other cases run.
"""
import json

from harness import Checks, mca_case, run

EVAL = ["eval", "--policy", "rules/mca", "--now", "2024-06-10T12:00:00Z"]

c = Checks("duplicate keys and tags")


def errors(r):
    return [(x["id"], x["error"]["path"], x["error"]["message"]) if "error" in x else (x["id"],)
            for x in (json.loads(line) for line in r.lines())]


case = mca_case("k")
lines = [case.replace('"type":"DirectBill"', '"type":"DirectBill","type":"IndirectReseller"'),
         case.replace('{"id":"k",', '{"id":"k","id":"other",'),
         case.replace('"channel":"UI"', '"channel":"UI","ch\\u0061nnel":"API"'),
         mca_case("fine")]
r = run(EVAL, input_bytes=("\n".join(lines) + "\n").encode())
got = errors(r)
c.check(r.code == 1 and len(got) == 4, "JSON: a record per line", r)
c.check(len(got) == 4 and got[0][:2] == ("k", "partner.type") and
        got[0][2] == "`type` is given more than once: a field may appear once" and
        got[1][:2] == ("2", "id") and got[2][:2] == ("k", "actor.channel") and
        got[3] == ("fine",), "JSON: each duplicate named by its path", r)

yaml = ("id: y1\nid: y2\n---\nid: t\nnow: 2024-06-10T12:00:00Z\npartner: {tenantId: !!int 12, "
        "type: DirectBill}\n---\nid: u\npartner: {tenantId: !secret abc, type: DirectBill}\n---\n"
        + mca_case("fine") + "\n")
r = run(EVAL + ["-"], input_bytes=yaml.encode())
got = errors(r)
c.check(len(got) == 4 and got[0][:2] == ("1", "id") and
        got[1] == ("t", "partner.tenantId", "expected a string, found the number `12`") and
        got[2][:2] == ("u", "partner.tenantId") and "`!secret`" in got[2][2] and
        got[3] == ("fine",), "YAML: a duplicate key and tags that contradict the schema", r)
c.finish()
