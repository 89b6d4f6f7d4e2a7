// `clause check [--format human|json] [--deny-warnings] PATH`: the diagnostics of a bundle.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "clause/clause.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/suggest.hpp"

namespace clause::cli {

int run_check(std::span<const std::string> args) {
  std::string format = "human";
  bool deny_warnings = false;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--format" || a.starts_with("--format=")) {
      if (a == "--format") {
        if (i + 1 >= args.size()) throw usage_error("`--format` needs a value: `human` or `json`");
        format = args[++i];
      } else {
        format = a.substr(9);
      }
      if (format != "human" && format != "json") {
        throw usage_error(fmt::format("unknown format `{}` for `clause check`", format),
                          lang::did_you_mean(format, {"human", "json"}).empty()
                              ? "use `human` or `json`"
                              : lang::did_you_mean(format, {"human", "json"}));
      }
    } else if (a == "--deny-warnings") {
      deny_warnings = true;
    } else if (a.starts_with("-") && a != "-") {
      throw usage_error(fmt::format("unknown option `{}` for `clause check`", a),
                        lang::did_you_mean(a, {"--format", "--deny-warnings", "--help"}));
    } else {
      paths.push_back(a);
    }
  }
  if (paths.size() != 1) {
    throw usage_error(paths.empty() ? "`clause check` needs the bundle to check"
                                    : "`clause check` checks one bundle at a time",
                      "usage: clause check [--format human|json] [--deny-warnings] DIR");
  }
  const load_result result = policy::load(paths[0]);
  const auto count = [&](severity level) {
    return std::count_if(result.diagnostics.begin(), result.diagnostics.end(),
                         [&](const diagnostic& d) { return d.severity == level; });
  };
  const auto warnings = count(severity::warning);
  const std::string warned =
      warnings ? fmt::format("{} warning{}", warnings, warnings == 1 ? "" : "s") : "";
  if (format == "json") {
    std::fputs(result.render_json().c_str(), stdout);
  } else {
    std::fputs(result.render().c_str(), stderr);
    if (result) {
      const policy& p = *result.policy;
      std::set<std::string_view> rules;
      for (const rule_info& rule : p.rules())
        rules.insert(rule.id);
      const std::size_t decisions = p.decision_names().size();
      fmt::print("{}: ok — policy `{}` version {}: {} decision{}, {} rule{}{}{}\n", paths[0],
                 p.name(), p.version(), decisions, decisions == 1 ? "" : "s", rules.size(),
                 rules.size() == 1 ? "" : "s", warned.empty() ? "" : "; ", warned);
      if (deny_warnings && warnings)
        fmt::print(stderr, "{}: {}, denied by --deny-warnings\n", paths[0], warned);
    } else {
      const auto errors = count(severity::error);
      fmt::print(stderr, "{}: {} error{}{}{}\n", paths[0], errors, errors == 1 ? "" : "s",
                 warned.empty() ? "" : ", ", warned);
    }
  }
  // No bundle at all (E0001) means the command could not run as asked, as for eval and test.
  const bool no_bundle = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                     [](const diagnostic& d) { return d.code == "E0001"; });
  if (!result) return no_bundle ? exit_usage : exit_failure;
  return deny_warnings && warnings ? exit_failure : exit_ok;
}

}  // namespace clause::cli
