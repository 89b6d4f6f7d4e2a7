// `clause verify [options] DIR` and `clause verify --against OLD NEW`: argument parsing and
// printing; the questions and the solver are verify/'s.
#include <fmt/format.h>

#include <charconv>
#include <cstdio>

#include "cli/bundle_tests.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/suggest.hpp"
#include "verify/verify.hpp"

namespace clause::cli {

namespace {

const std::vector<std::string> verify_flags = {
    "--against", "--list-bound", "--timeout",  "--rlimit",   "--param", "--format",
    "--timing",  "--properties", "--property", "--no-tests", "--help"};

constexpr const char* verify_usage =
    "usage: clause verify [--list-bound K] [--timeout SECONDS] [--param NAME=VALUE]... "
    "[--format yaml|json] [--properties] [--property NAME]... DIR | --against OLD NEW";

unsigned positive(const std::string& flag, const std::string& text, unsigned most) {
  unsigned n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n == 0 || n > most) {
    throw usage_error(
        fmt::format("`{}` needs a whole number from 1 to {}, not `{}`", flag, most, text));
  }
  return n;
}

}  // namespace

int run_verify(std::span<const std::string> args) {
  verify::options o;
  std::vector<std::string> paths;
  bool against = false;
  bool no_tests = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& flag) -> std::string {
      if (a.size() > flag.size() && a.starts_with(flag + "=")) return a.substr(flag.size() + 1);
      if (i + 1 >= args.size()) throw usage_error(fmt::format("`{}` needs a value", flag));
      return args[++i];
    };
    auto is = [&](const std::string& flag) { return a == flag || a.starts_with(flag + "="); };
    if (a == "--against") {
      against = true;
    } else if (is("--list-bound")) {
      o.list_bound = positive("--list-bound", value("--list-bound"), 16);
    } else if (is("--timeout")) {
      o.timeout_ms = positive("--timeout", value("--timeout"), 3600) * 1000;
    } else if (is("--rlimit")) {
      o.rlimit = positive("--rlimit", value("--rlimit"), 4'000'000'000u);
    } else if (is("--param")) {
      const std::string p = value("--param");
      const auto eq = p.find('=');
      if (eq == std::string::npos || eq == 0)
        throw usage_error(fmt::format("`--param` needs NAME=VALUE, not `{}`", p));
      o.params.emplace_back(p.substr(0, eq), p.substr(eq + 1));
    } else if (is("--format")) {
      const std::string f = value("--format");
      if (f != "yaml" && f != "json")
        throw usage_error(fmt::format("unknown format `{}` for `clause verify`", f),
                          "use `yaml` or `json`");
      o.json = f == "json";
    } else if (a == "--timing") {
      o.timing = true;
    } else if (a == "--properties") {
      o.properties_only = true;
    } else if (is("--property")) {
      o.property_names.push_back(value("--property"));
      o.properties_only = true;
    } else if (a == "--no-tests") {
      no_tests = true;
    } else if (a.starts_with("-")) {
      throw usage_error(fmt::format("unknown option `{}` for `clause verify`", a),
                        lang::did_you_mean(a, verify_flags));
    } else {
      paths.push_back(a);
    }
  }
  if (against ? paths.size() != 2 : paths.size() != 1) {
    throw usage_error(against ? "`clause verify --against` compares two bundles: OLD and NEW"
                      : paths.empty() ? "`clause verify` needs the bundle to verify"
                                      : "`clause verify` verifies one bundle at a time",
                      verify_usage);
  }
  if (against && !o.property_names.empty())
    throw usage_error("`--property` is not taken with `--against`",
                      "`--against` compares the decisions of two versions, not properties");
  if (!against && !no_tests) o.known_case_files = bundle_test_files(paths[0]);
  verify::report r;
  try {
    r = against ? verify::verify_against(paths[0], paths[1], o)
                : verify::verify_bundle(paths[0], o);
  } catch (const verify::usage_problem& p) {
    throw usage_error(p.message, p.help);
  }
  std::fputs(r.errors.c_str(), stderr);
  write_out(r.text);
  flush_out();
  return r.exit_code;
}

}  // namespace clause::cli
