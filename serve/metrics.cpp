#include "serve/metrics.hpp"

#include <fmt/format.h>

#include "clause/clause.hpp"
#include "serve/bundle.hpp"

namespace clause::serve {

namespace {

// A label value escaped as the text format asks: backslash, double quote and line feed.
std::string label(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string_view route_name(route r) {
  switch (r) {
    case route::decide:
      return "/v1/decide";
    case route::decide_batch:
      return "/v1/decide/batch";
    case route::policy:
      return "/v1/policy";
    case route::reload:
      return "/v1/reload";
    case route::healthz:
      return "/healthz";
    case route::readyz:
      return "/readyz";
    case route::metrics:
      return "/metrics";
    case route::other:
      break;
  }
  return "other";
}

void metrics::shard::request(route r, unsigned status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{r, status}];
  const auto i = static_cast<std::size_t>(r);
  std::size_t b = 0;
  while (b < buckets.size() && seconds > buckets[b])
    ++b;
  ++histogram_[i][b];
  seconds_[i] += seconds;
}

void metrics::shard::decided(const result& r) {
  std::lock_guard lock(mutex_);
  if (!r.ok()) {
    ++error_records_;
    return;
  }
  for (const decision& d : r.decisions()) {
    key_.assign(d.name());
    key_ += '\x1f';
    key_ += d.outcome();
    auto it = decisions_.find(key_);
    if (it == decisions_.end()) it = decisions_.emplace(key_, 0).first;
    ++it->second;
  }
}

metrics::shard& metrics::new_shard() {
  std::lock_guard lock(shards_mutex_);
  shards_.push_back(std::make_unique<shard>());
  return *shards_.back();
}

std::string metrics::render(const bundle_holder& bundle) const {
  std::map<std::pair<route, unsigned>, std::uint64_t> requests;
  std::array<std::array<std::uint64_t, buckets.size() + 1>, route_count> histogram{};
  std::array<double, route_count> seconds{};
  std::map<std::string, std::uint64_t> decisions;
  std::uint64_t error_records = 0;
  {
    std::lock_guard shards_lock(shards_mutex_);
    for (const auto& s : shards_) {
      std::lock_guard lock(s->mutex_);
      for (const auto& [key, n] : s->requests_)
        requests[key] += n;
      for (std::size_t r = 0; r < route_count; ++r) {
        for (std::size_t b = 0; b <= buckets.size(); ++b)
          histogram[r][b] += s->histogram_[r][b];
        seconds[r] += s->seconds_[r];
      }
      for (const auto& [key, n] : s->decisions_)
        decisions[key] += n;
      error_records += s->error_records_;
    }
  }
  std::string out;
  const auto to = std::back_inserter(out);
  fmt::format_to(to,
                 "# HELP clause_serve_requests_total HTTP requests answered, by route and status.\n"
                 "# TYPE clause_serve_requests_total counter\n");
  for (const auto& [key, n] : requests)
    fmt::format_to(to, "clause_serve_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                   route_name(key.first), key.second, n);
  fmt::format_to(
      to,
      "# HELP clause_serve_request_duration_seconds Time from a request's headers to its "
      "response's last byte.\n"
      "# TYPE clause_serve_request_duration_seconds histogram\n");
  for (std::size_t r = 0; r < route_count; ++r) {
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= buckets.size(); ++b)
      cumulative += histogram[r][b];
    if (cumulative == 0) continue;
    const std::string_view name = route_name(static_cast<route>(r));
    cumulative = 0;
    for (std::size_t b = 0; b < buckets.size(); ++b) {
      cumulative += histogram[r][b];
      fmt::format_to(to,
                     "clause_serve_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                     name, buckets[b], cumulative);
    }
    cumulative += histogram[r][buckets.size()];
    fmt::format_to(to,
                   "clause_serve_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                   name, cumulative);
    fmt::format_to(to, "clause_serve_request_duration_seconds_sum{{route=\"{}\"}} {}\n", name,
                   seconds[r]);
    fmt::format_to(to, "clause_serve_request_duration_seconds_count{{route=\"{}\"}} {}\n", name,
                   cumulative);
  }
  fmt::format_to(to,
                 "# HELP clause_serve_decisions_total Decisions taken, by decision and outcome.\n"
                 "# TYPE clause_serve_decisions_total counter\n");
  for (const auto& [key, n] : decisions) {
    const auto cut = key.find('\x1f');
    fmt::format_to(to, "clause_serve_decisions_total{{decision=\"{}\",outcome=\"{}\"}} {}\n",
                   label(key.substr(0, cut)), label(key.substr(cut + 1)), n);
  }
  fmt::format_to(to,
                 "# HELP clause_serve_error_records_total Cases answered with an error record.\n"
                 "# TYPE clause_serve_error_records_total counter\n"
                 "clause_serve_error_records_total {}\n",
                 error_records);
  fmt::format_to(
      to,
      "# HELP clause_serve_reloads_total Reloads that swapped a new bundle in.\n"
      "# TYPE clause_serve_reloads_total counter\n"
      "clause_serve_reloads_total {}\n"
      "# HELP clause_serve_reload_failures_total Reloads refused: the bundle did not load.\n"
      "# TYPE clause_serve_reload_failures_total counter\n"
      "clause_serve_reload_failures_total {}\n",
      bundle.reloads(), bundle.failed_reloads());
  const auto live = bundle.current();
  fmt::format_to(
      to,
      "# HELP clause_serve_policy_info The live bundle: its name, version and content digest.\n"
      "# TYPE clause_serve_policy_info gauge\n"
      "clause_serve_policy_info{{name=\"{}\",version=\"{}\",digest=\"{}\"}} 1\n"
      "# HELP clause_serve_policy_loaded_timestamp_seconds When the live bundle was loaded.\n"
      "# TYPE clause_serve_policy_loaded_timestamp_seconds gauge\n"
      "clause_serve_policy_loaded_timestamp_seconds {:.3f}\n",
      label(live->policy->name()), label(live->policy->version()), live->digest,
      live->loaded_at_seconds);
  fmt::format_to(to,
                 "# HELP clause_serve_last_reload_failed 1 when the last reload was refused.\n"
                 "# TYPE clause_serve_last_reload_failed gauge\n"
                 "clause_serve_last_reload_failed {}\n",
                 bundle.last_error() ? 1 : 0);
  fmt::format_to(
      to,
      "# HELP clause_serve_connections Connections open now.\n"
      "# TYPE clause_serve_connections gauge\n"
      "clause_serve_connections {}\n"
      "# HELP clause_serve_refused_connections_total Connections refused over the limit.\n"
      "# TYPE clause_serve_refused_connections_total counter\n"
      "clause_serve_refused_connections_total {}\n",
      connections.load(), refused_connections.load());
  fmt::format_to(
      to,
      "# HELP clause_serve_decision_log_lines_total Decision log lines written.\n"
      "# TYPE clause_serve_decision_log_lines_total counter\n"
      "clause_serve_decision_log_lines_total {}\n"
      "# HELP clause_serve_decision_log_dropped_total Decision log lines dropped: the disk did "
      "not keep up, or a write failed.\n"
      "# TYPE clause_serve_decision_log_dropped_total counter\n"
      "clause_serve_decision_log_dropped_total {}\n",
      log_lines.load(), log_dropped.load());
  return out;
}

}  // namespace clause::serve
