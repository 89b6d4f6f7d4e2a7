// `clause diff OLD NEW [CASES…]`: every case decided under both bundles, the cases whose decisions
// differ summed up by decision and kind of change, beside the declarations that changed. Cases
// stream through in pages as in `clause eval`; each worker holds a session of each bundle and
// decides a case under both, so both results are compared where they were made and only the
// changes leave the worker.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include "cli/bundle_source.hpp"
#include "cli/bundle_tests.hpp"
#include "cli/case_options.hpp"
#include "cli/case_pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/diff_compare.hpp"
#include "cli/diff_report.hpp"
#include "cli/diff_tally.hpp"
#include "cli/usage_error.hpp"
#include "lang/json_string.hpp"
#include "lang/suggest.hpp"

namespace clause::cli {

namespace {

namespace fs = std::filesystem;

enum class output { human, json, ndjson };

struct diff_arguments {
  std::vector<std::string> operands;  // OLD, NEW, then case files
  case_options cases;
  output format = output::human;
  std::size_t examples = 3;
  std::optional<std::size_t> max_changed;
};

const std::vector<std::string> diff_flags = {"--now",    "--locale",   "--param",       "--jobs",
                                             "--format", "--examples", "--max-changed", "--help"};

diff_arguments parse_arguments(std::span<const std::string> args) {
  diff_arguments a;
  auto operand = [&](const std::string& o) { a.operands.push_back(o); };
  auto option = [&](const std::string& name, const option_value& value, bool) {
    if (parse_case_option(name, value, a.cases)) return;
    if (name == "--format") {
      const std::string f = value();
      if (f == "human") {
        a.format = output::human;
      } else if (f == "json") {
        a.format = output::json;
      } else if (f == "ndjson") {
        a.format = output::ndjson;
      } else {
        const std::string hint = lang::did_you_mean(f, {"human", "json", "ndjson"});
        throw usage_error(fmt::format("unknown format `{}` for `clause diff`", f),
                          hint.empty() ? "use `human`, `json` or `ndjson`" : hint);
      }
    } else if (name == "--examples") {
      a.examples = parse_count("--examples", value(), 0, 1000);
    } else if (name == "--max-changed") {
      a.max_changed = parse_count("--max-changed", value(), 0, 4000000000U);
    } else {
      throw usage_error(fmt::format("unknown option `{}` for `clause diff`", name),
                        lang::did_you_mean(name, diff_flags));
    }
  };
  walk_arguments(args, operand, option);
  if (a.operands.size() < 2) {
    throw usage_error("`clause diff` needs the old bundle and the new one",
                      "for example `clause diff main:rules/mca rules/mca cases.ndjson`");
  }
  return a;
}

std::optional<load_result> load(const bundle_source& source) {
  load_result loaded = policy::load(source.path());
  if (loaded) return loaded;
  std::fputs(source.shown(loaded.render()).c_str(), stderr);
  fmt::print(stderr, "clause: error: the policy `{}` does not load\n", source.argument());
  return std::nullopt;
}

// Without case files: the YAML files of both bundles' `tests/`, the new bundle's first; a file
// of the old bundle that the new one has unchanged is read once.
std::vector<std::string> bundle_tests(const bundle_source& before, const bundle_source& after) {
  std::vector<std::string> files;
  std::map<std::string, std::string> new_files;  // name -> path
  auto list = [](const bundle_source& b) {
    std::vector<fs::path> out;
    for (const std::string& f : bundle_test_files(b.path()))
      out.emplace_back(f);
    return out;
  };
  auto same_content = [](const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::file_size(a, ec) != fs::file_size(b, ec)) return false;
    std::FILE* fa = std::fopen(a.c_str(), "rb");
    std::FILE* fb = std::fopen(b.c_str(), "rb");
    bool same = fa && fb;
    char x[4096], y[4096];
    while (same) {
      const std::size_t n = std::fread(x, 1, sizeof x, fa);
      same = std::fread(y, 1, sizeof y, fb) == n && std::equal(x, x + n, y);
      if (n == 0) break;
    }
    if (fa) std::fclose(fa);
    if (fb) std::fclose(fb);
    return same;
  };
  for (const fs::path& p : list(after)) {
    files.push_back(p.string());
    new_files[p.filename().string()] = p.string();
  }
  for (const fs::path& p : list(before)) {
    const auto twin = new_files.find(p.filename().string());
    if (twin == new_files.end() || !same_content(p, twin->second)) files.push_back(p.string());
  }
  return files;
}

// `--param` values go to each bundle that declares the parameter: a parameter the change adds
// or removes can still be set. One that neither declares is a usage error.
std::vector<parameter_value> params_for(const policy& p, const std::vector<parameter_value>& all) {
  std::vector<parameter_value> out;
  for (const parameter_value& v : all) {
    for (const parameter_info& declared : p.parameters()) {
      if (declared.name == v.name) out.push_back(v);
    }
  }
  return out;
}

void check_params(const policy& a, const policy& b, const std::vector<parameter_value>& all) {
  std::vector<std::string> names;
  for (const policy* p : {&a, &b}) {
    for (const parameter_info& declared : p->parameters())
      names.push_back(declared.name);
  }
  for (const parameter_value& v : all) {
    if (std::find(names.begin(), names.end(), v.name) == names.end()) {
      throw usage_error(
          fmt::format("`--param {}`: neither policy has a parameter `{}`", v.name, v.name),
          lang::did_you_mean(v.name, names));
    }
  }
}

struct worker {
  session before, after;
};

// A chunk of cases (case_pipeline.hpp) and how each changed; summed up in input order.
struct diff_chunk : case_chunk {
  std::vector<case_change> changes;
  std::string lines;  // --format ndjson: the changed cases' lines
};

std::string_view kind_name(change_kind k) {
  switch (k) {
    case change_kind::messages:
      return "messages";
    case change_kind::decisions:
      return "decisions";
    case change_kind::now_error:
      return "now_error";
    case change_kind::now_decided:
      return "now_decided";
    case change_kind::same:
    case change_kind::errors_both:
      break;
  }
  return "same";
}

}  // namespace

