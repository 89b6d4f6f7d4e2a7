// `clause eval`: decide cases against a policy, as contract section 6 says. Argument parsing and
// printing only: reading, deciding and writing records are the public API's (clause/clause.hpp).
// Cases stream through in chunks (case_pipeline.hpp): read, decided on `--jobs` threads and
// written in input order, all at once.
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "clause/clause.hpp"
#include "cli/case_options.hpp"
#include "cli/case_pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/pretty_json.hpp"
#include "cli/usage_error.hpp"
#include "lang/json_string.hpp"
#include "lang/suggest.hpp"

namespace clause::cli {

namespace {

enum class output { json, yaml, table };

struct eval_arguments {
  std::string policy;
  case_options cases;
  output format = output::json;
  std::optional<std::size_t> width;       // absent: the terminal's; 0: no limit
  std::optional<std::string> expression;  // `--expr`
  bool pretty = false;                    // `--pretty`: JSON laid out for reading
  std::vector<std::string> files;
};

const std::vector<std::string> eval_flags = {
    "--policy", "--now",  "--locale", "--param",  "--format",       "--explain", "--jobs",
    "--width",  "--wide", "--expr",   "--pretty", "--explain-lets", "--help"};

eval_arguments parse_arguments(std::span<const std::string> args) {
  eval_arguments a;
  auto file = [&](const std::string& f) { a.files.push_back(f); };
  auto option = [&](const std::string& name, const option_value& value, bool has_inline) {
    if (name == "--policy") {
      a.policy = value();
    } else if (parse_case_option(name, value, a.cases)) {
      // --now, --locale, --param, --jobs
    } else if (name == "--format") {
      const std::string f = value();
      if (f == "json") {
        a.format = output::json;
      } else if (f == "yaml") {
        a.format = output::yaml;
      } else if (f == "table") {
        a.format = output::table;
      } else {
        const std::string hint = lang::did_you_mean(f, {"json", "yaml", "table"});
        throw usage_error(fmt::format("unknown format `{}`", f),
                          hint.empty() ? "use `json`, `yaml` or `table`" : hint);
      }
    } else if ((name == "--explain" || name == "--explain-lets" || name == "--wide") &&
               has_inline) {
      throw usage_error(fmt::format("`{}` takes no value", name),
                        fmt::format("write `{}` alone", name));
    } else if (name == "--explain") {
      a.cases.session.explain = true;
    } else if (name == "--explain-lets") {
      a.cases.session.explain = true;
      a.cases.session.explain_lets = true;
    } else if (name == "--width") {
      a.width = parse_count("--width", value(), 20, 100000);
    } else if (name == "--wide") {
      a.width = 0;
    } else if (name == "--expr") {
      a.expression = value();
    } else if (name == "--pretty" && !has_inline) {
      a.pretty = true;
    } else {
      throw usage_error(fmt::format("unknown option `{}` for `clause eval`", name),
                        lang::did_you_mean(name, eval_flags));
    }
  };
  walk_arguments(args, file, option);
  if (a.policy.empty()) {
    throw usage_error("`clause eval` needs the policy: `--policy DIR`",
                      "for example `clause eval --policy rules/mca cases.yaml`");
  }
  if (a.pretty && a.format != output::json) {
    throw usage_error("`--pretty` lays out JSON records", "use it with `--format json`");
  }
  if (a.expression && (a.format == output::table || a.cases.session.explain)) {
    throw usage_error(fmt::format("`--expr` writes JSON or YAML, not {}",
                                  a.cases.session.explain ? "explanations" : "a table"),
                      "drop `--format table` and `--explain`, or `--expr`");
  }
  return a;
}

// A `--locale` no translation of the policy matches shows English: said once, with the locales
// the policy has (English is the messages' own language, never a surprise).
void note_untranslated(const policy& p, const std::string& locale) {
  std::string tag = locale;
  std::transform(tag.begin(), tag.end(), tag.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (tag == "en" || tag.starts_with("en-")) return;
  for (const std::string& have : p.locales()) {
    if (tag == have || tag.starts_with(have + "-")) return;
  }
  fmt::print(stderr, "clause: note: no message of the policy is translated into `{}`: {}\n", locale,
             p.locales().empty() ? std::string("its messages are in English only")
                                 : fmt::format("it has `{}`; messages are shown in English",
                                               fmt::join(p.locales(), "`, `")));
}

// `--expr`: the case's id, the expression's type and its value (JSON null when absent), or the
// case's error record.
void write_expression(const result& r, const std::string& type, output format, std::string& out) {
  if (!r.ok()) {
    r.write(out, format == output::yaml ? record_format::yaml : record_format::json);
    if (format == output::json) out += '\n';
    return;
  }
  const decision* d = r.find(policy::expression_decision);
  // JSON, which YAML's flow style reads too: a list is an array in both.
  std::string value = "null";
  if (d && d->outcome() == "value" && !d->payload_json().empty())
    value = d->payload_json().front().second;
  if (format == output::yaml) {
    out += fmt::format("---\nid: {}\ntype: {}\nvalue: {}\n", lang::json_string(r.id()),
                       lang::json_string(type), value);
  } else {
    out += fmt::format("{{\"id\":{},\"type\":{},\"value\":{}}}\n", lang::json_string(r.id()),
                       lang::json_string(type), value);
  }
}

std::size_t terminal_width() {
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_col;
  return 0;
}

// A progress line on standard error, only when it is a terminal and the run lasts: cases done,
// cases per second, error records.
class progress {
 public:
  progress() : enabled_(::isatty(STDERR_FILENO) != 0), start_(clock::now()), last_(start_) {}

  void update(std::size_t cases, std::size_t errors) {
    done_ += cases;
    errors_ += errors;
    if (!enabled_) return;
    const auto now = clock::now();
    if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(200)) {
      return;
    }
    last_ = now;
    shown_ = true;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r\033[K%zu cases, %.0f cases/s, %zu errors", done_,
                 static_cast<double>(done_) / seconds, errors_);
    std::fflush(stderr);
  }

  void finish() {
    if (shown_) std::fputs("\r\033[K", stderr);
  }

 private:
  using clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  clock::time_point start_, last_;
  std::size_t done_ = 0, errors_ = 0;
};

// A chunk of cases and what deciding them gave: their records as one text, or their table rows.
struct eval_chunk : case_chunk {
  std::string records;
  std::vector<table_row> rows;
  std::size_t errors = 0;
};

}  // namespace

int run_eval(std::span<const std::string> args) {
  eval_arguments a = parse_arguments(args);
  const load_result loaded =
      a.expression ? policy::load_with_expression(a.policy, *a.expression) : policy::load(a.policy);
  if (!loaded) {
    std::fputs(loaded.render().c_str(), stderr);
    const bool in_expression = std::any_of(
        loaded.diagnostics.begin(), loaded.diagnostics.end(),
        [](const diagnostic& d) { return d.file == "--expr" && d.severity == severity::error; });
    if (in_expression) {
      fmt::print(stderr, "clause: error: the expression does not check against the policy `{}`\n",
                 a.policy);
    } else {
      fmt::print(stderr, "clause: error: the policy `{}` does not load\n", a.policy);
    }
    return exit_usage;
  }
  const std::string& expression_type = loaded.policy->expression_type();
  note_untranslated(*loaded.policy, a.cases.session.locale);
  session_options& options = a.cases.session;
  if (!options.now) options.now = start_of_run();
  // One session a worker thread; made up front, so that an option the policy refuses is a usage
  // error before any case is read.
  const unsigned jobs = threads_for(a.cases.jobs);
  std::vector<std::unique_ptr<session>> sessions;
  try {
    for (unsigned i = 0; i < jobs; ++i)
      sessions.push_back(std::make_unique<session>(loaded.policy, options));
  } catch (const options_error& e) {
    throw as_usage_error(e);
  }
  const bool rows = a.format == output::table && !options.explain;
  const record_format format = a.format == output::yaml    ? record_format::yaml
                               : a.format == output::table ? record_format::explanation
                                                           : record_format::json;
  table shown(
      {.width = a.width.value_or(terminal_width()), .colour = ::isatty(STDOUT_FILENO) != 0});
  // A table is aligned over more rows than a chunk of cases, so its columns change less often.
  constexpr std::size_t table_page = 4096;
  bool any_error = false;
  progress meter;

  pipeline_steps steps;
  steps.make_chunk = [] { return std::make_unique<eval_chunk>(); };
  steps.decide = [&](case_chunk& base, unsigned worker) {
    auto& c = static_cast<eval_chunk&>(base);
    session& s = *sessions[worker];
    c.records.clear();
    c.rows.clear();
    c.errors = 0;
    std::string pretty_source;
    for (std::size_t i = 0; i < c.size; ++i) {
      const result& r = s.evaluate(c.cases[i]);
      c.errors += !r.ok();
      if (a.expression) {
        write_expression(r, expression_type, a.format, c.records);
      } else if (rows) {
        table_rows(r, c.rows);
      } else if (a.pretty) {
        pretty_source.clear();
        r.write(pretty_source, format);
        append_pretty_json(c.records, pretty_source);
      } else {
        r.write(c.records, format);
        if (format == record_format::json) c.records += '\n';
      }
    }
  };
  std::string table_text;
  auto write_table = [&] {
    table_text.clear();
    shown.write(table_text);
    write_out(table_text);
  };
  steps.write = [&](case_chunk& base) {
    auto& c = static_cast<eval_chunk&>(base);
    any_error = any_error || c.errors > 0;
    if (rows) {
      for (table_row& row : c.rows)
        shown.add(std::move(row));
      if (shown.pending() >= table_page) write_table();
    } else {
      write_out(c.records);  // a failed write stops the run: records must not be lost unseen
    }
    meter.update(c.size, c.errors);
  };
  case_reader reader(a.files);
  run_pipeline(reader, jobs, steps);
  if (rows && shown.pending() > 0) write_table();
  meter.finish();
  flush_out();
  return any_error ? exit_failure : exit_ok;
}

// `clause explain`: `eval --explain`, as a table unless a format is asked for.
int run_explain(std::span<const std::string> args) {
  std::vector<std::string> forwarded = {"--explain"};
  const bool has_format = std::any_of(args.begin(), args.end(), [](const std::string& a) {
    return a == "--format" || a.starts_with("--format=");
  });
  if (!has_format) forwarded.insert(forwarded.end(), {"--format", "table"});
  forwarded.insert(forwarded.end(), args.begin(), args.end());
  return run_eval(forwarded);
}

}  // namespace clause::cli
