// What reloads the bundle besides `POST /v1/reload`: a change to its files (inotify on its
// directories, once the writes have been quiet for a moment, so an editor's or a deploy's burst of
// writes is one reload) and SIGHUP. Runs on a thread of its own; reloads are logged on stderr.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "serve/bundle.hpp"

namespace clause::serve {

// A reload with its outcome written to stderr; `why` says what asked for it.
bundle_holder::reload_result reload_and_say(bundle_holder& bundle, std::string_view why,
                                            bool only_if_changed);

class reloader {
 public:
  // Throws std::runtime_error when the files cannot be watched (`watch` asked for).
  reloader(bundle_holder& bundle, bool watch);
  ~reloader();  // stops and joins
  reloader(const reloader&) = delete;
  reloader& operator=(const reloader&) = delete;

  void reload_soon();  // SIGHUP: from any thread
  void stop();

 private:
  void loop();
  void watch_tree();

  bundle_holder& bundle_;
  int inotify_ = -1;
  int wake_ = -1;  // an eventfd: SIGHUP and stop
  std::atomic<bool> forced_{false}, stopping_{false};
  std::thread thread_;
};

}  // namespace clause::serve
