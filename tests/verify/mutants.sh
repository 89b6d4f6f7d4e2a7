#!/usr/bin/env bash
# Mutants of rules/mca, each breaking one property: `clause verify` must give a confirmed
# counterexample for that property (a FAILS line with its case), and exit 1.
set -u
clause=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# mutant NAME PROPERTY FILE PYTHON-EDIT [VERIFY-OPTIONS...]
mutant() {
  local name=$1 property=$2 file=$3 edit=$4
  shift 4
  rm -rf "$work/mca" && cp -r rules/mca "$work/mca"
  python3 - "$work/mca/$file" "$edit" <<'PY' || { echo "$name: the edit did not apply"; exit 1; }
import sys
path, edit = sys.argv[1], sys.argv[2]
text = open(path).read()
old, new = edit.split(" => ")
old = old.encode().decode("unicode_escape")
new = new.encode().decode("unicode_escape")
if old not in text:
    sys.exit(1)
open(path, "w").write(text.replace(old, new, 1))
PY
  local out status
  out=$("$clause" verify "$@" "$work/mca")
  status=$?
  if [ "$status" != 1 ] || ! grep -q "^  FAILS    property \`$property\`.*: counterexample" <<<"$out" ||
     grep -q unconfirmed <<<"$out"; then
    printf '%s\n' "$out"
    echo "$name: expected a confirmed counterexample to \`$property\` (exit $status)"
    exit 1
  fi
  echo "$name: \`$property\` broken, with a confirmed case"
}

# `--rlimit 50000000`: a budget of the solver's work, the same answers on any machine and load
# (20 000 000 is too little for the future-date mutant). An attestation the policy accepts is the
# hardest case to find (`clause verify --no-tests rules/mca` leaves the `attest` default unknown):
# no mutant here depends on it.
# The auto-renewal rule removed: an auto-renewal of a customer that has not accepted is blocked.
mutant "no auto-renewal rule" auto-renewal-never-blocked purchase.clause \
  'rule auto-renewal-never-blocked -> purchase\n  when purchase.kind == AutoRenewal\n  allow\n => ' \
  --properties --list-bound 1 --rlimit 50000000
# The future-date comparison flipped.
mutant "future date flipped" future-date-rejected attest.clause \
  'else utc_date(agreedAt) > utc_date(now)) => else utc_date(agreedAt) < utc_date(now))' \
  --properties --list-bound 1 --rlimit 50000000
# The US row dropped from the country table.
mutant "US row dropped" us-document-served countries.yaml \
  '  "US": => \n  "XX":' --properties --list-bound 1 --rlimit 50000000
