#include "cli/case_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "lang/language_tag.hpp"

namespace clause::cli {

unsigned parse_count(const std::string& flag, const std::string& n, unsigned low, unsigned high) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), value);
  if (ec != std::errc{} || end != n.data() + n.size() || value < low || value > high) {
    throw usage_error(fmt::format("`{} {}` is not a number from {} to {}", flag, n, low, high));
  }
  return value;
}

void walk_arguments(
    std::span<const std::string> args, const std::function<void(const std::string&)>& operand,
    const std::function<void(const std::string&, const option_value&, bool)>& option) {
  bool only_operands = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (only_operands || arg == "-" || !arg.starts_with("-")) {
      operand(arg);
      continue;
    }
    if (arg == "--") {
      only_operands = true;
      continue;
    }
    std::string name = arg, inline_value;
    bool has_inline = false;
    if (auto eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
      has_inline = true;
    }
    option(
        name,
        [&]() -> std::string {
          if (has_inline) return inline_value;
          if (i + 1 >= args.size()) throw usage_error(fmt::format("`{}` needs a value", name));
          return args[++i];
        },
        has_inline);
  }
}

bool parse_case_option(const std::string& name, const option_value& value, case_options& o) {
  if (name == "--now") {
    o.session.now = value();
  } else if (name == "--locale") {
    o.session.locale = value();
    if (!lang::well_formed_language_tag(o.session.locale)) {
      std::string hyphens = o.session.locale;
      std::replace(hyphens.begin(), hyphens.end(), '_', '-');
      throw usage_error(fmt::format("`--locale {}` is not a language tag", o.session.locale),
                        hyphens != o.session.locale && lang::well_formed_language_tag(hyphens)
                            ? fmt::format("write language tags with `-`: `{}`", hyphens)
                            : "a BCP 47 language tag, such as `ja`, `ja-JP` or `zh-Hant-TW`");
    }
  } else if (name == "--param") {
    const std::string param = value();
    const auto eq = param.find('=');
    if (eq == std::string::npos) {
      throw usage_error(fmt::format("`--param {}` needs a value: `--param NAME=VALUE`", param));
    }
    o.session.params.push_back({param.substr(0, eq), param.substr(eq + 1)});
  } else if (name == "--jobs" || name == "-j") {
    const std::string n = value();
    unsigned jobs = 0;
    auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), jobs);
    if (ec != std::errc{} || end != n.data() + n.size() || jobs > 256) {
      throw usage_error(fmt::format("`--jobs {}` is not a number of threads from 1 to 256", n),
                        "or 0, as when `--jobs` is not given: every core this process may use");
    }
    o.jobs = jobs;
  } else {
    return false;
  }
  return true;
}

usage_error as_usage_error(const options_error& e) {
  switch (e.which()) {
    case options_error::option::now:
      return usage_error(fmt::format("`--now {}` is not a datetime", e.value()), e.help());
    case options_error::option::param:
      if (!e.expected().empty()) {
        return usage_error(
            fmt::format("`--param {}={}`: expected {}", e.name(), e.value(), e.expected()));
      }
      return usage_error(e.what(), e.help());
    case options_error::option::locale:
      return usage_error("`--locale` needs a language tag, such as `ja-JP`");
    case options_error::option::policy:
      break;
  }
  return usage_error(e.what(), e.help());
}

// fmt writes a time_point in the local zone; the calendar of <chrono> is UTC.
std::string start_of_run() {
  using namespace std::chrono;
  const auto now = floor<seconds>(system_clock::now());
  const auto day = floor<days>(now);
  const year_month_day date(day);
  const hh_mm_ss time(now - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count());
}

std::size_t fill_page(case_reader& reader, std::vector<case_input>& cases) {
  constexpr std::size_t page_bytes = 16 << 20;
  std::size_t size = 0, bytes = 0;
  while (size < cases.size() && bytes < page_bytes && reader.next(cases[size]))
    bytes += cases[size++].bytes();
  return size;
}

}  // namespace clause::cli
