#!/usr/bin/env bash
# `clause diff REV:DIR`: bundles read from a throwaway git repository, from its top and from a
# subdirectory, between two revisions, and the errors (a revision that does not exist, a path not
# in the revision, no repository, no git); a directory whose name looks like REV:DIR is read as a
# directory; the temporary directories are always removed. Usage: diff_git.sh CLAUSE SOURCE_DIR
set -u
clause=$(realpath "$1")
inputs=$(realpath "$2")/tests/cli/inputs/diff
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TMPDIR=$work/tmp
mkdir "$TMPDIR" "$work/repo"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# expect STATUS TEXT COMMAND...: the exit status, and a line of stdout+stderr holding TEXT (runs
# of spaces count as one: columns are aligned to their widest cell)
expect() {
  local status=$1 pattern=$2
  shift 2
  local out
  out=$("$@" 2>&1)
  local actual=$?
  [ "$actual" = "$status" ] || fail "$* exited $actual, not $status:"$'\n'"$out"
  tr -s ' ' <<<"$out" | grep -qF -- "$(tr -s ' ' <<<"$pattern")" || fail "$* does not say \`$pattern\`:"$'\n'"$out"
  [ -z "$(ls -A "$TMPDIR")" ] || fail "$* left $(ls "$TMPDIR") in \$TMPDIR"
}

cd "$work/repo" || exit 1
git init -q . && git config user.email test@example.com && git config user.name test
mkdir shop && cp "$inputs/base/policy.clause" shop/ && cp "$inputs/cases.yaml" .
git add . && git commit -qm base
# The working tree: a parameter's default changed and a rule removed.
sed -e 's/param minimumAge: int = 18/param minimumAge: int = 17/' "$inputs/removed-rule/policy.clause" > shop/policy.clause
now=(--now 2024-06-10)

expect 1 "clause diff: HEAD:shop → shop" "$clause" diff "${now[@]}" HEAD:shop shop cases.yaml
expect 1 "refuse → allow  1  seventeen" "$clause" diff "${now[@]}" HEAD:shop shop cases.yaml
expect 1 "rule removed      gold-free   HEAD:shop/policy.clause:38" "$clause" diff "${now[@]}" HEAD:shop shop cases.yaml
expect 1 "param modified    minimumAge  shop/policy.clause:13" "$clause" diff "${now[@]}" HEAD:shop shop cases.yaml
# From a subdirectory, DIR is relative to it, as every path on the command line.
(cd shop && expect 1 "refuse → allow  1  seventeen" "$clause" diff "${now[@]}" HEAD:. . ../cases.yaml)
# Two revisions.
git commit -qam change
expect 1 "free → charge  1  gold" "$clause" diff "${now[@]}" HEAD~1:shop HEAD:shop cases.yaml
expect 0 "policy changes: none" "$clause" diff "${now[@]}" HEAD:shop shop cases.yaml
# The bundle's own tests at a revision (none here): a usage error.
expect 2 "no cases given, and neither bundle has tests" "$clause" diff HEAD~1:shop shop
# A bundle that does not check at a revision: its diagnostics name the revision's files.
cp "$inputs/broken/policy.clause" shop/ && git commit -qam broken && git checkout -q HEAD~1 -- shop
expect 2 "HEAD:shop/policy.clause:39:16: error[E0201]" "$clause" diff HEAD:shop shop cases.yaml
expect 2 "the policy \`HEAD:shop\` does not load" "$clause" diff HEAD:shop shop cases.yaml

expect 2 "nor \`no-such-rev\` a revision of this repository" "$clause" diff no-such-rev:shop shop cases.yaml
expect 2 "\`nowhere\` is not a directory at revision \`HEAD~1\`" "$clause" diff HEAD~1:nowhere shop cases.yaml
expect 2 "\`cases.yaml\` is not a directory at revision \`HEAD~1\`" "$clause" diff HEAD~1:cases.yaml shop cases.yaml
expect 2 "is outside the repository" "$clause" diff HEAD~1:../x shop cases.yaml
# A directory that exists wins over the REV:DIR reading of its name.
mkdir "HEAD~1:shop" && cp "$inputs/base/policy.clause" "HEAD~1:shop/"
expect 1 "clause diff: HEAD~1:shop → shop" "$clause" diff "${now[@]}" "HEAD~1:shop" shop cases.yaml
expect 1 "rule removed      gold-free   HEAD~1:shop/policy.clause:38" "$clause" diff "${now[@]}" "HEAD~1:shop" shop cases.yaml
# Outside any repository, and without git.
cd "$work" || exit 1
expect 2 "is not in a git repository" "$clause" diff HEAD:shop repo/shop repo/cases.yaml
expect 2 "git, which would read it as REV:DIR, is not installed" env PATH=/nonexistent "$clause" diff HEAD:shop repo/shop repo/cases.yaml

[ "$failures" = 0 ] && echo "all passed"
exit "$failures"
