#!/usr/bin/env bash
# Runs one golden CLI case. A case file reads:
#   $ clause ARGS...            (the command line; ARGS are split as a shell would)
#   exit: N
#   --- stdout
#   ...
#   --- stderr
#   ...
# Set UPDATE_GOLDEN=1 to rewrite the file from what the command does now.
set -u
clause=$1
case_file=$2
command_line=$(head -n 1 "$case_file")
case "$command_line" in
  '$ clause'*) ;;
  *) echo "$case_file: first line must be '\$ clause ARGS'"; exit 1 ;;
esac
args=${command_line#'$ clause'}
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
eval "set -- $args"
"$clause" "$@" >"$out" 2>"$err" </dev/null
status=$?
actual=$( { printf '%s\n' "$command_line"; echo "exit: $status"; echo '--- stdout'; cat "$out"; echo '--- stderr'; cat "$err"; } )
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
  printf '%s\n' "$actual" >"$case_file"
  exit 0
fi
if ! diff -u "$case_file" <(printf '%s\n' "$actual"); then
  echo "golden mismatch: $case_file (UPDATE_GOLDEN=1 regenerates it)"
  exit 1
fi
