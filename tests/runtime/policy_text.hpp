// What the runtime tests share: a policy compiled from its text (one `policy.clause`), and a case
// bound from JSON text. Both fail the test, with the diagnostics or the binding error, when the
// text does not load or bind.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "lang/bundle.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/bind.hpp"
#include "runtime/evaluate.hpp"
#include "runtime/json.hpp"
#include "runtime/program.hpp"

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

}  // namespace clause::test