int run_diff(std::span<const std::string> args) {
  diff_arguments a = parse_arguments(args);
  const bundle_source before_source(a.operands[0]);
  const bundle_source after_source(a.operands[1]);
  const auto before = load(before_source);
  if (!before) return exit_usage;
  const auto after = load(after_source);
  if (!after) return exit_usage;

  std::vector<std::string> files(a.operands.begin() + 2, a.operands.end());
  // A case file that is not there would be an error record under both bundles, which is not a
  // change: a mistyped name must not pass as "nothing changed".
  for (const std::string& file : files) {
    std::error_code ec;
    if (file != "-" && !fs::is_regular_file(file, ec) && !fs::is_fifo(file, ec) &&
        !fs::is_character_file(file, ec)) {
      throw usage_error(fmt::format("cannot read the cases in `{}`: {}", file,
                                    fs::exists(file, ec) ? "not a file" : "no such file"));
    }
  }
  if (files.empty()) {
    files = bundle_tests(before_source, after_source);
    if (files.empty()) {
      throw usage_error("no cases given, and neither bundle has tests",
                        "name files of cases, or `-` for standard input");
    }
  }
  session_options& options = a.cases.session;
  if (!options.now) options.now = start_of_run();
  check_params(*before->policy, *after->policy, options.params);
  session_options before_options = options, after_options = options;
  before_options.params = params_for(*before->policy, options.params);
  after_options.params = params_for(*after->policy, options.params);
  std::vector<std::unique_ptr<worker>> workers;
  const unsigned jobs = threads_for(a.cases.jobs);
  try {
    for (unsigned i = 0; i < jobs; ++i) {
      workers.push_back(std::unique_ptr<worker>(new worker{session(before->policy, before_options),
                                                           session(after->policy, after_options)}));
    }
  } catch (const options_error& e) {
    throw as_usage_error(e);
  }

  const bool lines = a.format == output::ndjson;
  auto shown_file = [&](std::string_view file) {
    return after_source.shown(before_source.shown(file));
  };
  pipeline_steps steps;
  steps.make_chunk = [] { return std::make_unique<diff_chunk>(); };
  steps.decide = [&](case_chunk& base, unsigned w) {
    auto& p = static_cast<diff_chunk&>(base);
    worker& k = *workers[w];
    p.changes.resize(p.size);
    p.lines.clear();
    for (std::size_t i = 0; i < p.size; ++i) {
      const result& old_result = k.before.evaluate(p.cases[i]);
      const result& new_result = k.after.evaluate(p.cases[i]);
      case_change& c = p.changes[i];
      compare(old_result, new_result, c);
      if (!lines || c.kind == change_kind::same || c.kind == change_kind::errors_both) continue;
      std::string& out = p.lines;
      out += "{\"id\":";
      lang::append_json_string(out, c.id);
      out += ",\"file\":";
      lang::append_json_string(out, shown_file(p.cases[i].file()));
      out += fmt::format(",\"line\":{},\"change\":\"{}\",\"before\":", p.cases[i].line(),
                         kind_name(c.kind));
      old_result.write(out, record_format::json);
      out += ",\"after\":";
      new_result.write(out, record_format::json);
      out += "}\n";
    }
  };
  diff_tally tally(a.examples);
  std::size_t unreadable = 0;
  std::string first_unreadable;
  steps.write = [&](case_chunk& base) {
    auto& p = static_cast<diff_chunk&>(base);
    for (std::size_t i = 0; i < p.size; ++i) {
      tally.add(p.changes[i]);
      if (!p.cases[i].readable() && unreadable++ == 0)
        first_unreadable = shown_file(p.cases[i].unreadable_reason());
    }
    write_out(p.lines);
  };
  case_reader reader(files);
  run_pipeline(reader, jobs, steps);

  diff_summary summary{before_source.argument(), after_source.argument(), &tally, {}, {}};
  summary.decision_order = after->policy->decision_names();
  for (const std::string& name : before->policy->decision_names()) {
    if (std::find(summary.decision_order.begin(), summary.decision_order.end(), name) ==
        summary.decision_order.end())
      summary.decision_order.push_back(name);
  }
  if (!lines) {
    std::vector<declaration_info> old_list = before->policy->declarations();
    std::vector<declaration_info> new_list = after->policy->declarations();
    for (declaration_info& d : old_list)
      d.location = before_source.shown(d.location);
    for (declaration_info& d : new_list)
      d.location = after_source.shown(d.location);
    summary.declarations = compare_declarations(old_list, new_list);
    write_out(a.format == output::json ? json_report(summary) : human_report(summary));
  }
  flush_out();
  // Error records under both bundles are not a change, but input that could not be read at all
  // is worth a line where a CI log shows it.
  if (unreadable) {
    fmt::print(stderr, "clause: {} could not be read (under either bundle); the first: {}\n",
               unreadable == 1 ? "1 case" : grouped(unreadable) + " cases", first_unreadable);
  }
  const std::size_t changed = tally.changed();
  if (a.max_changed) {
    if (changed <= *a.max_changed) return exit_ok;
    fmt::print(stderr, "clause: {} changed, more than --max-changed {}\n",
               changed == 1 ? "1 case" : grouped(changed) + " cases", *a.max_changed);
    return exit_failure;
  }
  return changed ? exit_failure : exit_ok;
}

}  // namespace clause::cli
