// `clause check [--format human|json] PATH`: the diagnostics of a bundle.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/bundle.hpp"
#include "lang/suggest.hpp"

namespace clause::cli {

int run_check(std::span<const std::string> args) {
  std::string format = "human";
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
    } else if (a.starts_with("-") && a != "-") {
      throw usage_error(fmt::format("unknown option `{}` for `clause check`", a),
                        lang::did_you_mean(a, {"--format", "--help"}));
    } else {
      paths.push_back(a);
    }
  }
  if (paths.size() != 1) {
    throw usage_error(paths.empty() ? "`clause check` needs the bundle to check"
                                    : "`clause check` checks one bundle at a time",
                      "usage: clause check [--format human|json] DIR");
  }
  const lang::load_result result = lang::load_bundle_path(paths[0]);
  if (format == "json") {
    std::fputs(lang::render_json(result.diags, *result.sources).c_str(), stdout);
  } else {
    std::fputs(lang::render(result.diags, *result.sources).c_str(), stderr);
    if (result.bundle) {
      const auto& b = *result.bundle;
      std::size_t rules = 0;
      for (const auto& m : b.modules)
        rules += m->rules.size();
      fmt::print("{}: ok — policy `{}` version {}: {} decisions, {} rules\n", paths[0],
                 b.header.id.text, b.header.version, b.decisions.size(), rules);
    } else {
      std::size_t errors = 0;
      for (const auto& d : result.diags.items())
        errors += d.level == lang::severity::error;
      fmt::print(stderr, "{}: {} error{}\n", paths[0], errors, errors == 1 ? "" : "s");
    }
  }
  return result.bundle ? exit_ok : exit_failure;
}

}  // namespace clause::cli
