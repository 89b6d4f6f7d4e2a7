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

# Each mutant asks about the property it breaks only (`--property`). `--rlimit`: a budget of the
# solver's work, the same answers on any machine and load. No mutant needs an attestation the
# policy accepts with a date reasoned about: that is the hardest search (a flipped future-date
# comparison took over a minute to refute); the date encoding is checked by the construct table
# (verify_tests) and by `clause verify --no-tests rules/mca`, which shows `future-date` firing.
# The auto-renewal rule removed: an auto-renewal of a customer that has not accepted is blocked.
mutant "no auto-renewal rule" auto-renewal-never-blocked purchase.clause \
  'rule auto-renewal-never-blocked -> purchase\n  when purchase.kind == AutoRenewal\n  allow\n => ' \
  --property auto-renewal-never-blocked --list-bound 1 --rlimit 50000000
# An off-by-one in a list's length: one prior purchase no longer makes the partner attest.
mutant "prior purchases off by one" existing-customer-asks-partner direct_acceptance.clause \
  'when length(customer.priorPurchases) > 0 => when length(customer.priorPurchases) > 1' \
  --property existing-customer-asks-partner --list-bound 1 --rlimit 50000000
# The US row dropped from the country table.
mutant "US row dropped" us-document-served countries.yaml \
  '  "US": => \n  "XX":' --property us-document-served --list-bound 1 --rlimit 50000000
