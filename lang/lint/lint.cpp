#include "lang/lint/lint.hpp"

namespace clause::lang {

void lint_bundle(const checked_bundle& b, diagnostics& out) {
  lint::warn_unused(b, out);
  lint::warn_rules(b, out);
  lint::warn_translations(b, out);
}

}  // namespace clause::lang
