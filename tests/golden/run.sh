#!/usr/bin/env bash
# Runs one golden diagnostics case: `NAME.expected` holds what `clause check` prints (standard
# error) for the input `NAME.clause`, or for the bundle directory `NAME/`, and its exit code.
# Set UPDATE_GOLDEN=1 to rewrite the expected file from what the checker says now.
set -u
clause=$(realpath "$1")
expected=$2
dir=$(dirname "$expected")
name=$(basename "$expected" .expected)
cd "$dir" || exit 1
if [ -d "$name" ]; then input=$name; else input=$name.clause; fi
actual=$("$clause" check "$input" 2>&1 >/dev/null; echo "exit: $?")
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" >"$name.expected"
  exit 0
fi
if ! diff -u "$name.expected" <(printf '%s\n' "$actual"); then
  echo "golden mismatch: $dir/$name.expected (UPDATE_GOLDEN=1 regenerates it)"
  exit 1
fi
