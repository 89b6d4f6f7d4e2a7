// Runtime benchmarks (issue 4): load+compile of the MCA bundle, evaluation of bound cases for each
// MCA decision, bind+evaluate from JSON text, the full record path, batch throughput on 1 and 2
// threads, scaling with rules that cannot apply, table size and list length, and the `matches`
// matcher on the MCA patterns. The hand-written C++ floor of the same five decisions is in
// mca_native.cpp. Figures and goals: README.md.
#include <benchmark/benchmark.h>
#include <re2/re2.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "benchmarks/mca_cases.hpp"
#include "clause/clause.hpp"
#include "lang/bundle.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/api/case_runner.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/input/json.hpp"
#include "runtime/pattern/pattern.hpp"
#include "runtime/program/program.hpp"

namespace {

using namespace clause;
using bench::mca;

// --- Loading -------------------------------------------------------------------------------------

void load_compile_mca(benchmark::State& state) {
  for (auto _ : state) {
    auto loaded = lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
    if (!loaded.bundle) {
      state.SkipWithError("the MCA bundle does not check");
      break;
    }
    auto program = runtime::compile(loaded.bundle);
    benchmark::DoNotOptimize(program.get());
  }
}
BENCHMARK(load_compile_mca)->Unit(benchmark::kMillisecond);

// The compile step alone, to split the figure above (parse+check alone is lang_bench's).
void compile_mca(benchmark::State& state) {
  auto loaded = lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
  if (!loaded.bundle) {
    state.SkipWithError("the MCA bundle does not check");
    return;
  }
  for (auto _ : state) {
    auto program = runtime::compile(loaded.bundle);
    benchmark::DoNotOptimize(program.get());
  }
}
BENCHMARK(compile_mca)->Unit(benchmark::kMicrosecond);

// --- Evaluating a bound case ---------------------------------------------------------------------

// Bound once; every iteration is one `evaluate` with a reused `evaluation` (messages included).
void evaluate_bound(benchmark::State& state, std::string_view id) {
  const auto& f = mca();
  runtime::bound_case c;
  runtime::bind_error error;
  if (!runtime::bind_yaml(*f.program, f.documents[f.index_of(id)], c, error)) {
    state.SkipWithError(error.message.c_str());
    return;
  }
  runtime::evaluation e;
  for (auto _ : state) {
    runtime::evaluate(*f.program, c, f.options, e);
    benchmark::DoNotOptimize(e.decision_count);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}

// Every scenario of rules/mca/tests/contract-scenarios.yaml that binds, bound once, evaluated in
// turn.
void evaluate_bound_mix(benchmark::State& state) {
  const auto& f = mca();
  std::vector<runtime::bound_case> cases(f.documents.size());
  runtime::bind_error error;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (!runtime::bind_yaml(*f.program, f.documents[i], cases[i], error)) {
      state.SkipWithError(error.message.c_str());
      return;
    }
  }
  runtime::evaluation e;
  std::size_t next = 0;
  for (auto _ : state) {
    runtime::evaluate(*f.program, cases[next], f.options, e);
    benchmark::DoNotOptimize(e.decision_count);
    benchmark::ClobberMemory();
    if (++next == cases.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["cases"] = static_cast<double>(cases.size());
}

// --- From JSON text ------------------------------------------------------------------------------

// Parse, bind and evaluate, over the given texts in turn: on simdjson's path, as cases take it
// (runtime/input/fast_json.hpp), or on the reference path (json::document and bind_json) alone.
void bind_evaluate_json_texts(benchmark::State& state, const std::vector<const std::string*>& texts,
                              runtime::json_path path = runtime::json_path::fast) {
  const auto& f = mca();
  runtime::fast_json fast;
  runtime::json::document document;
  runtime::bound_case c;
  runtime::bind_error error;
  runtime::evaluation e;
  std::size_t next = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& text = *texts[next];
    const bool bound =
        path == runtime::json_path::fast
            ? fast.bind(*f.program, text, c, error) == runtime::fast_json::outcome::bound
            : document.parse(text) && runtime::bind_json(*f.program, document.root(), c, error);
    if (!bound) {
      state.SkipWithError("a case does not bind");
      break;
    }
    runtime::evaluate(*f.program, c, f.options, e);
    benchmark::DoNotOptimize(e.decision_count);
    bytes += text.size();
    if (++next == texts.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void bind_evaluate_json(benchmark::State& state, std::string_view id) {
  const auto& f = mca();
  bind_evaluate_json_texts(state, {&f.json_texts[f.index_of(id)]});
}

std::vector<const std::string*> all_texts() {
  std::vector<const std::string*> texts;
  for (const std::string& t : mca().json_texts)
    texts.push_back(&t);
  return texts;
}

void bind_evaluate_json_mix(benchmark::State& state) {
  bind_evaluate_json_texts(state, all_texts());
}

// The whole record path of `clause eval --format json`: parse, bind, evaluate, render the line.
void run_json_text_texts(benchmark::State& state, const std::vector<const std::string*>& texts) {
  const auto& f = mca();
  runtime::case_runner runner(f.program, f.options);
  const runtime::case_origin origin{"bench.ndjson", 1, 1};
  std::string out;
  std::size_t next = 0, bytes = 0;
  for (auto _ : state) {
    out.clear();
    const std::string& text = *texts[next];
    if (!runner.run_json_text(text, origin)) {
      state.SkipWithError(runner.last_error().message.c_str());
      break;
    }
    runtime::write_json(out, runner.last_record());
    benchmark::DoNotOptimize(out.data());
    bytes += text.size();
    if (++next == texts.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void run_json_text(benchmark::State& state, std::string_view id) {
  const auto& f = mca();
  run_json_text_texts(state, {&f.json_texts[f.index_of(id)]});
}

void run_json_text_mix(benchmark::State& state) {
  run_json_text_texts(state, all_texts());
}

// A host's path through the public API: `session::evaluate_json`, with the record made (`json()`)
// or not; the difference is what making records only when asked saves a host that reads decisions.
void session_json(benchmark::State& state, bool record) {
  const auto& f = mca();
  auto loaded = clause::policy::load(CLAUSE_SOURCE_DIR "/rules/mca");
  if (!loaded) {
    state.SkipWithError("the MCA bundle does not load");
    return;
  }
  clause::session session(loaded.policy, {.now = "2024-06-10T12:00:00Z"});
  std::size_t next = 0;
  for (auto _ : state) {
    const clause::result& r = session.evaluate_json(f.json_texts[next]);
    if (record) {
      benchmark::DoNotOptimize(r.json().data());
    } else {
      benchmark::DoNotOptimize(r.decisions().data());
    }
    if (++next == f.json_texts.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(session_json, decisions_mix, false);
BENCHMARK_CAPTURE(session_json, record_mix, true);

// The JSON text of each scenario and its record from YAML must agree, or the JSON figures would
// measure other cases.
void check_json_texts() {
  const auto& f = mca();
  runtime::case_runner runner(f.program, f.options);
  const runtime::case_origin origin{"bench", 1, 1};
  for (std::size_t i = 0; i < f.ids.size(); ++i) {
    std::string from_yaml, from_json;
    runner.run_yaml(f.documents[i], origin);
    runtime::write_json(from_yaml, runner.last_record());
    runner.run_json_text(f.json_texts[i], origin);
    runtime::write_json(from_json, runner.last_record());
    if (from_yaml != from_json) {
      std::fprintf(stderr, "%s: the JSON text decides differently:\n%s\n%s\n", f.ids[i].c_str(),
                   from_yaml.c_str(), from_json.c_str());
      std::abort();
    }
  }
}

const bool registered_per_case = [] {
  for (const bench::named_case& c : bench::measured_cases) {
    const std::string_view id = c.id;
    benchmark::RegisterBenchmark((std::string("evaluate_bound/") + c.label).c_str(),
                                 [id](benchmark::State& s) { evaluate_bound(s, id); });
  }
  benchmark::RegisterBenchmark("evaluate_bound/mix", evaluate_bound_mix);
  for (const bench::named_case& c : bench::measured_cases) {
    const std::string_view id = c.id;
    benchmark::RegisterBenchmark((std::string("bind_evaluate_json/") + c.label).c_str(),
                                 [id](benchmark::State& s) {
                                   static std::once_flag checked;
                                   std::call_once(checked, check_json_texts);
                                   bind_evaluate_json(s, id);
                                 });
  }
  benchmark::RegisterBenchmark("bind_evaluate_json/mix", bind_evaluate_json_mix);
  benchmark::RegisterBenchmark("bind_evaluate_json_reference/mix", [](benchmark::State& s) {
    bind_evaluate_json_texts(s, all_texts(), runtime::json_path::reference);
  });
  for (const bench::named_case& c : bench::measured_cases) {
    const std::string_view id = c.id;
    benchmark::RegisterBenchmark((std::string("run_json_text/") + c.label).c_str(),
                                 [id](benchmark::State& s) { run_json_text(s, id); });
  }
  benchmark::RegisterBenchmark("run_json_text/mix", run_json_text_mix);
  return true;
}();

// --- Batch throughput ----------------------------------------------------------------------------

// ~10 000 case texts (the scenarios over and over, each with its own id); each thread runs its own
// case_runner over its share, as `clause eval --jobs N` does.
const std::vector<std::string>& batch_texts() {
  static const std::vector<std::string> texts = [] {
    const auto& f = mca();
    std::vector<std::string> out;
    const std::size_t rounds = (10000 + f.json_texts.size() - 1) / f.json_texts.size();
    for (std::size_t round = 0; round < rounds; ++round) {
      for (std::size_t i = 0; i < f.json_texts.size(); ++i) {
        std::string text = f.json_texts[i];
        const std::string id = "\"id\":\"" + f.ids[i] + "\"";
        text.replace(text.find(id), id.size(),
                     "\"id\":\"" + f.ids[i] + "#" + std::to_string(round) + "\"");
        out.push_back(std::move(text));
      }
    }
    return out;
  }();
  return texts;
}

void batch_json(benchmark::State& state) {
  const auto& f = mca();
  const auto& texts = batch_texts();
  const auto threads = static_cast<std::size_t>(state.threads());
  const auto thread = static_cast<std::size_t>(state.thread_index());
  const std::size_t begin = texts.size() * thread / threads;
  const std::size_t end = texts.size() * (thread + 1) / threads;
  runtime::case_runner runner(f.program, f.options);
  runtime::case_origin origin{"batch.ndjson", 1, 1};
  std::string out;
  for (auto _ : state) {
    for (std::size_t i = begin; i < end; ++i) {
      out.clear();
      origin.position = i + 1;
      runner.run_json_text(texts[i], origin);
      runtime::write_json(out, runner.last_record());
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(end - begin));
  if (thread == 0) state.counters["cases"] = static_cast<double>(texts.size());
}
BENCHMARK(batch_json)->Threads(1)->Threads(2)->UseRealTime()->Unit(benchmark::kMillisecond);

// clause::batch as a host uses it per request: `start` on N cases, then `wait`, over and over, two
// threads. What a batch costs beside its cases (threads, handing cases out) shows against
// `batch_json`.
void batch_api(benchmark::State& state) {
  auto loaded = clause::policy::load(CLAUSE_SOURCE_DIR "/rules/mca");
  if (!loaded) {
    state.SkipWithError("the MCA bundle does not load");
    return;
  }
  const auto count = static_cast<std::size_t>(state.range(0));
  clause::ndjson_feed feed("batch.ndjson");
  for (std::size_t i = 0; i < count; ++i)
    feed.feed(batch_texts()[i] + "\n");
  feed.finish();
  std::vector<clause::case_input> inputs;
  for (clause::case_input in; feed.next(in);)
    inputs.push_back(std::move(in));
  clause::batch b(loaded.policy, {.now = "2024-06-10T12:00:00Z"}, 2);
  std::vector<std::size_t> sizes(count);
  for (auto _ : state) {
    b.start(inputs, [&](std::size_t i, const clause::result& r) { sizes[i] = r.json().size(); });
    b.wait();
  }
  benchmark::DoNotOptimize(sizes.data());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(count));
}
BENCHMARK(batch_api)->Arg(16)->Arg(256)->Arg(4096)->UseRealTime()->Unit(benchmark::kMicrosecond);

// --- `matches` patterns --------------------------------------------------------------------------

// The MCA policy's two patterns on a valid text each: the matcher evaluation uses, and RE2 itself
// for comparison.
const char* const guid_regex =
    R"(^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)";
const char* const guid_text = "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23";
const char* const email_regex = R"(^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$)";
const char* const email_text = "first.last@mail.example.com";

void pattern_matcher(benchmark::State& state, const char* regex, std::string_view text) {
  const runtime::pattern p(regex);
  if (!p.partial_match(text)) state.SkipWithError("the text does not match");
  for (auto _ : state) {
    benchmark::DoNotOptimize(text);
    benchmark::DoNotOptimize(p.partial_match(text));
  }
}

void pattern_re2(benchmark::State& state, const char* regex, std::string_view text) {
  const RE2 re(regex);
  if (!RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re)) {
    state.SkipWithError("the text does not match");
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(text);
    benchmark::DoNotOptimize(RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), re));
  }
}

BENCHMARK_CAPTURE(pattern_matcher, guid, guid_regex, guid_text);
BENCHMARK_CAPTURE(pattern_matcher, email, email_regex, email_text);
BENCHMARK_CAPTURE(pattern_re2, guid, guid_regex, guid_text);
BENCHMARK_CAPTURE(pattern_re2, email, email_regex, email_text);

// --- Scaling -------------------------------------------------------------------------------------

const char* const synthetic_header =
    "policy synthetic version \"1\"\n"
    "enum Tier { Free, Pro, Enterprise }\n"
    "input {\n"
    "  account: { id: string, tier: Tier, seats: int, country?: string, sku?: string }\n"
    "  tags: list<string> = []\n"
    "  other?: { flag: bool }\n"
    "}\n"
    "decision gate\n"
    "  outcomes allow | deny\n"
    "  combine collect\n"
    "  default allow\n";

const std::string synthetic_case =
    R"({"id":"s1","account":{"id":"a-17","tier":"Pro","seats":50,"country":"SE"}})";

// Compiles each synthetic bundle once, whatever the number of runs of a benchmark.
std::shared_ptr<const runtime::program> compile_synthetic(const std::string& key,
                                                          const std::string& text,
                                                          benchmark::State& state) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const runtime::program>> programs;
  const std::lock_guard lock(mutex);
  auto& program = programs[key];
  if (!program) {
    const lang::memory_files files({{"policy.clause", text}});
    auto loaded = lang::load_bundle(files);
    if (!loaded.bundle) {
      state.SkipWithError(lang::render(loaded.diags, *loaded.sources).c_str());
      return nullptr;
    }
    program = runtime::compile(loaded.bundle);
  }
  return program;
}

// Binds each text once, then evaluates the cases in turn with a reused evaluation; a text that
// does not bind skips the benchmark.
void evaluate_synthetic(benchmark::State& state, const runtime::program& p,
                        const std::vector<std::string>& texts) {
  runtime::json::document document;
  runtime::bind_error error;
  std::vector<runtime::bound_case> cases(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!document.parse(texts[i]) || !runtime::bind_json(p, document.root(), cases[i], error)) {
      state.SkipWithError(("the synthetic case does not bind: " + error.message).c_str());
      return;
    }
  }
  runtime::evaluation e;
  runtime::evaluation_options options;
  std::size_t next = 0;
  for (auto _ : state) {
    runtime::evaluate(p, cases[next], options, e);
    benchmark::DoNotOptimize(e.decision_count);
    benchmark::ClobberMemory();
    if (++next == cases.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// `rules` rules: one targets `gate` (and fires), all the others target decisions whose `when` is
// false for the case. The time should not grow with the rules that cannot apply.
std::string rules_bundle(int rules) {
  std::string text = synthetic_header;
  constexpr int other_decisions = 4;
  for (int d = 0; d < other_decisions; ++d) {
    text += "decision other" + std::to_string(d) +
            " when has other\n  outcomes allow | deny\n  combine collect\n  default allow\n";
  }
  text +=
      "rule target -> gate\n  when account.tier == Pro and account.seats > 5\n"
      "  deny TARGET \"account {account.id} is a large Pro account\"\n";
  for (int i = 1; i < rules; ++i) {
    const std::string n = std::to_string(i);
    text += "rule r" + n + " -> other" + std::to_string(i % other_decisions) +
            "\n  when account.tier == Pro and account.seats > " + n +
            " and (has account.country and account.country != \"C" + n + "\")\n  deny CODE_" +
            std::to_string(i % 50) + " \"account {account.id} fails rule " + n + "\"\n";
  }
  return text;
}

void scaling_rules_not_applying(benchmark::State& state) {
  const int rules = static_cast<int>(state.range(0));
  auto p = compile_synthetic("rules" + std::to_string(rules), rules_bundle(rules), state);
  if (!p) return;
  evaluate_synthetic(state, *p, {synthetic_case});
}
BENCHMARK(scaling_rules_not_applying)->RangeMultiplier(10)->Range(10, 10000);

// For contrast: `rules` rules that all target `gate`, none firing (each reads two fields and
// compares): the per-rule cost of a decision that does apply.
std::string applying_rules_bundle(int rules) {
  std::string text = synthetic_header;
  for (int i = 0; i < rules; ++i) {
    const std::string n = std::to_string(i);
    text += "rule r" + n + " -> gate\n  when account.tier == Pro and account.seats > " +
            std::to_string(100 + i) + "\n  deny CODE_" + std::to_string(i % 50) +
            " \"account {account.id} fails rule " + n + "\"\n";
  }
  return text;
}

void scaling_rules_applying(benchmark::State& state) {
  const int rules = static_cast<int>(state.range(0));
  auto p =
      compile_synthetic("applying" + std::to_string(rules), applying_rules_bundle(rules), state);
  if (!p) return;
  evaluate_synthetic(state, *p, {synthetic_case});
}
BENCHMARK(scaling_rules_applying)->RangeMultiplier(10)->Range(10, 10000);

// A table of `rows` inline entries and one lookup (`in` and `[]`) per evaluation, keys spread over
// the table (256 bound cases in turn, so large tables are not read from one warm cache line).
std::string table_bundle(int rows) {
  std::string text = synthetic_header;
  text += "table prices: map<string, int> = {\n";
  for (int i = 0; i < rows; ++i)
    text += "  \"sku-" + std::to_string(i) + "\": " + std::to_string(i) + ",\n";
  text +=
      "}\n"
      "rule price-negative -> gate\n"
      "  when has account.sku and account.sku in prices and prices[account.sku] < 0\n"
      "  deny NEGATIVE_PRICE \"negative price\"\n";
  return text;
}

void scaling_table_rows(benchmark::State& state) {
  const int rows = static_cast<int>(state.range(0));
  auto p = compile_synthetic("table" + std::to_string(rows), table_bundle(rows), state);
  if (!p) return;
  std::vector<std::string> texts;
  for (int i = 0; i < 256; ++i) {
    const int key = static_cast<int>((static_cast<long long>(i) * 7919) % rows);
    texts.push_back(R"({"account":{"id":"a-17","tier":"Pro","seats":50,"sku":"sku-)" +
                    std::to_string(key) + "\"}}");
  }
  evaluate_synthetic(state, *p, texts);
}
BENCHMARK(scaling_table_rows)->RangeMultiplier(10)->Range(10, 100000);

// `any t in tags where ...` over a list of `length` strings, none matching (a full scan).
std::string list_bundle() {
  return std::string(synthetic_header) +
         "rule tagged -> gate\n"
         "  when any t in tags where starts_with(t, \"zz\")\n"
         "  deny TAGGED \"a tag starts with zz\"\n";
}

void scaling_list_length(benchmark::State& state) {
  const int length = static_cast<int>(state.range(0));
  auto p = compile_synthetic("list", list_bundle(), state);
  if (!p) return;
  std::string text = R"({"account":{"id":"a-17","tier":"Pro","seats":50},"tags":[)";
  for (int i = 0; i < length; ++i)
    text += (i ? ",\"tag-" : "\"tag-") + std::to_string(i) + "\"";
  text += "]}";
  evaluate_synthetic(state, *p, {text});
  state.counters["elements/s"] = benchmark::Counter(static_cast<double>(length),
                                                    benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(scaling_list_length)->RangeMultiplier(10)->Range(1, 1000);

}  // namespace
