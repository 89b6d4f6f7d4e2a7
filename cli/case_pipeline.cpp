#include "cli/case_pipeline.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include <mutex>
#include <stdexcept>

#include "cli/case_options.hpp"

namespace clause::cli {

namespace {

// Enough cases that handing a chunk from one thread to another costs nothing beside deciding it,
// few enough that the first records come out at once and a chunk stays small in memory.
constexpr std::size_t chunk_cases = 256;

// Chunks done with, for the reader to fill again: the reader and the writer run on different
// threads.
class chunk_pool {
 public:
  explicit chunk_pool(const pipeline_steps& steps) : steps_(steps) {}

  case_chunk* take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        case_chunk* c = free_.back();
        free_.pop_back();
        return c;
      }
    }
    std::unique_ptr<case_chunk> made = steps_.make_chunk();
    made->cases.resize(chunk_cases);
    std::lock_guard lock(mutex_);
    owned_.push_back(std::move(made));
    return owned_.back().get();
  }

  void give(case_chunk* c) {
    std::lock_guard lock(mutex_);
    free_.push_back(c);
  }

 private:
  const pipeline_steps& steps_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<case_chunk>> owned_;
  std::vector<case_chunk*> free_;
};

}  // namespace

unsigned available_cores() {
  const int cores = oneapi::tbb::info::default_concurrency();
  return cores > 0 ? static_cast<unsigned>(cores) : 1;
}

void run_pipeline(case_reader& reader, unsigned jobs, const pipeline_steps& steps) {
  namespace tbb = oneapi::tbb;
  chunk_pool pool(steps);
  auto read = [&](tbb::flow_control& control) -> case_chunk* {
    case_chunk* c = pool.take();
    c->size = fill_page(reader, c->cases);
    if (c->size == 0) {
      pool.give(c);
      control.stop();
      return nullptr;
    }
    return c;
  };
  auto decide = [&](case_chunk* c) {
    // A slot of the arena is held by one thread at a time, and there are `jobs` of them.
    const int slot = tbb::this_task_arena::current_thread_index();
    if (slot < 0 || static_cast<unsigned>(slot) >= jobs) {
      throw std::logic_error("a pipeline step ran outside its arena's slots");
    }
    steps.decide(*c, static_cast<unsigned>(slot));
    return c;
  };
  auto write = [&](case_chunk* c) {
    steps.write(*c);
    pool.give(c);
  };
  // Two chunks a thread: one being decided, one read or written meanwhile.
  const std::size_t live_chunks = 2 * static_cast<std::size_t>(jobs);
  // oneTBB keeps its threads to the cores unless told: `--jobs` above them is the user's choice.
  const tbb::global_control threads(tbb::global_control::max_allowed_parallelism, jobs);
  tbb::task_arena arena(static_cast<int>(jobs));
  arena.execute([&] {
    tbb::parallel_pipeline(
        live_chunks,
        tbb::make_filter<void, case_chunk*>(tbb::filter_mode::serial_in_order, read) &
            tbb::make_filter<case_chunk*, case_chunk*>(tbb::filter_mode::parallel, decide) &
            tbb::make_filter<case_chunk*, void>(tbb::filter_mode::serial_in_order, write));
  });
}

}  // namespace clause::cli
