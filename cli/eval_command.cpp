// `clause eval`: decide cases against a policy, as contract section 6 says. Cases stream through
// in batches; with `--jobs N` each batch is decided on N threads and written in input order.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <thread>

#include "cli/case_reader.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/bundle.hpp"
#include "lang/calendar.hpp"
#include "lang/suggest.hpp"
#include "runtime/api/case_runner.hpp"

namespace clause::cli {

namespace {

struct eval_arguments {
  std::string policy;
  std::optional<std::string> now;
  std::optional<std::string> locale;
  std::vector<std::string> params;
  runtime::record_format format = runtime::record_format::json;
  bool explain = false;
  unsigned jobs = 1;
  std::vector<std::string> files;
};

const std::vector<std::string> eval_flags = {"--policy", "--now",     "--locale", "--param",
                                             "--format", "--explain", "--jobs",   "--help"};

eval_arguments parse_arguments(std::span<const std::string> args) {
  eval_arguments a;
  bool only_files = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_files || arg == "-" || !arg.starts_with("-")) {
      a.files.push_back(arg);
      continue;
    }
    if (arg == "--") {
      only_files = true;
      continue;
    }
    std::string name = arg, inline_value;
    bool has_inline = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
      has_inline = true;
    }
    auto value = [&]() -> std::string {
      if (has_inline) return inline_value;
      if (i + 1 >= args.size()) throw usage_error(fmt::format("`{}` needs a value", name));
      return args[++i];
    };
    if (name == "--policy") {
      a.policy = value();
    } else if (name == "--now") {
      a.now = value();
    } else if (name == "--locale") {
      a.locale = value();
    } else if (name == "--param") {
      a.params.push_back(value());
    } else if (name == "--format") {
      const std::string f = value();
      if (f == "json") {
        a.format = runtime::record_format::json;
      } else if (f == "yaml") {
        a.format = runtime::record_format::yaml;
      } else if (f == "table") {
        a.format = runtime::record_format::table;
      } else {
        const std::string hint = lang::did_you_mean(f, {"json", "yaml", "table"});
        throw usage_error(fmt::format("unknown format `{}`", f),
                          hint.empty() ? "use `json`, `yaml` or `table`" : hint);
      }
    } else if (name == "--explain" && !has_inline) {
      a.explain = true;
    } else if (name == "--jobs" || name == "-j") {
      const std::string n = value();
      unsigned jobs = 0;
      auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), jobs);
      if (ec != std::errc{} || end != n.data() + n.size() || jobs == 0 || jobs > 256) {
        throw usage_error(fmt::format("`--jobs {}` is not a number of threads from 1 to 256", n));
      }
      a.jobs = jobs;
    } else {
      throw usage_error(fmt::format("unknown option `{}` for `clause eval`", name),
                        lang::did_you_mean(name, eval_flags));
    }
  }
  if (a.policy.empty()) {
    throw usage_error("`clause eval` needs the policy: `--policy DIR`",
                      "for example `clause eval --policy rules/mca cases.yaml`");
  }
  return a;
}

runtime::value parse_param_value(const runtime::compiled_param& p, const std::string& text) {
  const auto fail = [&](std::string_view expected) -> runtime::value {
    throw usage_error(fmt::format("`--param {}={}`: expected {}", p.name, text, expected));
  };
  switch (p.type->kind) {
    case lang::type_kind::boolean:
      if (text == "true") return runtime::value::boolean(true);
      if (text == "false") return runtime::value::boolean(false);
      return fail("`true` or `false`");
    case lang::type_kind::integer: {
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec != std::errc{} || end != text.data() + text.size()) return fail("an integer");
      return runtime::value::integer(n);
    }
    case lang::type_kind::date: {
      auto d = lang::parse_date(text);
      if (!d) return fail("a date as `YYYY-MM-DD`");
      return runtime::value::date(d->days);
    }
    case lang::type_kind::datetime: {
      auto t = lang::parse_datetime(text);
      if (!t) return fail("a datetime as `YYYY-MM-DDThh:mm:ssZ`");
      return runtime::value::datetime(t->seconds, t->nanos);
    }
    case lang::type_kind::enumeration: {
      const auto& values = *p.type->enum_values;
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i] == text) return runtime::value::enumeration(static_cast<std::uint32_t>(i));
      }
      std::string list;
      for (std::size_t i = 0; i < values.size(); ++i) {
        list += (i == 0 ? "`" : i + 1 == values.size() ? "` or `" : "`, `") + values[i];
      }
      return fail(list + "`");
    }
    default:
      return fail("a value this parameter type cannot take from the command line");
  }
}

