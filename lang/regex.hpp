// The regular expression of a `matches` pattern, as RE2 compiles it. One place for RE2's options:
// the checker compiles each pattern with it (so validates it), and the runtime matches with that
// very object (runtime/pattern/).
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string_view>

namespace clause::lang {

// Never null; `ok()` is false, and `error()` says why, when RE2 rejects the pattern.
std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern);

}  // namespace clause::lang
