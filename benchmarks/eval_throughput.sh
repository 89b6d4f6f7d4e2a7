#!/bin/sh
# End-to-end throughput and peak memory of `clause eval --format json` over generated cases
# (reading, binding, deciding and writing included), as NDJSON or as one JSON array. Usage:
#   benchmarks/eval_throughput.sh [CASES] [JOBS] [FORMAT]
# (defaults: 1000000 cases, 2 jobs, ndjson; FORMAT json writes the same cases as one JSON array,
# one element a line, which clause reads whole before deciding any).
# Needs build/bin/clause (make run builds it) and GNU time (/usr/bin/time, Debian package `time`).
set -eu
cases=${1:-1000000}
jobs=${2:-2}
format=${3:-ndjson}
case $format in
  ndjson | json) ;;
  *) echo "FORMAT is ndjson or json, not $format" >&2; exit 2 ;;
esac
clause=${CLAUSE:-build/bin/clause}
input=$(mktemp --suffix=."$format")
output=$(mktemp --suffix=.ndjson)
trap 'rm -f "$input" "$output"' EXIT

"$(dirname "$0")/generate_cases.sh" "$cases" > "$input"
# One array: `[` before the first case, `,` after each but the last, `]` after the last.
[ "$format" = ndjson ] || sed -i '1s/^/[/; $!s/$/,/; $s/$/]/' "$input"

size=$(du -m "$input" | cut -f1)
echo "input: $cases cases, ${size} MiB of $format; jobs: $jobs"
start=$(date +%s.%N)
/usr/bin/time -f "peak RSS: %M KiB, elapsed %e s, CPU %P" \
  "$clause" eval --policy rules/mca --format json --jobs "$jobs" "$input" > "$output" || [ $? -eq 1 ]
end=$(date +%s.%N)
awk -v n="$cases" -v s="$start" -v e="$end" 'BEGIN { printf "throughput: %.0f cases/s\n", n / (e - s) }'
# Every case has its record, in input order; 1 in 100 is an error record.
records=$(wc -l < "$output")
errors=$(grep -c '"error":' "$output" || true)
in_order=$(awk -F'"' 'NR == 1 { ok = 1 } { if ($4 != "c" NR) ok = 0 } END { print ok ? "yes" : "no" }' "$output")
echo "records: $records, error records: $errors, in input order: $in_order"
