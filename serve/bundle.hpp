// The live policy of the service and its reloading. A loaded bundle is one immutable value: the
// policy with the digest of the files it was loaded from and when, swapped in together, so a
// request (and its decision log line) always names the version that decided it. Reloads are
// serialised; one that does not load or check leaves the live bundle in place and is kept as the
// last reload error.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>

#include "clause/clause.hpp"

namespace clause::serve {

struct loaded_bundle {
  std::shared_ptr<const clause::policy> policy;
  std::string digest;     // `sha256:` and the hex digest of the bundle's files (bundle_digest)
  std::string loaded_at;  // RFC 3339, UTC
  double loaded_at_seconds = 0;
};

struct reload_error {
  std::string at;       // RFC 3339, UTC
  std::string message;  // the diagnostics as `clause check` prints them, or why files were unread
};

// Every regular file under `path` whose name does not start with `.` (editors' swap files), by
// relative path in byte order, each path and content hashed: a file added, removed, renamed or
// changed changes the digest. For a single file, that file. Empty when a file cannot be read.
std::optional<std::string> bundle_digest(const std::string& path);

// Now, as RFC 3339 UTC with milliseconds.
std::string utc_now();

class bundle_holder {
 public:
  explicit bundle_holder(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  // The first load: false, with the diagnostics in `error`, when the bundle does not load.
  bool load_first(std::string& error);

  std::shared_ptr<const loaded_bundle> current() const {
    std::shared_lock lock(mutex_);
    return current_;
  }

  enum class reload_status { swapped, unchanged, refused };
  struct reload_result {
    reload_status status;
    std::string error;  // when refused
  };
  // Loads the bundle again; with `only_if_changed`, not when its digest is the live one's.
  reload_result reload(bool only_if_changed);

  std::optional<reload_error> last_error() const;
  std::uint64_t reloads() const { return reloads_.load(std::memory_order_relaxed); }
  std::uint64_t failed_reloads() const { return failed_.load(std::memory_order_relaxed); }

 private:
  // Loads with a digest taken before and after: files changing during the load are loaded again.
  std::shared_ptr<const loaded_bundle> load(std::string& error) const;

  std::string path_;
  mutable std::shared_mutex mutex_;  // current_ only: readers never wait for a load
  std::shared_ptr<const loaded_bundle> current_;
  std::mutex reload_mutex_;  // one reload at a time, so swaps happen in load order
  mutable std::mutex error_mutex_;
  std::optional<reload_error> last_error_;
  std::atomic<std::uint64_t> reloads_{0}, failed_{0};
};

}  // namespace clause::serve
