#!/usr/bin/env bash
# Two builds of `clause eval --format json` on the same cases, run in turn (A, B, A, B, ...) so that
# the VM's drift falls on both alike; prints each one's times sorted, the median, and whether
# their records were byte-identical every round. On this VM a single run moves by ±10 %: compare
# medians of several rounds, never two single runs.
#   benchmarks/eval_ab.sh OLD/bin/clause build/bin/clause CASES.ndjson [JOBS] [ROUNDS]
# CASES: benchmarks/generate_realistic.py --cases 1000000 > cases.ndjson, say.
set -u
if [ $# -lt 3 ]; then
  echo "usage: $0 CLAUSE_A CLAUSE_B CASES [JOBS] [ROUNDS]" >&2
  exit 2
fi
a=$1 b=$2 cases=$3 jobs=${4:-1} rounds=${5:-5}
policy=$(cd "$(dirname "$0")/.." && pwd)/rules/mca
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
identical=yes
for ((round = 1; round <= rounds; round++)); do
  for side in A B; do
    bin=$a
    [ "$side" = B ] && bin=$b
    start=$(date +%s.%N)
    # Exit status 1: some cases were errors (the realistic corpus has 5 % of them).
    "$bin" eval --policy "$policy" --format json --jobs "$jobs" "$cases" > "$out/$side" ||
      [ $? -eq 1 ] || { echo "$bin failed" >&2; exit 1; }
    end=$(date +%s.%N)
    echo "$side $(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }')" >> "$out/times"
  done
  cmp -s "$out/A" "$out/B" || identical=no
done
for side in A B; do
  awk -v side="$side" '$1 == side { print $2 }' "$out/times" | sort -n | awk -v side="$side" '
    { t[NR] = $1; all = all " " $1 }
    END { printf "%s:%s s; median %s s\n", side, all, NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'
done
echo "records byte-identical every round: $identical"
[ "$identical" = yes ]
