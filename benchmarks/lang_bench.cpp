// Front-end benchmarks: the pieces every diagnostic goes through.
#include <benchmark/benchmark.h>

#include <string>

#include "lang/diagnostic.hpp"
#include "lang/suggest.hpp"

namespace {

using namespace clause::lang;

std::string synthetic_source(int lines) {
  std::string text;
  for (int i = 0; i < lines; ++i)
    text += "rule r" + std::to_string(i) + " -> attest when x\n";
  return text;
}

void locate_offsets(benchmark::State& state) {
  const source_file file("bench.clause", synthetic_source(static_cast<int>(state.range(0))));
  std::uint32_t offset = 0;
  const auto size = static_cast<std::uint32_t>(file.text().size());
  for (auto _ : state) {
    benchmark::DoNotOptimize(file.locate(offset));
    offset = (offset + 7919) % size;
  }
}
BENCHMARK(locate_offsets)->Arg(100)->Arg(10000);

void suggest_name(benchmark::State& state) {
  std::vector<std::string> names;
  for (int i = 0; i < state.range(0); ++i)
    names.push_back("definition" + std::to_string(i));
  for (auto _ : state)
    benchmark::DoNotOptimize(closest_name("defnition42", names));
}
BENCHMARK(suggest_name)->Arg(10)->Arg(1000);

}  // namespace
