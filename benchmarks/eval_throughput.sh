#!/bin/sh
# End-to-end throughput and peak memory of `clause eval --format json` over generated cases
# (reading, binding, deciding and writing included), as NDJSON or as one JSON array. Usage:
#   [PROFILE=realistic|scenarios] [ROUNDS=N] benchmarks/eval_throughput.sh [CASES] [JOBS] [FORMAT]
# (defaults: realistic, 1000000 cases, 2 jobs, ndjson; FORMAT json writes the same cases as one
# JSON array, one element a line, which clause reads whole before deciding any).
# PROFILE picks the generator:
#   realistic  generate_realistic.py (fixed seed): cases of the shape of real traffic, 0-3
#              confirmations on file, 28 % with non-ASCII names, ~1.8 decisions a case, 5 % that
#              do not fit the input schema, of several kinds (with FORMAT json, only the kinds
#              whose line is still JSON, so that the array stays one JSON text)
#   scenarios  generate_cases.sh: every section in turn, short cases, 1 % invalid (one kind)
# It runs clause twice, the records to a file then to /dev/null, and gives both throughputs; with
# ROUNDS=N (default 1) each of the two runs N times in turn, and the median of each is given too
# (this VM's speed moves by a quarter within the hour: one run says little).
# Besides the figures, it checks that every case has its record, in input order, and that the
# error records are exactly the invalid cases the generator made.
# Needs build/bin/clause (make run builds it), python3 and GNU time (/usr/bin/time, Debian
# package `time`).
set -eu
cases=${1:-1000000}
jobs=${2:-2}
format=${3:-ndjson}
profile=${PROFILE:-realistic}
case $format in
  ndjson | json) ;;
  *) echo "FORMAT is ndjson or json, not $format" >&2; exit 2 ;;
esac
rounds=${ROUNDS:-1}
case $rounds in
  '' | *[!0-9]* | 0) echo "ROUNDS is a number of rounds from 1, not $rounds" >&2; exit 2 ;;
esac
clause=${CLAUSE:-build/bin/clause}
here=$(dirname "$0")
input=$(mktemp --suffix=."$format")
output=$(mktemp --suffix=.ndjson)
report=$(mktemp)
times=$(mktemp)  # each run's throughput, for the medians
trap 'rm -f "$input" "$output" "$report" "$times"' EXIT

case $profile in
  realistic)
    only_json=
    [ "$format" = ndjson ] || only_json=--json-lines-only
    python3 "$here/generate_realistic.py" --cases "$cases" --report $only_json \
      > "$input" 2> "$report"
    invalid=$(awk '{ print $4 }' "$report") ;;
  scenarios)
    "$here/generate_cases.sh" "$cases" > "$input"
    invalid=$((cases / 100)) ;;
  *) echo "PROFILE is realistic or scenarios, not $profile" >&2; exit 2 ;;
esac
# Sizes of the cases as lines of NDJSON, in bytes, newline included.
LC_ALL=C awk '{ print length($0) + 1 }' "$input" | sort -n | awk '
  { size[NR] = $1; total += $1 }
  END { printf "case size: mean %.0f B, median %d B, max %d B\n", total / NR,
        NR % 2 ? size[(NR + 1) / 2] : (size[NR / 2] + size[NR / 2 + 1]) / 2, size[NR] }'
# One array: `[` before the first case, `,` after each but the last, `]` after the last.
[ "$format" = ndjson ] || sed -i '1s/^/[/; $!s/$/,/; $s/$/]/' "$input"

size=$(du -m "$input" | cut -f1)
# The input was just written: its dirty pages go to disk now, not while clause runs (the kernel's
# writeback of the generator's output is not clause's time; it made the first run up to a fifth
# slower, records written to a file most).
sync
echo "profile: $profile; input: $cases cases, ${size} MiB of $format; jobs: $jobs"
# Two runs: records written to a file (checked below), then discarded (/dev/null). The file
# adds the kernel's page cache to the time, which on this VM moves from run to run more than
# clause does (writing the same 289 MB to a new file took 0.08 s and 0.53 s, one after the other).
# Before each run, outside its time: the last run's records file is removed and what it wrote
# goes to disk (the shell's `>` truncating 289 MB of cached records took 0.1-0.2 s within the
# timed window, before clause started, and the kernel wrote them back while the next run ran);
# and the input is read once, since this VM's page cache drops pages of a file it holds even with
# most of the memory free (`fincore` showed 737 of the 808 MiB of a 1 000 000-case input cached
# before a run, 13 MiB gone after one), and what is not cached is read from the disk within
# clause's time.
run() {
  [ "$1" = /dev/null ] || rm -f "$1"
  sync
  cat "$input" > /dev/null
  start=$(date +%s.%N)
  /usr/bin/time -f "  peak RSS: %M KiB, elapsed %e s, CPU %P (user %U s, system %S s)" \
    "$clause" eval --policy rules/mca --format json --jobs "$jobs" "$input" > "$1" || [ $? -eq 1 ]
  end=$(date +%s.%N)
  awk -v n="$cases" -v s="$start" -v e="$end" -v to="$2" \
    'BEGIN { printf "throughput, records %s: %.0f cases/s\n", to, n / (e - s) }'
  awk -v n="$cases" -v s="$start" -v e="$end" -v to="$2" \
    'BEGIN { printf "%s\t%.0f\n", to, n / (e - s) }' >> "$times"
}
round=0
while [ "$round" -lt "$rounds" ]; do
  run "$output" "to a file"
  run /dev/null "discarded"
  round=$((round + 1))
done
if [ "$rounds" -gt 1 ]; then
  for to in "to a file" discarded; do
    grep "^$to	" "$times" | cut -f2 | sort -n | awk -v to="$to" -v r="$rounds" '
      { v[NR] = $1 }
      END { printf "median of %d rounds, records %s: %.0f cases/s\n", r, to,
            NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
  done
fi
# Line N's record has the id cN (scenarios), cN-XXXXXXXX (realistic), or N when its case has no
# readable id (a line that is not JSON, an id that is not a string).
records=$(wc -l < "$output")
errors=$(grep -c '"error":' "$output" || true)
in_order=$(awk -F'"' 'NR == 1 { ok = 1 }
  { if ($4 != NR && $4 != "c" NR && index($4, "c" NR "-") != 1) ok = 0 }
  END { print ok ? "yes" : "no" }' "$output")
awk -v r="$records" -v e="$errors" -v i="$invalid" -v o="$in_order" 'BEGIN {
  printf "records: %d, error records: %d (%.2f %%; %d cases made invalid), in input order: %s\n",
    r, e, r ? 100 * e / r : 0, i, o }'
if [ "$records" -ne "$cases" ] || [ "$errors" -ne "$invalid" ] || [ "$in_order" != yes ]; then
  echo "FAILED: expected $cases records in input order, $invalid of them error records" >&2
  exit 1
fi
