// `clause serve`: argument parsing only; the service is serve/ (serve/options.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "cli/case_options.hpp"
#include "cli/case_pipeline.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/suggest.hpp"
#include "serve/options.hpp"

namespace clause::cli {

namespace {

const std::vector<std::string> serve_flags = {"--policy",
                                              "--listen",
                                              "--jobs",
                                              "--now",
                                              "--locale",
                                              "--param",
                                              "--max-body",
                                              "--max-batch-body",
                                              "--max-header",
                                              "--request-timeout",
                                              "--idle-timeout",
                                              "--max-connections",
                                              "--no-watch",
                                              "--decision-log",
                                              "--log-input",
                                              "--decision-log-max-bytes",
                                              "--decision-log-queue",
                                              "--help"};

std::size_t parse_bytes(const std::string& flag, const std::string& n) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), value);
  std::size_t scale = 1;
  const std::string_view unit(end, n.data() + n.size());
  if (unit == "K" || unit == "KiB") {
    scale = 1 << 10;
  } else if (unit == "M" || unit == "MiB") {
    scale = 1 << 20;
  } else if (!unit.empty()) {
    ec = std::errc::invalid_argument;
  }
  if (ec != std::errc{} || value == 0 || value > (std::size_t{1} << 40) / scale) {
    throw usage_error(fmt::format("`{} {}` is not a size in bytes", flag, n),
                      "a number of bytes, or with `K` or `M`: `64K`, `1M`");
  }
  return value * scale;
}

std::chrono::milliseconds parse_seconds(const std::string& flag, const std::string& n) {
  double seconds = 0;
  auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), seconds);
  if (ec != std::errc{} || end != n.data() + n.size() || !(seconds >= 0.001) || seconds > 86400) {
    throw usage_error(
        fmt::format("`{} {}` is not a number of seconds from 0.001 to 86400", flag, n));
  }
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

void parse_listen(const std::string& text, serve::options& o) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    throw usage_error(fmt::format("`--listen {}` is not an address and a port", text),
                      "for example `--listen 127.0.0.1:8181` (port 0: any free port)");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  o.host = host;
  unsigned port = 0;
  const std::string digits = text.substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() || port > 65535) {
    throw usage_error(
        fmt::format("`--listen {}`: the port `{}` is not a number from 0 to 65535", text, digits),
        "for example `--listen 127.0.0.1:8181` (port 0: any free port)");
  }
  o.port = static_cast<unsigned short>(port);
}

serve::options parse_arguments(std::span<const std::string> args) {
  serve::options o;
  case_options cases;
  auto operand = [](const std::string& a) {
    throw usage_error(fmt::format("`clause serve` takes no operand, and was given `{}`", a),
                      "the bundle is `--policy DIR`");
  };
  auto option = [&](const std::string& name, const option_value& value, bool has_inline) {
    if (name == "--policy") {
      o.policy = value();
    } else if (name == "--listen") {
      parse_listen(value(), o);
    } else if (parse_case_option(name, value, cases)) {
      // --now, --locale, --param, --jobs
    } else if (name == "--max-body") {
      o.max_body = parse_bytes(name, value());
    } else if (name == "--max-batch-body") {
      o.max_batch_body = parse_bytes(name, value());
    } else if (name == "--max-header") {
      o.max_header = parse_bytes(name, value());
    } else if (name == "--request-timeout") {
      o.request_timeout = parse_seconds(name, value());
    } else if (name == "--idle-timeout") {
      o.idle_timeout = parse_seconds(name, value());
    } else if (name == "--max-connections") {
      o.max_connections = parse_count(name, value(), 1, 1000000);
    } else if (name == "--decision-log") {
      o.decision_log = value();
    } else if (name == "--decision-log-max-bytes") {
      o.decision_log_max_bytes = parse_bytes(name, value());
    } else if (name == "--decision-log-queue") {
      o.decision_log_queue = parse_count(name, value(), 1, 100000000);
    } else if ((name == "--no-watch" || name == "--log-input") && has_inline) {
      throw usage_error(fmt::format("`{}` takes no value", name));
    } else if (name == "--no-watch") {
      o.watch = false;
    } else if (name == "--log-input") {
      o.log_input = true;
    } else {
      throw usage_error(fmt::format("unknown option `{}` for `clause serve`", name),
                        lang::did_you_mean(name, serve_flags));
    }
  };
  walk_arguments(args, operand, option);
  if (o.policy.empty()) {
    throw usage_error("`clause serve` needs the policy: `--policy DIR`",
                      "for example `clause serve --policy rules/mca`");
  }
  if (o.log_input && o.decision_log.empty()) {
    throw usage_error("`--log-input` adds the cases to the decision log",
                      "use it with `--decision-log FILE`");
  }
  o.jobs = cases.jobs ? cases.jobs : std::min(available_cores(), 64u);  // 0: every core
  o.defaults = cases.session;
  return o;
}

}  // namespace

int run_serve(std::span<const std::string> args) {
  const serve::options o = parse_arguments(args);
  // The defaults are checked against the policy before anything listens.
  if (load_result loaded = policy::load(o.policy); loaded) {
    try {
      session check(loaded.policy, o.defaults);
    } catch (const options_error& e) {
      throw as_usage_error(e);
    }
  }
  try {
    return serve::run(o);
  } catch (const std::runtime_error& e) {
    fmt::print(stderr, "clause: error: {}\n", e.what());
    return exit_usage;
  }
}

}  // namespace clause::cli
