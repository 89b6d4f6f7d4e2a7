#!/bin/sh
# Installs the build tree's clause into a temporary prefix, builds a tiny host against it with
# find_package(clause), and runs the host on the MCA bundle.
set -eu
build=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# A host sees one header, and the package does not ask for PEGTL (a private dependency).
headers=$(cd "$work/prefix/include" && find . -type f | sort)
if [ "$headers" != "./clause/clause.hpp" ]; then
  echo "installed headers should be ./clause/clause.hpp alone, found:"; echo "$headers"; exit 1
fi
if grep -rqi pegtl "$work/prefix/lib/cmake/clause"; then
  echo "the installed package asks for PEGTL"; exit 1
fi
cmake -S "$source_dir/tests/install/host" -B "$work/host" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/host" -j 2 >/dev/null
"$work/host/host" "$source_dir/rules/mca"
