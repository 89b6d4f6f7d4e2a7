// libFuzzer target: any bytes as a case, in JSON and in YAML, bound against the MCA policy and
// evaluated, must give a record (a decision or an error) without crashing. JSON cases are also
// evaluated without explanations, which runs the program specialised for default parameters.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "lang/bundle.hpp"
#include "runtime/api/case_runner.hpp"

namespace {

struct fixture {
  std::shared_ptr<const clause::runtime::program> program;
  clause::runtime::evaluation_options options, plain_options;
  std::unique_ptr<clause::runtime::case_runner> runner, plain;
  fixture() {
    auto loaded = clause::lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
    if (!loaded.bundle) std::abort();
    program = clause::runtime::compile(loaded.bundle);
    options.explain = true;
    runner = std::make_unique<clause::runtime::case_runner>(program, options,
                                                            clause::runtime::record_format::json);
    plain = std::make_unique<clause::runtime::case_runner>(program, plain_options,
                                                           clause::runtime::record_format::json);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fixture f;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string out;
  (void)f.runner->run_json_text(text, {"fuzz", 1, 1}, out);
  out.clear();
  (void)f.plain->run_json_text(text, {"fuzz", 1, 1}, out);
  try {
    const YAML::Node node = YAML::Load(text);
    out.clear();
    (void)f.runner->run_yaml(node, {"fuzz", 1, 1}, out);
  } catch (const YAML::Exception&) {
    // malformed YAML is the reader's error record, not the binder's concern
  }
  return 0;
}
