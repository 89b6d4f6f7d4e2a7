// Warnings: what the language allows but is almost always a mistake. Declarations nothing uses,
// rules that can never fire or never matter, rules that overlap where they must not, and
// translations that do not match their message. Each has a `W` code (lang/diagnostic_codes.hpp),
// documented in lang/README.md. The reasoning is syntactic (on the conditions' normal forms,
// lang/lint/normal_form.hpp), so a warning is given only where the text shows the mistake for
// certain; a mistake that takes reasoning about values goes unreported rather than guessed at.
#pragma once

#include "lang/checked.hpp"

namespace clause::lang {

// Adds the warnings of a bundle that checked without errors.
void lint_bundle(const checked_bundle& b, diagnostics& out);

namespace lint {

void warn_unused(const checked_bundle& b, diagnostics& out);
void warn_rules(const checked_bundle& b, diagnostics& out);
void warn_translations(const checked_bundle& b, diagnostics& out);

}  // namespace lint

}  // namespace clause::lang
