// `clause test DIR`: runs the bundle's tests (`DIR/tests/*.yaml`), reports each failure as
// expected-vs-actual and each mistake in a test file where it is, and coverage beyond rules. The
// options and the exit code are here; reading test files, comparing, coverage and the report are
// in `cli/test/`. A client of the public API, as `eval` is.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <regex>

#include "clause/clause.hpp"
#include "cli/bundle_tests.hpp"
#include "cli/commands.hpp"
#include "cli/test/report.hpp"
#include "cli/test/runner.hpp"
#include "cli/usage_error.hpp"
#include "lang/suggest.hpp"

namespace clause::cli {

namespace {

namespace fs = std::filesystem;

const std::vector<std::string> test_options = {"--run", "--format", "--min-coverage", "--help"};

struct test_arguments {
  std::string bundle;
  std::string format = "text";
  test::run_options run;
};

// `--name VALUE` or `--name=VALUE`: the value, or nothing when `a` is another argument.
std::optional<std::string> option_value(std::span<const std::string> args, std::size_t& i,
                                        std::string_view name) {
  const std::string& a = args[i];
  if (a == name) {
    if (i + 1 >= args.size()) throw usage_error(fmt::format("`{}` needs a value", name));
    return args[++i];
  }
  if (a.size() > name.size() && a.starts_with(name) && a[name.size()] == '=')
    return a.substr(name.size() + 1);
  return std::nullopt;
}

test_arguments parse(std::span<const std::string> args) {
  test_arguments out;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (auto v = option_value(args, i, "--run")) {
      try {
        out.run.run.emplace(*v, std::regex::ECMAScript);
      } catch (const std::regex_error& e) {
        throw usage_error(fmt::format("`--run {}` is not a regular expression: {}", *v, e.what()),
                          "write an ECMAScript pattern, such as `r0` or `^x-(ca|jp)`");
      }
      out.run.run_text = *v;
    } else if (auto f = option_value(args, i, "--format")) {
      if (*f != "text" && *f != "json") {
        const std::string guess = lang::did_you_mean(*f, {"text", "json"});
        throw usage_error(fmt::format("unknown format `{}` for `clause test`", *f),
                          guess.empty() ? "use `text` or `json`" : guess);
      }
      out.format = *f;
    } else if (auto m = option_value(args, i, "--min-coverage")) {
      std::size_t n = 0;
      const auto [end, ec] = std::from_chars(m->data(), m->data() + m->size(), n);
      if (ec != std::errc() || end != m->data() + m->size() || n > 100 || m->empty()) {
        throw usage_error(fmt::format("`--min-coverage {}` is not a percent", *m),
                          "write a whole number from 0 to 100, such as `--min-coverage 90`");
      }
      out.run.min_coverage = n;
    } else if (args[i].starts_with("-") && args[i] != "-") {
      throw usage_error(fmt::format("unknown option `{}` for `clause test`", args[i]),
                        lang::did_you_mean(args[i], test_options));
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.size() != 1) {
    throw usage_error(paths.empty() ? "`clause test` needs the bundle to test"
                                    : "`clause test` tests one bundle at a time",
                      "usage: clause test [--run PATTERN] [--format text|json] "
                      "[--min-coverage N] DIR");
  }
  out.bundle = paths[0];
  return out;
}

}  // namespace

int run_test(std::span<const std::string> args) {
  const test_arguments a = parse(args);
  const load_result loaded = policy::load(a.bundle);
  if (!loaded) {
    std::fputs(loaded.render().c_str(), stderr);
    fmt::print(stderr, "clause: error: the policy `{}` does not load\n", a.bundle);
    return exit_usage;
  }
  const std::vector<std::string> files = bundle_test_files(a.bundle);
  if (files.empty()) {
    throw usage_error(fmt::format("`{}` has no tests", a.bundle),
                      "put YAML files of cases with an `expect` key in its `tests/` directory");
  }
  const test::run_report report = test::run_tests(loaded.policy, files, a.run);
  std::string out;
  if (a.format == "json") {
    test::write_json(report, out);
  } else {
    test::write_text(report, out);
  }
  write_out(out);
  return report.ok() ? exit_ok : exit_failure;
}

}  // namespace clause::cli
