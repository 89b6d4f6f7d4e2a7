// A unified diff of two texts, as `diff -u` prints it, for `clause fmt --check`.
#pragma once

#include <string>
#include <string_view>

namespace clause::cli {

// `--- a/PATH` and `+++ b/PATH`, then hunks with three lines of context; empty when the texts are
// equal.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after);

}  // namespace clause::cli
