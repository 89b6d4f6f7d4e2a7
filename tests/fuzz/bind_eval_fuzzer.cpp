// libFuzzer target: any bytes as a case, in JSON and in YAML, bound against the MCA policy and
// evaluated, must give a record (a decision or an error) without crashing. JSON cases are also
// evaluated without explanations, which runs the program specialised for default parameters, and
// on the reference path alone (runtime/input/fast_json.hpp): its record must be the same, byte
// for byte, as the one of simdjson's path. The run without explanations parses the text in place.
#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "lang/bundle.hpp"
#include "runtime/api/case_runner.hpp"
#include "runtime/input/fast_json.hpp"

namespace {

struct fixture {
  std::shared_ptr<const clause::runtime::program> program;
  clause::runtime::evaluation_options options, plain_options;
  std::unique_ptr<clause::runtime::case_runner> runner, plain, reference;
  fixture() {
    auto loaded = clause::lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
    if (!loaded.bundle) std::abort();
    program = clause::runtime::compile(loaded.bundle);
    options.explain = true;
    runner = std::make_unique<clause::runtime::case_runner>(program, options);
    plain = std::make_unique<clause::runtime::case_runner>(program, plain_options);
    reference = std::make_unique<clause::runtime::case_runner>(
        program, options, clause::runtime::json_path::reference);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fixture f;
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::string out;
  // Every format is written, so the writers meet whatever binding lets through.
  auto write_all = [&](const clause::runtime::case_runner& r) {
    for (auto format : {clause::record_format::json, clause::record_format::yaml,
                        clause::record_format::explanation}) {
      out.clear();
      clause::runtime::write_record(out, r.last_record(), format);
    }
    std::vector<clause::table_row> rows;
    clause::runtime::append_table_rows(r.last_record(), rows);
  };
  (void)f.runner->run_json_text(text, {"fuzz", 1, 1});
  write_all(*f.runner);
  (void)f.reference->run_json_text(text, {"fuzz", 1, 1});
  std::string fast_record, reference_record;
  clause::runtime::write_record(fast_record, f.runner->last_record(), clause::record_format::json);
  clause::runtime::write_record(reference_record, f.reference->last_record(),
                                clause::record_format::json);
  if (fast_record != reference_record) std::abort();  // the two paths of a JSON case differ
  // Parsed where it is, the parser's padding readable after it, as `clause eval` reads NDJSON.
  std::string padded = text;
  padded.reserve(text.size() + clause::runtime::fast_json::padding);
  (void)f.plain->run_json_text(padded, {"fuzz", 1, 1}, padded.capacity() - padded.size());
  write_all(*f.plain);
  try {
    const YAML::Node node = YAML::Load(text);
    (void)f.runner->run_yaml(node, {"fuzz", 1, 1});
    write_all(*f.runner);
  } catch (const YAML::Exception&) {
    // malformed YAML is the reader's error record, not the binder's concern
  }
  return 0;
}
