// Reading, deciding and writing at once, for `clause eval` and `clause diff`: cases are read a
// chunk at a time, each chunk is decided on one of `jobs` threads, and chunks are written in input
// order, all three overlapping. At most two chunks a thread are alive at once, so memory stays
// flat whatever the input size. On oneTBB's parallel_pipeline, in a task arena of `jobs` threads.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "clause/clause.hpp"

namespace clause::cli {

// What every chunk holds; a command's chunk adds what it decides (records, rows, changes).
struct case_chunk {
  virtual ~case_chunk() = default;
  std::vector<case_input> cases;  // the first `size` are this chunk's
  std::size_t size = 0;
};

struct pipeline_steps {
  // A new chunk; chunks are reused from one part of the input to the next.
  std::function<std::unique_ptr<case_chunk>()> make_chunk;
  // Decides a chunk on a worker thread. `worker` (below `jobs`) is used by one thread at a time:
  // the index of that thread's sessions.
  std::function<void(case_chunk&, unsigned worker)> decide;
  // Writes a decided chunk: one call at a time, in input order.
  std::function<void(case_chunk&)> write;
};

// The cores this process may use (its CPU affinity mask, as oneTBB reads it): what
// `--jobs` defaults to, and what `--jobs 0` asks for.
unsigned available_cores();

// The threads `--jobs N` asks for (case_options::jobs): N, or available_cores() for 0.
inline unsigned threads_for(unsigned jobs) {
  return jobs ? jobs : available_cores();
}

// Runs the three steps over every case of `reader` on `jobs` threads (the calling one among them).
// An exception thrown by a step stops the run and is rethrown here.
void run_pipeline(case_reader& reader, unsigned jobs, const pipeline_steps& steps);

}  // namespace clause::cli
