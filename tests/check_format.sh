#!/bin/sh
# Fails when a tracked C++ file differs from what clang-format (with .clang-format) would write.
# Fix with `make format`.
set -eu
command -v clang-format >/dev/null || { echo "clang-format is not installed"; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files '*.cpp' '*.hpp')
else
  files=$(find lang runtime cli tests benchmarks -name '*.cpp' -o -name '*.hpp')
fi
[ -n "$files" ] || { echo "no C++ files found"; exit 1; }
bad=0
for f in $files; do
  if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f"
    bad=1
  fi
done
[ "$bad" = 0 ] && echo "$(echo "$files" | wc -l) files formatted"
exit "$bad"
