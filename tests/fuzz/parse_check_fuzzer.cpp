// libFuzzer target: any text as a one-file bundle must parse and check without crashing, hanging
// or exhausting memory, and one that checks clean must compile (constant folding evaluates the
// author's constant expressions). `clause fmt` on it must not crash either, and what it formats
// must stay as it is when formatted again. Build with `make fuzz`; run as tests/fuzz/README.md
// says.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "lang/bundle.hpp"
#include "lang/format/format.hpp"
#include "runtime/program/program.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string errors;
  if (const auto once = clause::lang::format_source(text, errors)) {
    if (clause::lang::format_source(*once, errors) != once) std::abort();
  }
  // A small data file too, so table loading and YAML diagnostics are reached.
  clause::lang::memory_files files({{"policy.clause", std::move(text)},
                                    {"data.yaml", "rows:\n  a: {n: 1, tags: [x]}\n  b: {n: 2}\n"}});
  auto result = clause::lang::load_bundle(files);
  (void)clause::lang::render(result.diags, *result.sources);
  if (result.bundle) (void)clause::runtime::compile(result.bundle);
  return 0;
}
