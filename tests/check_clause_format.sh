#!/bin/sh
# Fails when a tracked .clause file under rules/ differs from what `clause fmt` would write, and
# shows the diff. A file that does not parse is skipped here (`clause check` reports it).
# Fix with `build/bin/clause fmt -w rules`.
set -eu
clause=$1
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files 'rules/*.clause')
else
  files=$(find rules -name '*.clause' | sort)
fi
[ -n "$files" ] || { echo "no .clause files found"; exit 1; }
bad=0
checked=0
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
for f in $files; do
  if "$clause" fmt --check "$f" 2>"$errors"; then
    checked=$((checked + 1))
  elif grep -q "does not parse" "$errors"; then
    echo "skipped (does not parse): $f"
  else
    cat "$errors"
    echo "not formatted: $f"
    bad=1
  fi
done
[ "$bad" = 0 ] && echo "$checked .clause files formatted"
exit "$bad"
