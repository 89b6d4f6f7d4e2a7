// simdjson's two front ends over the mix of MCA cases (mca_cases.hpp), each reading all of a case
// as binding must: the measurement behind issue 20's question, DOM or On-Demand, whichever is
// faster with full validation (the answer and its figures: benchmarks/README.md). Over the mix,
// not one case again and again: one case repeated lets the branch predictor learn it whole,
// which flatters On-Demand's branchier walk.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <string>
#include <string_view>
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

// The texts of the mix, padded as simdjson needs, and a loop over them in turn.
const std::vector<simdjson::padded_string>& padded_mix() {
  static const std::vector<simdjson::padded_string> texts = [] {
    std::vector<simdjson::padded_string> out;
    for (const std::string& t : mca().json_texts)
      out.emplace_back(t);
    return out;
  }();
  return texts;
}

template <typename F>
void over_mix(benchmark::State& state, F&& read_all) {
  const auto& texts = padded_mix();
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

void simdjson_dom_parse_mix(benchmark::State& state) {
  simdjson::dom::parser parser;
  over_mix(state, [&](const simdjson::padded_string& text) {
    simdjson::dom::element root;
    return parser.parse(text).get(root) == simdjson::SUCCESS;
  });
}
BENCHMARK(simdjson_dom_parse_mix)->Name("simdjson_dom_parse/mix");

void simdjson_dom_walk_mix(benchmark::State& state) {
  simdjson::dom::parser parser;
  over_mix(state, [&](const simdjson::padded_string& text) {
    simdjson::dom::element root;
    if (parser.parse(text).get(root) != simdjson::SUCCESS) return false;
    benchmark::DoNotOptimize(walk_dom(root));
    return true;
  });
}
BENCHMARK(simdjson_dom_walk_mix)->Name("simdjson_dom_walk/mix");

void simdjson_on_demand_walk_mix(benchmark::State& state) {
  simdjson::ondemand::parser parser;
  over_mix(state, [&](const simdjson::padded_string& text) {
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
BENCHMARK(simdjson_on_demand_walk_mix)->Name("simdjson_on_demand_walk/mix");

}  // namespace
