#!/bin/sh
# End-to-end throughput and peak memory of `clause diff` against `clause eval` on the same
# generated cases (generate_cases.sh): rules/mca against a copy where `attestArticleRoles`
# defaults to true and Canada's documents lose French, so that some cases change (the CA template
# requests, 1.3 % of the cases). Usage:
#   benchmarks/diff_throughput.sh [CASES] [JOBS]        (defaults: 1000000 cases, 2 jobs)
# Needs build/bin/clause and GNU time (/usr/bin/time, Debian package `time`).
set -eu
cases=${1:-1000000}
jobs=${2:-2}
clause=${CLAUSE:-build/bin/clause}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$(dirname "$0")/generate_cases.sh" "$cases" > "$work/cases.ndjson"
cp -r rules/mca "$work/mca"
sed -i 's/param attestArticleRoles: bool = false/param attestArticleRoles: bool = true/' "$work/mca/policy.clause"
sed -i 's/"CA": {name: "Canada", languages: \[en-US, fr-FR\]}/"CA": {name: "Canada", languages: [en-US]}/' "$work/mca/countries.yaml"

seconds() {  # runs "$@" with stdout to $work/out; prints its wall-clock seconds
  start=$(date +%s.%N)
  /usr/bin/time -f "rss %M" -o "$work/rss" "$@" > "$work/out" || [ $? -eq 1 ]
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}
echo "input: $cases cases, $(du -m "$work/cases.ndjson" | cut -f1) MiB of NDJSON; jobs: $jobs"
eval_time=$(seconds "$clause" eval --policy rules/mca --now 2024-06-10T12:00:00Z --jobs "$jobs" "$work/cases.ndjson")
eval_rss=$(awk '/^rss/ { print $2 }' "$work/rss")
diff_time=$(seconds "$clause" diff --now 2024-06-10T12:00:00Z --jobs "$jobs" rules/mca "$work/mca" "$work/cases.ndjson")
diff_rss=$(awk '/^rss/ { print $2 }' "$work/rss")
awk -v n="$cases" -v et="$eval_time" -v dt="$diff_time" -v er="$eval_rss" -v dr="$diff_rss" 'BEGIN {
  printf "eval: %.2f s, %.0f cases/s, peak RSS %.1f MiB\n", et, n / et, er / 1024;
  printf "diff: %.2f s, %.0f cases/s, peak RSS %.1f MiB\n", dt, n / dt, dr / 1024;
  printf "diff / eval throughput: %.0f %%\n", 100 * et / dt }'
sed -n 2p "$work/out"
