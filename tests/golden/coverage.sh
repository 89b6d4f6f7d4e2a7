#!/bin/sh
# Every diagnostic code has a golden case, and is documented in lang/README.md.
set -eu
codes=$(grep -o '"[EW][0-9]\{4\}"' lang/diagnostic_codes.hpp | tr -d '"')
missing=0
for c in $codes; do
  if ! grep -lq "\[$c\]" tests/golden/*.expected; then
    echo "no golden case in tests/golden/ shows $c"
    missing=1
  fi
  if ! grep -q "$c" lang/README.md; then
    echo "lang/README.md does not document $c"
    missing=1
  fi
done
[ "$missing" = 0 ] && echo "$(echo "$codes" | wc -w) codes covered"
exit "$missing"
