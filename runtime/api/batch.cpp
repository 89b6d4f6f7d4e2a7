// Many cases on several threads: a session per thread, the threads started once (on the first
// `start` that needs them) and kept for every later one, cases taken a few at a time by whichever
// thread is free. A host calling `start` per request pays no thread creation per call, and a
// thread given slow cases does not hold the others back.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "clause/clause.hpp"

namespace clause {

namespace {

// Cases a thread takes at a time: few enough to share a small batch out evenly, enough that the
// shared counter is touched once per several cases.
constexpr std::size_t cases_taken = 8;

}  // namespace

struct batch::workers {
  std::vector<std::unique_ptr<session>> sessions;  // sessions[w] is thread w's
  std::vector<std::thread> threads;

  std::mutex mutex;
  std::condition_variable wake;  // a new batch, or the end
  std::condition_variable idle;  // the last thread of a batch is done
  std::uint64_t generation = 0;  // batches started
  unsigned busy = 0;             // threads still on the current batch
  bool stopping = false;

  // The current batch: set under `mutex` before `generation` moves, read by the threads after.
  std::span<const case_input> inputs;
  callback each;
  std::atomic<std::size_t> next{0};  // the first case no thread has taken

  void decide(session& s) {
    for (;;) {
      const std::size_t begin = next.fetch_add(cases_taken, std::memory_order_relaxed);
      if (begin >= inputs.size()) return;
      const std::size_t end = std::min(begin + cases_taken, inputs.size());
      for (std::size_t i = begin; i < end; ++i)
        each(i, s.evaluate(inputs[i]));
    }
  }

  // A thread per session, waiting for the first batch. All of them or none: a thread that could
  // not be made would leave a batch waiting for it.
  void start_threads() {
    try {
      for (std::size_t w = 0; w < sessions.size(); ++w)
        threads.emplace_back([this, w] { work(w); });
    } catch (...) {
      stop();
      throw;
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    wake.notify_all();
    for (std::thread& t : threads)
      t.join();
    threads.clear();
    stopping = false;
  }

  void work(std::size_t w) {
    std::uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stopping || generation != seen; });
        if (stopping) return;
        seen = generation;
      }
      decide(*sessions[w]);
      std::lock_guard lock(mutex);
      if (--busy == 0) idle.notify_all();
    }
  }
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
  workers_->stop();
}

void batch::start(std::span<const case_input> inputs, callback each) {
  wait();
  workers& w = *workers_;
  const std::size_t n = w.sessions.size();
  if (n == 1) {
    for (std::size_t i = 0; i < inputs.size(); ++i)
      each(i, w.sessions[0]->evaluate(inputs[i]));
    return;
  }
  if (w.threads.empty()) w.start_threads();
  {
    std::lock_guard lock(w.mutex);
    w.inputs = inputs;
    w.each = std::move(each);
    w.next.store(0, std::memory_order_relaxed);
    w.busy = static_cast<unsigned>(n);
    ++w.generation;
  }
  w.wake.notify_all();
}

void batch::wait() {
  std::unique_lock lock(workers_->mutex);
  workers_->idle.wait(lock, [&] { return workers_->busy == 0; });
}

}  // namespace clause
