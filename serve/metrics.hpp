// The service's counters, exposed at GET /metrics in the Prometheus text format. Each serving
// thread counts into a shard of its own (its lock is uncontended but for a scrape), so counting
// costs a request no shared cache line; a scrape adds the shards up.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace clause {
class result;
}

namespace clause::serve {

class bundle_holder;

// The routes, as counted: `other` for a path that is not one of them (404).
enum class route { decide, decide_batch, policy, reload, healthz, readyz, metrics, other };
inline constexpr std::size_t route_count = 8;
std::string_view route_name(route r);

class metrics {
 public:
  static constexpr std::array<double, 14> buckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  class shard {
   public:
    void request(route r, unsigned status, double seconds);
    // A decided case's decisions, or (when it was not decided) an error record.
    void decided(const result& r);

   private:
    friend class metrics;
    std::mutex mutex_;
    std::map<std::pair<route, unsigned>, std::uint64_t> requests_;
    std::array<std::array<std::uint64_t, buckets.size() + 1>, route_count> histogram_{};
    std::array<double, route_count> seconds_{};
    std::map<std::string, std::uint64_t, std::less<>> decisions_;  // `name\x1foutcome`
    std::string key_;
    std::uint64_t error_records_ = 0;
  };

  // A shard for one serving thread; it lives as long as the metrics.
  shard& new_shard();

  std::atomic<std::uint64_t> connections{0};          // open now
  std::atomic<std::uint64_t> refused_connections{0};  // over --max-connections
  std::atomic<std::uint64_t> log_lines{0};            // decision log lines written
  std::atomic<std::uint64_t> log_dropped{0};  // and dropped: the disk did not keep up, or failed

  std::string render(const bundle_holder& bundle) const;

 private:
  mutable std::mutex shards_mutex_;
  std::vector<std::unique_ptr<shard>> shards_;
};

}  // namespace clause::serve
