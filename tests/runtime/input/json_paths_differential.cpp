// json_paths_differential POLICY FILE.ndjson: every line of FILE decided on both paths of a JSON
// case (runtime/input/fast_json.hpp), with and without explanations, must give the same record,
// byte for byte; and the fast path must take at least nine lines in ten (the corpus of
// benchmarks/generate_realistic.py has one in twenty invalid), or it would be tested idle.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <string>

#include "lang/bundle.hpp"
#include "runtime/api/case_runner.hpp"
#include "runtime/output/record.hpp"

using namespace clause;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: json_paths_differential POLICY FILE.ndjson\n";
    return 2;
  }
  auto loaded = lang::load_bundle_path(argv[1]);
  if (!loaded.bundle) {
    std::cerr << "the policy does not load\n";
    return 2;
  }
  const auto program = runtime::compile(loaded.bundle);
  std::ifstream in(argv[2], std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << argv[2] << "\n";
    return 2;
  }
  runtime::evaluation_options plain, explained;
  plain.now = runtime::value::datetime(1717977600, 0);  // 2024-06-10T00:00:00Z, on any day
  explained.now = plain.now;
  explained.explain = true;
  runtime::case_runner fast(program, plain, runtime::json_path::fast);
  runtime::case_runner reference(program, plain, runtime::json_path::reference);
  runtime::case_runner fast_explained(program, explained, runtime::json_path::fast);
  runtime::case_runner reference_explained(program, explained, runtime::json_path::reference);

  std::string line, a, b;
  std::size_t lines = 0, took_fast = 0, differ = 0;
  auto compare = [&](runtime::case_runner& x, runtime::case_runner& y, const char* how) {
    const runtime::case_origin origin{argv[2], lines, lines};
    x.run_json_text(line, origin);
    y.run_json_text(line, origin);
    a.clear();
    b.clear();
    runtime::write_record(a, x.last_record(), record_format::json);
    runtime::write_record(b, y.last_record(), record_format::json);
    if (a != b && ++differ <= 5) {
      std::cerr << fmt::format("line {} ({}): the paths differ\n  fast:      {}\n  reference: {}\n",
                               lines, how, a, b);
    }
  };
  while (std::getline(in, line)) {
    ++lines;
    compare(fast, reference, "decisions");
    took_fast += fast.last_fast();
    compare(fast_explained, reference_explained, "explained");
  }
  std::cout << fmt::format("{} lines, {} on the fast path, {} differing\n", lines, took_fast,
                           differ);
  if (lines == 0 || differ > 0) return 1;
  if (took_fast * 10 < lines * 9) {
    std::cerr << "the fast path took fewer than nine lines in ten\n";
    return 1;
  }
  return 0;
}
