#!/bin/sh
# The grammar test (grammar_test.js): installs the extension's npm packages first when they are
# missing or older than package-lock.json (into node_modules/, git-ignored, kept for the next
# run). Without npm or the npm registry it fails, saying why: it never passes untested.
set -eu
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "grammar test: npm is not installed (make deps installs nodejs and npm)" >&2
  exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "grammar test: npm ci failed: vscode-textmate and vscode-oniguruma could not be installed" \
      "from the npm registry" >&2
    exit 1
  fi
fi
exec node test/grammar_test.js