// Keeps the strings that command-line parameter values point into.
struct options_storage {
  runtime::evaluation_options options;
  std::vector<std::string> texts;
  std::string locale;
};

void build_options(const runtime::program& p, const eval_arguments& a, options_storage& out) {
  out.options.params.assign(p.params.size(), runtime::value{});
  for (const std::string& param : a.params) {
    const auto eq = param.find('=');
    if (eq == std::string::npos) {
      throw usage_error(fmt::format("`--param {}` needs a value: `--param NAME=VALUE`", param));
    }
    const std::string name = param.substr(0, eq);
    auto it = std::find_if(p.params.begin(), p.params.end(),
                           [&](const runtime::compiled_param& c) { return c.name == name; });
    if (it == p.params.end()) {
      std::vector<std::string> names;
      for (const auto& c : p.params)
        names.push_back(c.name);
      std::string hint = lang::did_you_mean(name, names);
      if (hint.empty())
        hint = fmt::format("the policy's parameters are `{}`", fmt::join(names, "`, `"));
      throw usage_error(fmt::format("unknown parameter `{}`", name), hint);
    }
    out.texts.push_back(param.substr(eq + 1));
    if (it->type->kind == lang::type_kind::string) {
      out.options.params[static_cast<std::size_t>(it - p.params.begin())] =
          runtime::value::string(out.texts.back());
    } else {
      out.options.params[static_cast<std::size_t>(it - p.params.begin())] =
          parse_param_value(*it, out.texts.back());
    }
  }
  if (a.now) {
    auto t = lang::parse_datetime(*a.now);
    if (!t) {
      throw usage_error(fmt::format("`--now {}` is not a datetime", *a.now),
                        "write it as `2024-06-10T12:00:00Z` or `2024-06-10`");
    }
    out.options.now = runtime::value::datetime(t->seconds, t->nanos);
  } else {
    out.options.now = runtime::system_now();
  }
  out.locale = a.locale.value_or("en");
  if (out.locale.empty()) throw usage_error("`--locale` needs a language tag, such as `ja-JP`");
  out.options.locale = out.locale;
  out.options.explain = a.explain;
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

// One thread's runner keeps its buffers across batches.
bool decide(runtime::case_runner& runner, raw_case& c, std::string& out) {
  switch (c.form) {
    case raw_case::kind::json_text:
      return runner.run_json_text(c.text, c.origin, out);
    case raw_case::kind::yaml_node:
      return runner.run_yaml(c.node, c.origin, out);
    case raw_case::kind::error:
      return runner.run_error(c.error, out);
  }
  return false;
}

// Rows of `id, decision, outcome, payload, codes, warnings`, aligned; colour only on a terminal.
void print_table(const std::vector<std::string>& records) {
  constexpr std::size_t columns = 6;
  std::vector<std::vector<std::string>> rows = {
      {"ID", "DECISION", "OUTCOME", "PAYLOAD", "CODES", "WARNINGS"}};
  std::vector<std::string> errors;
  for (const std::string& record : records) {
    std::size_t start = 0;
    while (start <= record.size()) {
      const std::size_t end = std::min(record.find('\n', start), record.size());
      std::vector<std::string> row;
      std::size_t field = start;
      for (;;) {
        const std::size_t tab = record.find('\t', field);
        if (tab == std::string::npos || tab >= end) {
          row.push_back(record.substr(field, end - field));
          break;
        }
        row.push_back(record.substr(field, tab - field));
        field = tab + 1;
      }
      row.resize(columns);
      // An error's message would stretch the table: it goes below it.
      if (row[2] == "error") {
        errors.push_back(row[0] + ": " + row[4]);
        row[4] = "(below)";
      }
      for (auto& cell : row) {
        if (cell.empty()) cell = "-";
      }
      rows.push_back(std::move(row));
      start = end + 1;
    }
  }
  std::vector<std::size_t> width(columns, 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < columns; ++i) {
      width[i] = std::max<std::size_t>(width[i], lang::count_characters(row[i]));
    }
  }
  const bool colour = ::isatty(STDOUT_FILENO) != 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (std::size_t i = 0; i < columns; ++i) {
      const std::string& cell = rows[r][i];
      std::string shown = cell;
      if (colour && r > 0 && i == 2) {
        const bool good = cell == "accept" || cell == "allow" || cell == "document";
        const bool bad = cell == "reject" || cell == "block" || cell == "refuse" || cell == "error";
        if (good || bad) shown = fmt::format("\033[{}m{}\033[0m", good ? 32 : 31, cell);
      } else if (colour && r == 0) {
        shown = "\033[1m" + cell + "\033[0m";
      }
      line += shown;
      if (i + 1 < columns) line += std::string(width[i] - lang::count_characters(cell) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    std::puts(line.c_str());
  }
  if (!errors.empty()) {
    std::printf("\n%zu case%s could not be decided:\n", errors.size(),
                errors.size() == 1 ? "" : "s");
    for (const std::string& e : errors)
      std::printf("  %s\n", e.c_str());
  }
}

}  // namespace

