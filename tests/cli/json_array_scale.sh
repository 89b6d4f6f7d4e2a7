#!/bin/sh
# `clause eval` on one JSON array of many cases gives the records of the same cases as NDJSON: same
# count, same decisions, in the same order. ctest's TIMEOUT on this test is what catches the array
# path going quadratic again (every element located from the start of the file: hours for 100 000
# cases, where NDJSON takes a fraction of a second). Usage, from the source root:
#   tests/cli/json_array_scale.sh CLAUSE [CASES]      (CASES defaults to 100000)
set -eu
clause=$1
cases=${2:-100000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# The complete cases of cases.ndjson (it holds a broken line on purpose), over and over, each with
# a new id; one per line in both files.
awk -v n="$cases" -v array="$dir/cases.json" -v lines="$dir/cases.ndjson" '
  {
    opened = gsub(/\{/, "{")
    closed = gsub(/\}/, "}")
  }
  NF && opened == closed {
    sub(/^\{("id":"[^"]*",)?/, "")
    body[m++] = $0
  }
  END {
    if (m == 0) exit 1
    print "[" > array
    for (i = 1; i <= n; i++) {
      rest = body[(i - 1) % m]
      c = "{\"id\":\"c" i "\"" (rest ~ /^\}/ ? "" : ",") rest
      print c > lines
      printf "  %s%s\n", c, (i < n ? "," : "") > array
    }
    print "]" > array
  }' tests/cli/inputs/cases.ndjson

run() {
  status=0
  "$clause" eval --policy rules/mca --now 2024-06-10T12:00:00Z "$1" >"$2" || status=$?
  # 1 is expected (some cases do not fit the schema); 2 or a crash is not.
  if [ "$status" -gt 1 ]; then
    echo "clause eval $1 exited with $status"
    exit 1
  fi
}
run "$dir/cases.json" "$dir/array.out"
run "$dir/cases.ndjson" "$dir/lines.out"

records=$(wc -l <"$dir/array.out")
decided=$(grep -c '"decisions":' "$dir/array.out" || true)
if [ "$records" -ne "$cases" ] || [ "$decided" -eq 0 ]; then
  echo "the JSON array gave $records records ($decided decided) for $cases cases"
  exit 1
fi
if ! cmp -s "$dir/array.out" "$dir/lines.out"; then
  echo "the JSON array and NDJSON records differ:"
  diff "$dir/array.out" "$dir/lines.out" | head -n 10
  exit 1
fi
echo "$cases cases: the same $records records ($decided decided) from a JSON array and from NDJSON"
