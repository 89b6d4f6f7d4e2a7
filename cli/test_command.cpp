// `clause test DIR`: runs the bundle's tests (`DIR/tests/*.yaml`: cases with an `expect` key, as
// in ../shared/mca/scenarios.yaml), shows each failure as expected-vs-actual with the rules that
// decided, and reports which rules the tests made fire. A client of the public API, as `eval` is.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "clause/clause.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/location.hpp"
#include "lang/suggest.hpp"

namespace clause::cli {

namespace {

namespace fs = std::filesystem;

std::string join(const std::vector<std::string_view>& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

template <typename Items>
std::string join_all(const Items& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

std::vector<std::string_view> scalars(const YAML::Node& list) {
  std::vector<std::string_view> out;
  if (list.IsSequence()) {
    for (const auto& item : list)
      out.emplace_back(item.Scalar());
  }
  return out;
}

// The differences between an expected decision and the actual one, in words.
void compare(const result& r, const std::string& name, const YAML::Node& want,
             std::vector<std::string>& problems) {
  const decision* d = r.find(name);
  if (!d) {
    problems.push_back(
        fmt::format("`{}`: expected a decision, but the case does not ask for it", name));
    return;
  }
  std::string decided;
  for (const auto& [rule, at] : d->rules())
    decided += fmt::format("\n      decided by `{}` at {}", rule, at);
  if (decided.empty()) decided = "\n      decided by the default";
  auto report = [&](std::string_view what, std::string_view expected, std::string_view actual) {
    problems.push_back(fmt::format("`{}` {}:\n      expected {}\n      actual   {}{}", name, what,
                                   expected, actual, decided));
  };
  for (const auto& kv : want) {
    const std::string key = kv.first.Scalar();
    if (key == "outcome") {
      if (kv.second.Scalar() != d->outcome()) report("outcome", kv.second.Scalar(), d->outcome());
    } else if (key == "codes" || key == "warnings") {
      const auto expected = scalars(kv.second);
      const auto actual = key == "codes" ? d->codes() : d->warnings();
      if (!std::equal(expected.begin(), expected.end(), actual.begin(), actual.end())) {
        report(key, join(expected), join_all(actual));
      }
    } else if (key == "messages") {
      for (const auto& m : kv.second) {
        const std::string code = m["code"].Scalar(), text = m["text"].Scalar();
        bool found = false;
        std::string actual = "no message";
        for (const message& have : d->messages()) {
          if (have.code != code) continue;
          actual = fmt::format("\"{}\"", have.text);
          found = found || have.text == text;
        }
        if (!found) report(fmt::format("message {}", code), fmt::format("\"{}\"", text), actual);
      }
    } else {
      // A payload field of the outcome (`country`, `language`).
      const std::string_view actual = d->payload(key).value_or("absent");
      if (actual != kv.second.Scalar()) report(key, kv.second.Scalar(), actual);
    }
  }
}

struct test_totals {
  std::size_t passed = 0, failed = 0;
  std::map<std::string, std::uint32_t, std::less<>> fired;  // per rule id: tests that fired it
};

void run_file(const std::string& file, session& s, test_totals& totals) {
  case_reader reader({file});
  case_input c;
  std::size_t cases = 0;
  while (reader.next(c)) {
    ++cases;
    std::vector<std::string> problems;
    std::string id = std::to_string(c.position());
    YAML::Node expect;
    if (c.readable()) {
      // A test case is a mapping; anything else is reported below as having no `expect`.
      try {
        const YAML::Node node = YAML::Load(c.text());
        if (node.IsMap()) {
          if (node["id"] && node["id"].IsScalar()) id = node["id"].Scalar();
          expect = node["expect"];
        }
      } catch (const YAML::Exception&) {
        // JSON the reader accepted that yaml-cpp does not: no `expect` to read
      }
    }
    if (!expect.IsMap()) {
      problems.push_back(!c.readable() ? std::string(c.unreadable_reason())
                                       : "the case has no `expect` mapping");
    } else {
      const result& r = s.evaluate(c);
      const YAML::Node error = expect["error"];
      if (error) {
        if (r.ok()) {
          problems.push_back(fmt::format("expected an error at `{}`, but the case was decided",
                                         error["path"].Scalar()));
        } else if (r.error_path() != error["path"].Scalar()) {
          problems.push_back(
              fmt::format("error path:\n      expected `{}`\n      actual   `{}`: {}",
                          error["path"].Scalar(), r.error_path(), r.error()));
        }
      } else if (!r.ok()) {
        problems.push_back(fmt::format("the case does not fit the input: {}{}{}", r.error_path(),
                                       r.error_path().empty() ? "" : ": ", r.error()));
      } else {
        std::size_t expected_count = 0;
        for (const auto& kv : expect) {
          ++expected_count;
          compare(r, kv.first.Scalar(), kv.second, problems);
        }
        if (r.decisions().size() != expected_count) {
          std::vector<std::string_view> names;
          for (const decision& d : r.decisions())
            names.push_back(d.name());
          problems.push_back(
              fmt::format("decisions: expected {}, actual {}", expected_count, join(names)));
        }
        for (const decision& d : r.decisions()) {
          for (const auto& [rule, at] : d.rules())
            ++totals.fired[std::string(rule)];
        }
      }
    }
    if (problems.empty()) {
      ++totals.passed;
    } else {
      ++totals.failed;
      fmt::print("FAIL {} ({})\n", id, lang::format_location(file, c.line()));
      for (const auto& problem : problems)
        fmt::print("    {}\n", problem);
    }
  }
  // A file that yields no case (empty, comments only, or not YAML at all) tests nothing: a
  // mistake, not a pass.
  if (cases == 0) {
    ++totals.failed;
    fmt::print("FAIL {}\n    the file holds no test case\n", file);
  }
}

}  // namespace

int run_test(std::span<const std::string> args) {
  std::vector<std::string> paths;
  for (const std::string& a : args) {
    if (a.starts_with("-") && a != "-") {
      throw usage_error(fmt::format("unknown option `{}` for `clause test`", a),
                        lang::did_you_mean(a, {"--help"}));
    }
    paths.push_back(a);
  }
  if (paths.size() != 1) {
    throw usage_error(paths.empty() ? "`clause test` needs the bundle to test"
                                    : "`clause test` tests one bundle at a time",
                      "usage: clause test DIR");
  }
  const load_result loaded = policy::load(paths[0]);
  if (!loaded) {
    std::fputs(loaded.render().c_str(), stderr);
    fmt::print(stderr, "clause: error: the policy `{}` does not load\n", paths[0]);
    return exit_usage;
  }
  std::vector<std::string> files;
  std::error_code ec;
  const fs::path dir = fs::path(paths[0]) / "tests";
  if (fs::is_directory(dir, ec)) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml"))
        files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    throw usage_error(fmt::format("`{}` has no tests", paths[0]),
                      "put YAML files of cases with an `expect` key in its `tests/` directory");
  }
  session s(loaded.policy);  // every test case sets its own `now`
  test_totals totals;
  for (const std::string& file : files)
    run_file(file, s, totals);

  // Coverage by rule declaration: a rule feeding several decisions counts once.
  std::vector<std::string> uncovered;
  std::set<std::string> seen;
  std::size_t rules = 0, covered = 0;
  for (const rule_info& rule : loaded.policy->rules()) {
    if (!seen.insert(rule.id).second) continue;
    ++rules;
    if (totals.fired.contains(rule.id)) {
      ++covered;
    } else {
      uncovered.push_back(fmt::format("{} ({})", rule.id, rule.location));
    }
  }
  fmt::print("\n{} passed, {} failed ({} test files)\n", totals.passed, totals.failed,
             files.size());
  fmt::print("rule coverage: {} of {} rules fired ({}%)\n", covered, rules,
             rules ? covered * 100 / rules : 100);
  for (const auto& u : uncovered)
    fmt::print("  never fired: {}\n", u);
  return totals.failed ? exit_failure : exit_ok;
}

}  // namespace clause::cli
