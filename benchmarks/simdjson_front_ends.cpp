// simdjson's two front ends over the mix of MCA cases (mca_cases.hpp), and over the lines of an
// NDJSON file when CLAUSE_BENCH_NDJSON names one, each reading all of a case as binding must: the
// measurement behind issue 20's question, DOM or On-Demand, whichever is faster with full
// validation (the answer and its figures: benchmarks/README.md). Over many cases, not one again
// and again: one case repeated lets the branch predictor learn it whole, which flatters
// On-Demand's branchier walk.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mca_cases.hpp"

namespace {

using clause::bench::mca;

// simdjson's DOM: the parse alone (stage 1 and the tape: every value validated), then the parse
// and a walk over every value, as the binder reads the tape.
std::size_t walk_dom(simdjson::dom::element e) {
  std::size_t read = 1;
  switch (e.type()) {
    case simdjson::dom::element_type::OBJECT:
      for (const auto m : simdjson::dom::object(e))
        read += m.key.size() + walk_dom(m.value);
      break;
    case simdjson::dom::element_type::ARRAY:
      for (const auto x : simdjson::dom::array(e))
        read += walk_dom(x);
      break;
    case simdjson::dom::element_type::STRING:
      read += std::string_view(e).size();
      break;
    default:
      break;
  }
  return read;
}

// simdjson's On-Demand front end, made to validate what the DOM does: every string unescaped,
// every number parsed, every literal checked, nothing after the value. Without that, values no
// field reads would be checked only for their brackets, and the contract refuses any case that
// is not JSON.
bool walk_on_demand(simdjson::ondemand::value v, std::size_t& read) {
  simdjson::ondemand::json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return false;
  ++read;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (v.get_object().get(object) != simdjson::SUCCESS) return false;
      for (auto m : object) {
        simdjson::ondemand::field field;
        std::string_view key;
        if (std::move(m).get(field) != simdjson::SUCCESS ||
            field.unescaped_key().get(key) != simdjson::SUCCESS) {
          return false;
        }
        read += key.size();
        if (!walk_on_demand(field.value(), read)) return false;
      }
      return true;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (v.get_array().get(array) != simdjson::SUCCESS) return false;
      for (auto x : array) {
        simdjson::ondemand::value element;
        if (std::move(x).get(element) != simdjson::SUCCESS || !walk_on_demand(element, read)) {
          return false;
        }
      }
      return true;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view text;
      if (v.get_string().get(text) != simdjson::SUCCESS) return false;
      read += text.size();
      return true;
    }
    case simdjson::ondemand::json_type::number: {
      simdjson::ondemand::number number;
      return v.get_number().get(number) == simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::boolean: {
      bool b;
      return v.get_bool().get(b) == simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::null:
      return v.is_null();
  }
  return false;
}

// The texts measured, padded as simdjson needs: the mix, or the lines of the NDJSON file named by
// CLAUSE_BENCH_NDJSON that simdjson parses (`/file`: realistic cases of
// generate_realistic.py, say, thousands of different shapes rather than 139).
std::vector<simdjson::padded_string> mix_texts() {
  std::vector<simdjson::padded_string> out;
  for (const std::string& t : mca().json_texts)
    out.emplace_back(t);
  return out;
}

std::vector<simdjson::padded_string> file_texts(const char* path) {
  std::vector<simdjson::padded_string> out;
  std::ifstream in(path);
  simdjson::dom::parser parser;
  for (std::string line; std::getline(in, line);) {
    simdjson::dom::element root;
    if (parser.parse(line).get(root) == simdjson::SUCCESS) out.emplace_back(line);
  }
  return out;
}

// Each text in turn, `read_all` reading it whole.
template <typename F>
void over_texts(benchmark::State& state, const std::vector<simdjson::padded_string>& texts,
                F&& read_all) {
  if (texts.empty()) {
    state.SkipWithError("no texts to read");
    return;
  }
  std::size_t next = 0, bytes = 0;
  for (auto _ : state) {
    const simdjson::padded_string& text = texts[next];
    if (!read_all(text)) {
      state.SkipWithError("a case does not parse");
      break;
    }
    bytes += text.size();
    if (++next == texts.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void dom_parse(benchmark::State& state, const std::vector<simdjson::padded_string>& texts) {
  simdjson::dom::parser parser;
  over_texts(state, texts, [&](const simdjson::padded_string& text) {
    simdjson::dom::element root;
    return parser.parse(text).get(root) == simdjson::SUCCESS;
  });
}

void dom_walk(benchmark::State& state, const std::vector<simdjson::padded_string>& texts) {
  simdjson::dom::parser parser;
  over_texts(state, texts, [&](const simdjson::padded_string& text) {
    simdjson::dom::element root;
    if (parser.parse(text).get(root) != simdjson::SUCCESS) return false;
    benchmark::DoNotOptimize(walk_dom(root));
    return true;
  });
}

void on_demand_walk(benchmark::State& state, const std::vector<simdjson::padded_string>& texts) {
  simdjson::ondemand::parser parser;
  over_texts(state, texts, [&](const simdjson::padded_string& text) {
    simdjson::ondemand::document doc;
    simdjson::ondemand::value root;
    std::size_t read = 0;
    const bool ok = parser.iterate(text).get(doc) == simdjson::SUCCESS &&
                    doc.get_value().get(root) == simdjson::SUCCESS && walk_on_demand(root, read) &&
                    doc.current_location().error() == simdjson::OUT_OF_BOUNDS;  // nothing after
    benchmark::DoNotOptimize(read);
    return ok;
  });
}

// Registered at start-up: the `/file` ones only when a file is named.
const bool registered = [] {
  using front_end = void (*)(benchmark::State&, const std::vector<simdjson::padded_string>&);
  const std::pair<const char*, front_end> front_ends[] = {
      {"simdjson_dom_parse", dom_parse},
      {"simdjson_dom_walk", dom_walk},
      {"simdjson_on_demand_walk", on_demand_walk}};
  const char* path = std::getenv("CLAUSE_BENCH_NDJSON");
  for (const auto& [name, run] : front_ends) {
    benchmark::RegisterBenchmark(
        (std::string(name) + "/mix").c_str(), [run = run](benchmark::State& state) {
          static const auto texts = mix_texts();  // one closure type: read once for all three
          run(state, texts);
        });
    if (path == nullptr) continue;
    benchmark::RegisterBenchmark((std::string(name) + "/file").c_str(),
                                 [run = run, path](benchmark::State& state) {
                                   static const auto texts = file_texts(path);
                                   run(state, texts);
                                 });
  }
  return true;
}();

}  // namespace
