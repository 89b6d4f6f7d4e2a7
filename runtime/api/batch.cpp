// Many cases on several threads: a session per thread, cases dealt out round robin.
#include <thread>

#include "clause/clause.hpp"

namespace clause {

struct batch::workers {
  std::vector<std::unique_ptr<session>> sessions;
  std::vector<std::thread> threads;
};

batch::batch(std::shared_ptr<const policy> p, const session_options& options, unsigned threads)
    : workers_(std::make_unique<workers>()) {
  if (threads == 0) {
    throw options_error(options_error::option::policy, "a batch needs at least one thread", {}, "0",
                        "a number of threads from 1", {});
  }
  if (options.coverage && threads > 1) {
    throw options_error(options_error::option::policy,
                        "a coverage collector is filled by one session at a time, not by a batch "
                        "of several threads",
                        {}, std::to_string(threads), "one thread", {});
  }
  for (unsigned i = 0; i < threads; ++i)
    workers_->sessions.push_back(std::make_unique<session>(p, options));
}

batch::~batch() {
  wait();
}

void batch::start(std::span<const case_input> inputs, callback each) {
  wait();
  const std::size_t n = workers_->sessions.size();
  auto share = [inputs, each, n, this](std::size_t w) {
    session& s = *workers_->sessions[w];
    for (std::size_t i = w; i < inputs.size(); i += n)
      each(i, s.evaluate(inputs[i]));
  };
  if (n == 1) {
    share(0);
    return;
  }
  for (std::size_t w = 0; w < n; ++w)
    workers_->threads.emplace_back(share, w);
}

void batch::wait() {
  for (std::thread& t : workers_->threads)
    t.join();
  workers_->threads.clear();
}

}  // namespace clause
