// What the runtime tests share: a policy compiled from its text (one `policy.clause`), a case
// bound from JSON text (both fail the test, with the diagnostics or the binding error, when the
// text does not load or bind), and a case evaluated both ways.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "lang/bundle.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/input/json.hpp"
#include "runtime/program/program.hpp"

namespace clause::test {

inline std::shared_ptr<const runtime::program> compile_text(const std::string& text) {
  const lang::memory_files files({{"policy.clause", text}});
  auto loaded = lang::load_bundle(files);
  INFO(lang::render(loaded.diags, *loaded.sources));
  REQUIRE(loaded.bundle);
  return runtime::compile(loaded.bundle);
}

inline void bind_text(const runtime::program& p, const std::string& json, runtime::bound_case& c) {
  runtime::json::document doc;
  REQUIRE(doc.parse(json));
  runtime::bind_error error;
  const bool bound = runtime::bind_json(p, doc.root(), c, error);
  INFO(error.path << ": " << error.message);
  REQUIRE(bound);
}

// Evaluates `c` both ways the runtime can: by the jumping code, and explained, by the tree
// evaluator; `check(e, explained)` says what each must give.
template <typename F>
void evaluate_both_ways(const runtime::program& p, const runtime::bound_case& c, F&& check) {
  for (const bool explained : {false, true}) {
    INFO((explained ? "explained (the tree evaluator)" : "not explained (the jumping code)"));
    runtime::evaluation_options options;
    options.explain = explained;
    runtime::evaluation e;
    runtime::evaluate(p, c, options, e);
    check(e, explained);
  }
}

}  // namespace clause::test
