#!/usr/bin/env bash
# The figures of `clause serve` in benchmarks/README.md, on this machine, server and wrk together,
# everything on 127.0.0.1 with ports the kernel picks:
#   benchmarks/serve/run.sh [build/bin/clause] [SECONDS]
# 1. single decisions with keep-alive, at saturation; 2. latency at about half that rate (paced);
# 3. the batch endpoint, 1 000 cases a request; 4. 100 reloads during a wrk run (every answer must
# be 2xx); 5. two replicas behind HAProxy, each reloaded in turn during a wrk run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
clause=$(realpath "${1:-$root/build/bin/clause}")
seconds=${2:-10}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export SERVE_BENCH_DIR=$here

# Starts `clause serve` on a free port with the bundle $1 and more options; sets `port`.
start_server() {
  local bundle=$1 out=$work/server.$RANDOM
  shift
  "$clause" serve --policy "$bundle" --listen 127.0.0.1:0 "$@" >"$out" 2>"$out.err" &
  pids+=($!)
  for _ in $(seq 100); do
    if grep -q listening "$out" 2>/dev/null; then break; fi
    sleep 0.05
  done
  port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$out")
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# A bundle to change: rules/mca without its tests.
cp -r "$root/rules/mca" "$work/mca"
rm -rf "$work/mca/tests" "$work/mca/examples"
target=$work/mca/direct_acceptance.clause
cp "$target" "$work/original.clause"
sed 's/Please reach out to your Partner/Please ask your Partner/' "$target" >"$work/changed.clause"

# Alternates the two versions of the file, reloading each time, $2 times, $3 seconds apart.
reload_loop() {
  local url=$1 times=$2 pause=$3
  for i in $(seq "$times"); do
    if ((i % 2)); then cp "$work/changed.clause" "$target.new"; else cp "$work/original.clause" "$target.new"; fi
    mv "$target.new" "$target"
    curl -s -o /dev/null -w '%{http_code}\n' -X POST "$url/v1/reload"
    sleep "$pause"
  done
}

start_server "$work/mca" --jobs 2
url=http://127.0.0.1:$port
echo "== 1. POST /v1/decide, keep-alive, saturation: wrk -t1 -c32 -d${seconds}s"
wrk -t1 -c32 -d"${seconds}s" --latency -s "$here/decide.lua" "$url/v1/decide" | tee "$work/single.txt"
rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/single.txt")
half=${rate%.*}
half=$((half / 2))
# A connection waits 2 ms on average between requests; what one achieves a second depends on the machine, so
# a 3 s run with a first guess (430 requests/s each) calibrates the number of connections.
connections=$(( (half * 23 + 9999) / 10000 ))
PACE_MS=2 wrk -t1 -c"$connections" -d3s -s "$here/paced.lua" "$url/v1/decide" >"$work/calibrate.txt"
got=$(sed -n 's/^Requests\/sec: *\([0-9]*\).*/\1/p' "$work/calibrate.txt")
connections=$(( (connections * half + got / 2) / got ))
echo "== 2. latency at about half that rate ($half requests/s): $connections connections, 2 ms apart on average"
PACE_MS=2 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "$here/paced.lua" "$url/v1/decide"

echo "== 3. POST /v1/decide/batch, 1000 cases a request: wrk -t1 -c2 -d${seconds}s"
python3 - "$work/batch.ndjson" <<'PY'
import json, os, re, sys
text = open(os.environ["SERVE_BENCH_DIR"] + "/decide.lua").read()
case = json.loads(re.search(r"wrk.body = '(.*)'", text).group(1))
with open(sys.argv[1], "w") as out:
    for i in range(1000):
        out.write(json.dumps(dict(case, id="c%d" % i), separators=(",", ":")) + "\n")
PY
BATCH_FILE=$work/batch.ndjson wrk -t1 -c2 -d"${seconds}s" --latency -s "$here/batch.lua" "$url/v1/decide/batch" \
  | tee "$work/batch.txt"
batch_rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/batch.txt")
echo "cases/s: $(python3 -c "print(round($batch_rate * 1000))")"

echo "== 4. 100 reloads during a 30 s wrk run (each answer must be 2xx)"
reload_loop "$url" 100 0.28 >"$work/reloads.txt" &
loop=$!
wrk -t1 -c16 -d30s -s "$here/decide.lua" "$url/v1/decide" | tee "$work/reload-run.txt"
wait "$loop"
echo "reload answers: $(sort "$work/reloads.txt" | uniq -c | tr '\n' ' ')"
curl -s "$url/metrics" | grep -E '^clause_serve_(reloads_total|reload_failures_total)'
grep -q '^non-2xx: 0$' "$work/reload-run.txt" && ! grep -q 'Socket errors' "$work/reload-run.txt" \
  && echo "zero failed requests during the reloads" || { echo "FAILED requests during reloads"; exit 1; }
kill "${pids[0]}"

echo "== 5. two replicas behind HAProxy, each reloaded in turn during a 20 s wrk run"
start_server "$work/mca" --jobs 1
a=$port
start_server "$work/mca" --jobs 1
b=$port
front=$(free_port)
cat >"$work/haproxy.cfg" <<CFG
global
  maxconn 1000
defaults
  mode http
  timeout connect 1s
  timeout client 10s
  timeout server 10s
  option http-keep-alive
frontend decide
  bind 127.0.0.1:$front
  default_backend replicas
backend replicas
  balance roundrobin
  option httpchk GET /readyz
  server a 127.0.0.1:$a check inter 500ms
  server b 127.0.0.1:$b check inter 500ms
CFG
haproxy -q -f "$work/haproxy.cfg" &
pids+=($!)
sleep 1
( sleep 3; reload_loop "http://127.0.0.1:$a" 10 0.3; reload_loop "http://127.0.0.1:$b" 10 0.3 ) \
  >"$work/replica-reloads.txt" &
loop=$!
wrk -t1 -c16 -d20s -s "$here/decide.lua" "http://127.0.0.1:$front/v1/decide" | tee "$work/ha.txt"
wait "$loop"
echo "replica reload answers: $(sort "$work/replica-reloads.txt" | uniq -c | tr '\n' ' ')"
grep -q '^non-2xx: 0$' "$work/ha.txt" && ! grep -q 'Socket errors' "$work/ha.txt" \
  && echo "zero failed requests through HAProxy while each replica reloaded" \
  || { echo "FAILED requests through HAProxy"; exit 1; }
