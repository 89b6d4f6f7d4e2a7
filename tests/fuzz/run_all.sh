#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for SECONDS, all at once (on two cores each gets its
# share: the run takes SECONDS whatever the number of targets), each on a copy of its seed corpus
# in tests/fuzz/corpus/NAME (NAME_fuzzer's corpus), so the tree's corpus stays small. A crash,
# leak, timeout or out-of-memory fails the run; its log and the input that caused it are kept in
# the work directory printed below.
#   tests/fuzz/run_all.sh build-fuzz 60
set -u
build=$(cd "$1" && pwd)
seconds=${2:-60}
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/clause-fuzz.XXXXXX)
targets=$(ls "$build"/bin/*_fuzzer 2>/dev/null)
if [ -z "$targets" ]; then
  echo "no fuzz targets in $build/bin"; exit 1
fi

run_one() {
  local target=$1 name corpus log
  name=$(basename "$target" _fuzzer)
  corpus="$work/$name"
  log="$work/$name.log"
  mkdir -p "$corpus"
  cp "$source_dir"/tests/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
  (cd "$work" && "$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "$corpus" >"$log" 2>&1)
  local status=$?
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [ $status -eq 0 ]; then
    echo "fuzz $name: ${seconds} s, ${runs:-?} runs, no finding"
  else
    echo "fuzz $name: FAILED (exit $status); log and reproducer in $work"
    tail -n 30 "$log"
  fi
  return $status
}

passed=0 failed=0
set -- $targets
pids=() names=()
for target in "$@"; do
  run_one "$target" > "$work/$(basename "$target").out" 2>&1 &
  pids+=($!) names+=("$(basename "$target")")
done
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  cat "$work/${names[$i]}.out"
done
[ $failed -eq 0 ] && rm -rf "$work"
echo "fuzz: $passed passed, $failed failed"
[ $failed -eq 0 ]
