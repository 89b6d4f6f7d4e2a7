#!/usr/bin/env bash
# `clause verify rules/mca [OPTIONS]`: every property proved, no rule that cannot fire, no case
# the evaluator did not confirm.
# Without options, the bundle's tests answer every rule and default, so every answer is known
# (exit 0) and each rule names the test case that fires it. With `--no-tests` the solver answers
# alone: an `unknown` (exit 3) is then allowed for questions other than properties (the solver's
# time on the hardest gap question depends on the machine); a failure is not.
set -u
clause=$1
shift
out=$("$clause" verify "$@" rules/mca)
status=$?
printf '%s\n' "$out"
if [ $# = 0 ]; then
  if [ "$status" != 0 ]; then echo "exit $status, not 0"; exit 1; fi
  rules=$(grep -c '^  ok       rule ' <<<"$out")
  by_tests=$(grep -c '^  ok       rule .*: can fire (test case `[^`]*`, rules/mca/tests/[a-z-]*\.yaml:[0-9]*)' <<<"$out")
  # A rule only the solver shows firing is fine, but the bundle's tests cover nearly every one.
  if [ "$by_tests" -lt $((rules - 3)) ]; then
    echo "only $by_tests of $rules rules were shown firing by a test case"
    exit 1
  fi
elif [ "$status" != 0 ] && [ "$status" != 3 ]; then
  echo "exit $status"
  exit 1
fi
if grep -q 'unconfirmed' <<<"$out"; then echo "an unconfirmed witness"; exit 1; fi
if grep -q '^  FAILS' <<<"$out"; then echo "a failing question"; exit 1; fi
properties=$(grep -c '^property ' rules/mca/properties.clause)
proved=$(grep -c '^  ok       property .*: proved for lists up to 3 elements' <<<"$out")
if [ "$proved" != "$properties" ]; then
  echo "$proved of $properties properties proved"
  exit 1
fi
