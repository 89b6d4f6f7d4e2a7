// `clause test DIR`: runs the bundle's tests (`DIR/tests/*.yaml`: cases with an `expect` key, as
// in ../shared/mca/scenarios.yaml), shows each failure as expected-vs-actual with the rules that
// decided, and reports which rules the tests made fire.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "cli/case_reader.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/bundle.hpp"
#include "lang/location.hpp"
#include "lang/suggest.hpp"
#include "runtime/api/case_runner.hpp"

namespace clause::cli {

namespace {

namespace fs = std::filesystem;

std::string join(const std::vector<std::string_view>& items) {
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
void compare(const runtime::program& p, const runtime::evaluation& e, const std::string& name,
             const YAML::Node& want, std::vector<std::string>& problems) {
  const runtime::decision_result* r = nullptr;
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    if (p.decisions[e.decisions[i].decision].name == name) r = &e.decisions[i];
  }
  if (!r) {
    problems.push_back(
        fmt::format("`{}`: expected a decision, but the case does not ask for it", name));
    return;
  }
  const runtime::compiled_decision& d = p.decisions[r->decision];
  const runtime::compiled_outcome& outcome = d.outcomes[r->outcome];
  std::string decided;
  for (std::uint32_t rule : r->rules) {
    decided +=
        fmt::format("\n      decided by `{}` at {}", p.rules[rule].id, p.rules[rule].location);
  }
  if (decided.empty()) decided = "\n      decided by the default";
  auto report = [&](std::string_view what, std::string_view expected, std::string_view actual) {
    problems.push_back(fmt::format("`{}` {}:\n      expected {}\n      actual   {}{}", name, what,
                                   expected, actual, decided));
  };
  for (const auto& kv : want) {
    const std::string key = kv.first.Scalar();
    if (key == "outcome") {
      if (kv.second.Scalar() != outcome.name) report("outcome", kv.second.Scalar(), outcome.name);
    } else if (key == "codes" || key == "warnings") {
      const auto expected = scalars(kv.second);
      const auto& actual = key == "codes" ? r->codes : r->warnings;
      if (expected != actual) report(key, join(expected), join(actual));
    } else if (key == "messages") {
      for (const auto& m : kv.second) {
        const std::string code = m["code"].Scalar(), text = m["text"].Scalar();
        bool found = false;
        std::string actual = "no message";
        for (const auto& have : r->messages) {
          if (have.code != code) continue;
          actual = fmt::format("\"{}\"", e.message_text(have));
          found = found || e.message_text(have) == text;
        }
        if (!found) report(fmt::format("message {}", code), fmt::format("\"{}\"", text), actual);
      }
    } else {
      // A payload field of the outcome (`country`, `language`).
      auto it = std::find(outcome.payload_fields.begin(), outcome.payload_fields.end(), key);
      std::string actual = "absent";
      if (it != outcome.payload_fields.end()) {
        actual.clear();
        runtime::append_value(
            actual, r->payload[static_cast<std::size_t>(it - outcome.payload_fields.begin())],
            nullptr);
      }
      if (actual != kv.second.Scalar()) report(key, kv.second.Scalar(), actual);
    }
  }
}

struct test_totals {
  std::size_t passed = 0, failed = 0;
  std::vector<std::uint32_t> fired;  // per rule: how many tests made it fire
};

void run_file(const runtime::program& p, const std::string& file, runtime::case_runner& runner,
              test_totals& totals) {
  case_reader reader({file});
  raw_case c;
  std::string record;
  while (reader.next(c)) {
    std::vector<std::string> problems;
    std::string id = std::to_string(c.origin.position);
    YAML::Node expect;
    if (c.form == raw_case::kind::yaml_node) {
      // A test case is a mapping; anything else is reported below as having no `expect`.
      const YAML::Node& node = c.node;
      if (node.IsMap()) {
        if (node["id"] && node["id"].IsScalar()) id = node["id"].Scalar();
        expect = node["expect"];
      }
    }
    if (!expect.IsMap()) {
      problems.push_back(c.form == raw_case::kind::error ? c.error.message
                                                         : "the case has no `expect` mapping");
    } else {
      record.clear();
      const bool decided = runner.run_yaml(c.node, c.origin, record);
      const YAML::Node error = expect["error"];
      if (error) {
        if (decided) {
          problems.push_back(fmt::format("expected an error at `{}`, but the case was decided",
                                         error["path"].Scalar()));
        } else if (runner.last_error().path != error["path"].Scalar()) {
          problems.push_back(fmt::format(
              "error path:\n      expected `{}`\n      actual   `{}`: {}", error["path"].Scalar(),
              runner.last_error().path, runner.last_error().message));
        }
      } else if (!decided) {
        const auto& e = runner.last_error();
        problems.push_back(fmt::format("the case does not fit the input: {}{}{}", e.path,
                                       e.path.empty() ? "" : ": ", e.message));
      } else {
        const runtime::evaluation& e = runner.last();
        std::size_t expected_count = 0;
        for (const auto& kv : expect) {
          ++expected_count;
          compare(p, e, kv.first.Scalar(), kv.second, problems);
        }
        if (e.decision_count != expected_count) {
          std::vector<std::string_view> names;
          for (std::size_t i = 0; i < e.decision_count; ++i) {
            names.emplace_back(p.decisions[e.decisions[i].decision].name);
          }
          problems.push_back(
              fmt::format("decisions: expected {}, actual {}", expected_count, join(names)));
        }
        for (std::size_t i = 0; i < e.decision_count; ++i) {
          for (std::uint32_t rule : e.decisions[i].rules)
            ++totals.fired[rule];
        }
      }
    }
    if (problems.empty()) {
      ++totals.passed;
    } else {
      ++totals.failed;
      fmt::print("FAIL {} ({})\n", id, lang::format_location(file, c.origin.line));
      for (const auto& problem : problems)
        fmt::print("    {}\n", problem);
    }
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
  const lang::load_result loaded = lang::load_bundle_path(paths[0]);
  if (!loaded.bundle) {
    std::fputs(lang::render(loaded.diags, *loaded.sources).c_str(), stderr);
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
  const auto program = runtime::compile(loaded.bundle);
  runtime::evaluation_options options;  // every test case sets its own `now`
  runtime::case_runner runner(program, options, runtime::record_format::json);
  test_totals totals;
  totals.fired.assign(program->rules.size(), 0);
  for (const std::string& file : files)
    run_file(*program, file, runner, totals);

  // Coverage by rule declaration: a rule feeding several decisions counts once.
  std::vector<std::string> uncovered;
  std::set<std::string> seen;
  std::size_t rules = 0, covered = 0;
  for (std::size_t i = 0; i < program->rules.size(); ++i) {
    const auto& rule = program->rules[i];
    if (!seen.insert(rule.id).second) continue;
    ++rules;
    std::uint32_t fired = 0;
    for (std::size_t j = 0; j < program->rules.size(); ++j) {
      if (program->rules[j].id == rule.id) fired += totals.fired[j];
    }
    if (fired) {
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
