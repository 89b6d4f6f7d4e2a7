#!/bin/sh
# The embedding example shown in README.md is exactly tests/runtime/api/embedding_example.cpp.
set -eu
shown=$(awk '/^```cpp$/{inside=1; next} /^```$/{if (inside) exit} inside' README.md)
if [ "$shown" != "$(cat tests/runtime/api/embedding_example.cpp)" ]; then
  echo "README.md's embedding example differs from tests/runtime/api/embedding_example.cpp"
  exit 1
fi
echo "README example matches"
