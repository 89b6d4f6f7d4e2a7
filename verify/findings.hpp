// What a run found, question by question, and how it is printed.
#pragma once

#include <string>
#include <vector>

#include "verify/verify.hpp"

namespace clause::verify {

struct finding {
  enum class status { proved, note, fails, unknown } is = status::unknown;
  std::string subject;  // `rule cloud-not-supported -> attest`
  std::string text;     // `can fire`, `can never fire: …`, `counterexample`
  std::string where;    // file:line:column of what it is about
  std::string witness;  // the case, as YAML or JSON
  std::string witness_label = "case";
  double seconds = 0;
};

struct section {
  std::string title;
  std::vector<finding> findings;
};

// The report's text and its exit code.
report render(const std::string& heading, const std::vector<section>& sections, bool timing,
              double total_seconds);

}  // namespace clause::verify
