// A session's options checked against its policy and turned into what evaluation reads. Every
// mistake is an `options_error` naming the option, the text given and what would fit.
#pragma once

#include <deque>
#include <optional>
#include <string>

#include "clause/clause.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

struct resolved_options {
  evaluation_options evaluation;
  bool fixed_now = false;         // false: the system clock at each evaluation
  std::string locale;             // evaluation.locale points here
  std::deque<std::string> texts;  // string parameters' values point here
};

// Throws options_error.
void resolve_options(const program& p, const session_options& given, resolved_options& out);

// A parameter's type as authors write it: `bool`, `date`, an enum's name.
std::string type_name(const schema_type& type);

}  // namespace clause::runtime
