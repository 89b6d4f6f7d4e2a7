// RE2 with the options of the language's `matches`: see regex.hpp.
#include "lang/regex.hpp"

namespace clause::lang {

std::shared_ptr<const re2::RE2> compile_regex(std::string_view pattern) {
  RE2::Options options;
  // A rejected pattern is the author's diagnostic, not a line on standard error.
  options.set_log_errors(false);
  return std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()),
                                          options);
}

}  // namespace clause::lang
