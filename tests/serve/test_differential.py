"""`clause serve` writes the records `clause eval --format json` writes, byte for byte: every case
of rules/mca/examples/*.yaml and of the contract scenarios (as JSON), one by one on /v1/decide and
all at once on /v1/decide/batch, plain, with ?explain, ?locale and ?param; and bodies that do not
parse, as `clause eval request.json` reports them."""
import glob
import json
import os
import tempfile

import yaml

from serve_harness import MCA, NOW, Checks, Server, eval_records


class Loader(yaml.SafeLoader):
    """YAML near enough to the contract's reading: no implicit timestamps (dates stay text)."""


Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}

files = sorted(glob.glob(os.path.join(MCA, "examples", "*.yaml"))) + [
    os.path.join(MCA, "tests", "contract-scenarios.yaml")]
cases = []
for f in files:
    with open(f) as given:
        try:
            for doc in yaml.load_all(given, Loader=Loader):
                if isinstance(doc, dict):
                    doc.pop("expect", None)
                    cases.append(doc)
                elif isinstance(doc, list):
                    cases.extend(d for d in doc if isinstance(d, dict))
        except yaml.YAMLError:
            pass  # a malformed document ends its file here; the cases before it are kept

c = Checks()
c.check(len(cases) > 150, "cases read from the examples and scenarios", len(cases))
texts = [json.dumps(x, separators=(",", ":")) for x in cases]

variants = [("", []), ("?explain", ["--explain"]), ("?locale=ja-JP", ["--locale", "ja-JP"]),
            ("?param.attestArticleRoles=true&param.futureGranularity=instant",
             ["--param", "attestArticleRoles=true", "--param", "futureGranularity=instant"])]

s = Server(["--now", NOW])
try:
    with tempfile.TemporaryDirectory() as tmp:
        # The batch holds malformed lines too; the file has the name the server gives a batch's
        # body, so messages that name it agree.
        with open(os.path.join(tmp, "request.ndjson"), "w") as out:
            out.write("\n".join(texts[:40] + ["{\"id\":", "[1]", "{\"partner\":1}", "\x01"] +
                                texts[40:]) + "\n")
        with open(os.path.join(tmp, "request.ndjson"), "rb") as given:
            batch_body = given.read()
        for query, flags in variants:
            want = eval_records(["--now", NOW] + flags + ["request.ndjson"], cwd=tmp)
            c.check(sum("\"error\"" in w for w in want) >= 4, "the batch has error records", want)
            r = s.request("POST", "/v1/decide/batch" + query, batch_body)
            got = r.body.decode().splitlines()
            c.equal(len(got), len(want), "batch%s: as many records as clause eval" % query)
            diff = [i for i, (a, b) in enumerate(zip(got, want)) if a != b]
            c.check(not diff, "batch%s: records identical to clause eval" % query,
                    diff and (got[diff[0]], want[diff[0]]))

        # One by one: every case with an id, so ids by position play no part.
        with_ids = [dict(x, id=x.get("id", "case-%d" % i)) for i, x in enumerate(cases)]
        with open(os.path.join(tmp, "single.ndjson"), "w") as out:
            out.write("\n".join(json.dumps(x) for x in with_ids) + "\n")
        for query, flags in variants[:2]:
            want = eval_records(["--now", NOW] + flags + ["single.ndjson"], cwd=tmp)
            conn = s.connection()
            mismatched = []
            for i, x in enumerate(with_ids):
                r = s.decide(x, query, conn=conn)
                decided = json.loads(want[i]).get("error") is None
                if r.body.decode().rstrip("\n") != want[i] or r.status != (200 if decided else 422):
                    mismatched.append((r.status, r.body, want[i]))
            conn.close()
            c.check(not mismatched, "decide%s: %d records identical to clause eval" %
                    (query, len(with_ids)), mismatched[:1])

        for body in ["{\"id\":", "{\"a\":1,\"a\":2}", "\ufeff{\"id\":\"bom\"}", "{\"id\":\"x\"} 7"]:
            with open(os.path.join(tmp, "request.json"), "w") as out:
                out.write(body)
            want = eval_records(["--now", NOW, "request.json"], cwd=tmp)
            r = s.decide(body)
            c.equal(r.body.decode().splitlines(), want, "the body %r as clause eval reads it" % body)
finally:
    code = s.stop()
c.equal(code, 0, "exit code after SIGTERM")
c.done()