int run_eval(std::span<const std::string> args) {
  const eval_arguments a = parse_arguments(args);
  const lang::load_result loaded = lang::load_bundle_path(a.policy);
  if (!loaded.bundle) {
    std::fputs(lang::render(loaded.diags, *loaded.sources).c_str(), stderr);
    fmt::print(stderr, "clause: error: the policy `{}` does not load\n", a.policy);
    return exit_usage;
  }
  const auto program = runtime::compile(loaded.bundle);
  options_storage storage;
  build_options(*program, a, storage);

  std::vector<runtime::case_runner> workers;
  workers.reserve(a.jobs);
  for (unsigned i = 0; i < a.jobs; ++i)
    workers.emplace_back(program, storage.options, a.format);
  case_reader reader(a.files);
  // Cases go in batches; with --jobs, the next batch is read while the workers decide this one,
  // and records are written in input order.
  struct batch {
    std::vector<raw_case> cases;
    std::vector<std::string> records;
    std::vector<char> ok;
    std::size_t size = 0;
  };
  const std::size_t batch_size = a.jobs == 1 ? 256 : 2048;
  batch current, next;
  for (batch* b : {&current, &next}) {
    b->cases.resize(batch_size);
    b->records.resize(batch_size);
    b->ok.resize(batch_size);
  }
  auto fill = [&](batch& b) {
    b.size = 0;
    while (b.size < batch_size && reader.next(b.cases[b.size]))
      ++b.size;
  };
  auto decide_share = [&](batch& b, unsigned w) {
    for (std::size_t i = w; i < b.size; i += a.jobs) {
      b.records[i].clear();
      b.ok[i] = decide(workers[w], b.cases[i], b.records[i]);
    }
  };
  std::vector<std::string> table;
  bool any_error = false;
  std::string out;
  progress meter;
  fill(current);
  while (current.size > 0) {
    if (a.jobs == 1) {
      decide_share(current, 0);
      fill(next);
    } else {
      std::vector<std::thread> threads;
      for (unsigned w = 0; w < a.jobs; ++w)
        threads.emplace_back(decide_share, std::ref(current), w);
      fill(next);
      for (auto& t : threads)
        t.join();
    }
    out.clear();
    std::size_t errors = 0;
    for (std::size_t i = 0; i < current.size; ++i) {
      errors += !current.ok[i];
      if (a.format == runtime::record_format::table && !a.explain) {
        table.push_back(current.records[i]);
      } else {
        out += current.records[i];
        if (a.format == runtime::record_format::json) out += '\n';
      }
    }
    any_error = any_error || errors > 0;
    std::fwrite(out.data(), 1, out.size(), stdout);
    meter.update(current.size, errors);
    std::swap(current, next);
  }
  meter.finish();
  if (a.format == runtime::record_format::table && !a.explain) print_table(table);
  std::fflush(stdout);
  return any_error ? exit_failure : exit_ok;
}

}  // namespace clause::cli
