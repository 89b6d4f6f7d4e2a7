#include "cli/test/runner.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "cli/test/compare.hpp"
#include "cli/test/coverage_summary.hpp"
#include "cli/test/test_file_reader.hpp"

namespace clause::cli::test {

namespace {

struct run_state {
  session& s;
  const run_options& options;
  run_report& report;
  std::map<std::string, place, std::less<>> ids;  // first use of each id
  std::set<std::string, std::less<>> fired;       // rules that fired in some case
};

// Ids name cases in reports and in `--run`: a second use is a mistake, and that case does not run.
void check_ids(test_file& file, run_state& state) {
  for (test_case& c : file.cases) {
    if (!c.named) continue;
    const auto [first, inserted] = state.ids.emplace(c.id, c.at);
    if (inserted) continue;
    file.mistakes.push_back(make_mistake(
        c.at, c.id, fmt::format("the id `{}` is used twice", c.id),
        fmt::format("its first use is at {}; give each case its own id", first->second.text())));
    c.runnable = false;
  }
}

// The file's cases as `clause eval` reads them (the same documents and list items, with the same
// schema checks), paired in order with what `read_test_file` made of them.
void run_cases(const test_file& file, file_report& out, run_state& state) {
  case_reader reader({file.path});
  case_input input;
  std::size_t i = 0;
  while (reader.next(input)) {
    if (i >= file.cases.size()) break;
    const test_case& t = file.cases[i++];
    if (!t.runnable) continue;
    if (state.options.run && !std::regex_search(t.id, *state.options.run)) {
      ++state.report.not_run;
      continue;
    }
    case_outcome& outcome = out.cases.emplace_back();
    outcome.id = t.id;
    outcome.at = t.at;
    if (!input.readable()) {
      outcome.problems.emplace_back(input.unreadable_reason());
      continue;
    }
    const result& r = state.s.evaluate(input);
    outcome.problems = compare(r, t);
    for (const decision& d : r.decisions()) {
      for (const auto& [rule, at] : d.rules())
        state.fired.emplace(rule);
    }
  }
  if (i != file.cases.size()) {
    out.mistakes.push_back(make_mistake(
        {file.path, 1, 0}, {}, "this file's cases could not be told apart",
        "write each case as a YAML document (separated by `---`) or an item of a top-level list"));
  }
}

}  // namespace

run_report run_tests(const std::shared_ptr<const policy>& p, const std::vector<std::string>& files,
                     const run_options& options) {
  run_report report;
  report.run_pattern = options.run_text;
  report.min_coverage = options.min_coverage;
  coverage collected(p);
  session s(p, {.coverage = &collected});  // every test case sets its own `now`
  run_state state{s, options, report, {}, {}};
  for (const std::string& path : files) {
    file_report& out = report.files.emplace_back();
    out.path = path;
    try {
      test_file file = read_test_file(path, *p);
      check_ids(file, state);
      if (file.parsed) run_cases(file, out, state);
      out.mistakes.insert(out.mistakes.begin(), file.mistakes.begin(), file.mistakes.end());
    } catch (const YAML::Exception& e) {
      // (Not expected: the reader catches what the file's text can cause.)
      out.mistakes.push_back(make_mistake({path, 1, 0}, {}, "cannot read this file: " + e.msg, {}));
    }
    std::stable_sort(
        out.mistakes.begin(), out.mistakes.end(), [](const mistake& a, const mistake& b) {
          return a.at.line != b.at.line ? a.at.line < b.at.line : a.at.column < b.at.column;
        });
  }
  if (options.run_text && report.passed() + report.failed() == 0) {
    report.nothing_ran =
        fmt::format("no test case has an id that matches `{}` (--run)", *options.run_text);
  }
  report.coverage = summarize_coverage(*p, state.fired, collected);
  return report;
}

}  // namespace clause::cli::test
