// Front-end benchmarks: parse+check of the MCA bundle and of synthetic bundles of growing size
// (the goal is linear time), plus the pieces every diagnostic goes through.
#include <benchmark/benchmark.h>

#include <string>

#include "lang/bundle.hpp"
#include "lang/diagnostic.hpp"
#include "lang/suggest.hpp"

namespace {

using namespace clause::lang;

void parse_check_mca(benchmark::State& state) {
  for (auto _ : state) {
    auto result = load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
    if (!result.bundle) state.SkipWithError("the MCA bundle does not check");
    benchmark::DoNotOptimize(result.bundle);
  }
}
BENCHMARK(parse_check_mca)->Unit(benchmark::kMicrosecond);

// A bundle of `rules` rules over a small schema, like a policy grown large.
std::string synthetic_bundle(int rules) {
  std::string text =
      "policy synthetic version \"1\"\n"
      "enum Tier { Free, Pro, Enterprise }\n"
      "input {\n"
      "  account: { id: string, tier: Tier, seats: int, country?: string }\n"
      "  tags: list<string> = []\n"
      "}\n"
      "decision gate\n"
      "  outcomes allow | warn_only | deny\n"
      "  combine collect\n"
      "  default allow\n"
      "let big = account.seats > 100\n";
  for (int i = 0; i < rules; ++i) {
    const std::string n = std::to_string(i);
    text += "rule r" + n + " -> gate\n  when account.tier == Pro and account.seats > " + n +
            " and (has account.country and account.country != \"C" + n +
            "\") and any t in tags where starts_with(t, \"t" + n + "\")\n  deny CODE_" +
            std::to_string(i % 50) + " \"account {account.id} fails rule " + n + "\"\n";
  }
  return text;
}

void parse_check_synthetic(benchmark::State& state) {
  const memory_files files({{"policy.clause", synthetic_bundle(static_cast<int>(state.range(0)))}});
  for (auto _ : state) {
    auto result = load_bundle(files);
    if (!result.bundle) state.SkipWithError(render(result.diags, *result.sources).c_str());
    benchmark::DoNotOptimize(result.bundle);
  }
  state.SetComplexityN(state.range(0));
  state.counters["rules/s"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                 benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(parse_check_synthetic)
    ->Arg(100)
    ->Arg(1000)
    ->Arg(10000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity(benchmark::oN);

void locate_offsets(benchmark::State& state) {
  std::string text;
  for (int i = 0; i < state.range(0); ++i)
    text += "rule r" + std::to_string(i) + " -> d when x\n";
  const source_file file("bench.clause", text);
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
