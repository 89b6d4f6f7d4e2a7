"""README.md's "Serving" example is run: its `curl` command against a server on an ephemeral port
of 127.0.0.1 (its `clause serve` line's options, but the port), compared with the answer the
README shows in the comment below it."""
import os
import re
import shlex
import subprocess

from serve_harness import SOURCE_DIR, Checks, Server

c = Checks()
readme = open(os.path.join(SOURCE_DIR, "README.md"), encoding="utf-8").read()
section = readme[readme.index("## Serving"):]
block = re.search(r"```sh\n(.*?)```", section, re.S).group(1).splitlines()
serve_line = next(line for line in block if line.startswith("build/bin/clause serve"))
start = next(i for i, line in enumerate(block) if line.startswith("curl "))
end = next(i for i, line in enumerate(block) if line.startswith("# "))
command = "\n".join(block[start:end])
shown = block[end][2:]

args = shlex.split(serve_line.rstrip("&"))
policy = args[args.index("--policy") + 1]
c.equal(args[args.index("--listen") + 1], "127.0.0.1:8181", "the README's address")
s = Server([], policy=os.path.join(SOURCE_DIR, policy))
try:
    done = subprocess.run(["sh", "-c", command.replace("127.0.0.1:8181", "127.0.0.1:%d" % s.port)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    c.equal(done.returncode, 0, "curl's exit code")
    c.equal(done.stdout.decode().strip(), shown, "the answer the README shows")
finally:
    c.equal(s.stop(), 0, "exit code")
c.done()
