#include "cli/test/compare.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace clause::cli::test {

namespace {

template <typename Items>
std::string bracketed(const Items& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

void compare_decision(const decision& d, const expected_decision& want,
                      std::vector<std::string>& problems) {
  std::string decided;
  for (const auto& [rule, at] : d.rules())
    decided += fmt::format("\n      decided by `{}` at {}", rule, at);
  if (decided.empty()) decided = "\n      decided by the default";
  auto report = [&](std::string_view what, std::string_view expected, std::string_view actual) {
    problems.push_back(fmt::format("`{}` {}:\n      expected {}\n      actual   {}{}", want.name,
                                   what, expected, actual, decided));
  };
  if (want.outcome && *want.outcome != d.outcome()) report("outcome", *want.outcome, d.outcome());
  // Codes and warnings are sets: compared sorted, as records list them.
  auto compare_list = [&](std::string_view what, const std::vector<std::string>& expected,
                          std::span<const std::string_view> actual) {
    std::vector<std::string_view> have(actual.begin(), actual.end());
    std::sort(have.begin(), have.end());
    if (!std::equal(expected.begin(), expected.end(), have.begin(), have.end()))
      report(what, bracketed(expected), bracketed(have));
  };
  if (want.codes) compare_list("codes", *want.codes, d.codes());
  if (want.warnings) compare_list("warnings", *want.warnings, d.warnings());
  // A conflict fails the case unless it is expected: listed among the warnings (which the line
  // above then compares as a whole).
  const std::string_view conflict =
      std::find(d.warnings().begin(), d.warnings().end(), "PAYLOAD_CONFLICT") != d.warnings().end()
          ? "PAYLOAD_CONFLICT"
          : "RULE_CONFLICT";
  const bool expected_conflict =
      want.warnings &&
      std::find(want.warnings->begin(), want.warnings->end(), conflict) != want.warnings->end();
  if (!d.conflicts().empty() && !expected_conflict) {
    problems.push_back(
        fmt::format("`{}`: rules `{}` conflict ({}: `{}` decided)\n"
                    "      list `{}` in its `warnings` if the case is meant to conflict{}",
                    want.name, fmt::join(d.conflicts(), "`, `"),
                    conflict == "RULE_CONFLICT" ? "all match a `unique` decision"
                                                : "different payloads for one outcome",
                    d.conflicts()[0], conflict, decided));
  }
  for (const expected_message& m : want.messages) {
    bool found = false;
    std::string actual = "no message";
    for (const message& have : d.messages()) {
      if (have.code != m.code) continue;
      actual = fmt::format("\"{}\"", have.text);
      found = found || have.text == m.text;
    }
    if (!found) report(fmt::format("message {}", m.code), fmt::format("\"{}\"", m.text), actual);
  }
  for (const auto& [field, value] : want.payload) {
    const std::string_view actual = d.payload(field).value_or("absent");
    if (actual != value) report(field, value, actual);
  }
}

}  // namespace

std::vector<std::string> compare(const result& r, const test_case& expected) {
  std::vector<std::string> problems;
  if (expected.error_path) {
    if (r.ok()) {
      problems.push_back(
          fmt::format("expected an error at `{}`, but the case was decided", *expected.error_path));
    } else if (r.error_path() != *expected.error_path) {
      problems.push_back(fmt::format("error path:\n      expected `{}`\n      actual   `{}`: {}",
                                     *expected.error_path, r.error_path(), r.error()));
    }
    return problems;
  }
  if (!r.ok()) {
    problems.push_back(fmt::format("the case does not fit the input: {}{}{}", r.error_path(),
                                   r.error_path().empty() ? "" : ": ", r.error()));
    return problems;
  }
  for (const expected_decision& want : expected.decisions) {
    if (const decision* d = r.find(want.name)) {
      compare_decision(*d, want, problems);
    } else {
      problems.push_back(
          fmt::format("`{}`: expected the decision, but the case does not get it", want.name));
    }
  }
  for (const decision& d : r.decisions()) {
    const bool named = std::any_of(expected.decisions.begin(), expected.decisions.end(),
                                   [&](const expected_decision& w) { return w.name == d.name(); });
    if (!named) {
      problems.push_back(
          fmt::format("`{}`: the case gets this decision ({}), but `expect` does "
                      "not name it",
                      d.name(), d.outcome()));
    }
  }
  return problems;
}

}  // namespace clause::cli::test
