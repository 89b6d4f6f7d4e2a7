#include "serve/reloader.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace clause::serve {

namespace {

constexpr int quiet_ms = 100;  // a burst of writes ends when none comes for this long

constexpr std::uint32_t watched_events = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE |
                                         IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB;

void drain(int fd) {
  alignas(inotify_event) char buffer[8192];
  while (::read(fd, buffer, sizeof buffer) > 0) {
  }
}

}  // namespace

bundle_holder::reload_result reload_and_say(bundle_holder& bundle, std::string_view why,
                                            bool only_if_changed) {
  bundle_holder::reload_result r = bundle.reload(only_if_changed);
  switch (r.status) {
    case bundle_holder::reload_status::swapped:
      fmt::print(stderr, "clause serve: reloaded `{}` ({}): {}\n", bundle.path(), why,
                 bundle.current()->digest);
      break;
    case bundle_holder::reload_status::unchanged:
      break;
    case bundle_holder::reload_status::refused:
      fmt::print(stderr, "clause serve: reload of `{}` refused ({}); the live bundle stays {}\n{}",
                 bundle.path(), why, bundle.current()->digest, r.error);
      break;
  }
  std::fflush(stderr);
  return r;
}

reloader::reloader(bundle_holder& bundle, bool watch) : bundle_(bundle) {
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_ < 0) throw std::runtime_error(fmt::format("eventfd: {}", std::strerror(errno)));
  if (watch) {
    inotify_ = ::inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (inotify_ < 0) {
      throw std::runtime_error(
          fmt::format("cannot watch `{}`: {}", bundle_.path(), std::strerror(errno)));
    }
    watch_tree();
  }
  thread_ = std::thread([this] { loop(); });
}

reloader::~reloader() {
  stop();
  thread_.join();
  if (inotify_ >= 0) ::close(inotify_);
  ::close(wake_);
}

void reloader::reload_soon() {
  forced_.store(true);
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_, &one, sizeof one);
}

void reloader::stop() {
  stopping_.store(true);
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = ::write(wake_, &one, sizeof one);
}

// Every directory of the bundle is watched (adding a watch twice keeps one), so a file changed in
// `data/` counts; a directory that appears later is watched after the reload it causes.
void reloader::watch_tree() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path root = bundle_.path();
  const fs::path dir = fs::is_directory(root, ec) ? root : root.parent_path();
  ::inotify_add_watch(inotify_, dir.empty() ? "." : dir.c_str(), watched_events);
  if (!fs::is_directory(root, ec)) return;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) ::inotify_add_watch(inotify_, it->path().c_str(), watched_events);
  }
}

void reloader::loop() {
  while (!stopping_.load()) {
    pollfd fds[2] = {{wake_, POLLIN, 0}, {inotify_, POLLIN, 0}};
    const nfds_t count = inotify_ >= 0 ? 2 : 1;
    if (::poll(fds, count, -1) < 0 && errno != EINTR) return;
    if (fds[0].revents & POLLIN) {
      std::uint64_t n = 0;
      [[maybe_unused]] const ssize_t got = ::read(wake_, &n, sizeof n);
    }
    if (stopping_.load()) return;
    if (forced_.exchange(false)) reload_and_say(bundle_, "SIGHUP", false);
    if (count == 2 && (fds[1].revents & POLLIN)) {
      // Wait until the writes stop, then reload once, and only if the files' digest changed.
      do {
        drain(inotify_);
        pollfd quiet = {inotify_, POLLIN, 0};
        if (::poll(&quiet, 1, quiet_ms) <= 0) break;
      } while (!stopping_.load());
      if (stopping_.load()) return;
      reload_and_say(bundle_, "the files changed", true);
      watch_tree();
    }
  }
}

}  // namespace clause::serve
