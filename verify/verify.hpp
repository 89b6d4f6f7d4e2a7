// `clause verify`: what can be proved of a policy bundle with Z3, and the cases that break what
// cannot. The CLI's only door into verify/; the runtime a host links knows nothing of it.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace clause::verify {

struct options {
  unsigned list_bound = 3;       // --list-bound K
  unsigned timeout_ms = 10'000;  // --timeout, per question
  // --rlimit: the solver's work per question (Z3's resource count) instead of a time: the same
  // answers on any machine under any load, and no timer; 0 = use `timeout_ms`.
  unsigned rlimit = 0;
  std::vector<std::pair<std::string, std::string>> params;  // --param NAME=VALUE
  bool json = false;                                        // witnesses as JSON, else YAML
  bool timing = false;                                      // each question's time
  bool properties_only = false;                             // --properties: skip rules and gaps
  // --property NAME (repeatable): ask about these properties only (implies properties_only); a
  // name the bundle does not declare is a usage_problem.
  std::vector<std::string> property_names;
  // Cases to try before the solver (the bundle's tests; `--no-tests` leaves them out): a rule
  // one of them fires, a default one reaches or a conflict one shows needs no search. Not used
  // with `params` (a case may set its own) nor by `--against`.
  std::vector<std::string> known_case_files;
};

// The outcome of a run: the report, and the exit code it calls for (0 all proved, 1 a property
// fails, a rule can never fire, a `unique` decision can conflict or two versions decide a case
// differently, 3 some answers are unknown).
struct report {
  std::string text;    // standard output
  std::string errors;  // standard error (a bundle that does not load)
  int exit_code = 0;
};

// A mistake in the options (`--param` naming no parameter, a value of the wrong type).
struct usage_problem {
  std::string message;
  std::string help;
};

inline constexpr int exit_proved = 0, exit_failed = 1, exit_usage = 2, exit_unknown = 3;

// Throws usage_problem; a bundle that does not load is a report with exit code 2.
report verify_bundle(const std::string& path, const options& o);
report verify_against(const std::string& old_path, const std::string& new_path, const options& o);

}  // namespace clause::verify
