// What the runtime benchmarks share: the compiled MCA policy and the realistic cases of
// rules/mca/tests/contract-scenarios.yaml, each as its YAML document and as compact JSON text,
// loaded once.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lang/bundle.hpp"
#include "lang/diagnostic.hpp"
#include "lang/json_string.hpp"
#include "lang/yaml_scalar.hpp"
#include "runtime/api/case_runner.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/program/program.hpp"

namespace clause::bench {

// The cases measured one by one: one per MCA decision (only that section in the case), a
// duplicate check that walks the customer's confirmations, and one case asking all five.
struct named_case {
  const char* label;
  const char* id;
};
inline constexpr named_case measured_cases[] = {
    {"attest", "r01-ui-new-customer"},
    {"attest_duplicate", "r29-duplicate"},
    {"purchase", "r37-ui-prompt"},
    {"directAcceptance", "r45-scenario-1"},
    {"template", "r55-template-ca-fr"},
    {"statusRead", "x-status-confirmation-admin"},
    {"all_five", "x-multi-all-five-allowed"},
};

using lang::append_json_string;  // the engine's own JSON string writer

// A YAML node as compact JSON, scalars read with the YAML 1.2 core schema as the binder does.
inline void append_json(std::string& out, const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) {
    out += "null";
  } else if (n.IsMap()) {
    out += '{';
    bool first = true;
    for (const auto& kv : n) {
      if (!first) out += ',';
      first = false;
      append_json_string(out, kv.first.Scalar());
      out += ':';
      append_json(out, kv.second);
    }
    out += '}';
  } else if (n.IsSequence()) {
    out += '[';
    bool first = true;
    for (const auto& e : n) {
      if (!first) out += ',';
      first = false;
      append_json(out, e);
    }
    out += ']';
  } else {
    switch (lang::yaml::classify(n)) {
      case lang::yaml::scalar_kind::null:
        out += "null";
        break;
      case lang::yaml::scalar_kind::boolean:
        out += *lang::yaml::as_bool(n) ? "true" : "false";
        break;
      case lang::yaml::scalar_kind::integer:
      case lang::yaml::scalar_kind::floating:
        out += n.Scalar();
        break;
      default:
        append_json_string(out, n.Scalar());
    }
  }
}

struct mca_fixture {
  std::shared_ptr<const runtime::program> program;
  runtime::evaluation_options options;  // cases set their own `now`; the rest is the default
  // Every scenario that binds (the INVALID_INPUT scenarios are left out), without `expect`.
  std::vector<std::string> ids;
  std::vector<YAML::Node> documents;
  std::vector<std::string> json_texts;

  std::size_t index_of(std::string_view id) const {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] == id) return i;
    }
    std::fprintf(stderr, "no scenario `%.*s`\n", static_cast<int>(id.size()), id.data());
    std::abort();
  }
};

inline std::shared_ptr<const runtime::program> load_mca() {
  auto loaded = lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
  if (!loaded.bundle) {
    std::fputs(lang::render(loaded.diags, *loaded.sources).c_str(), stderr);
    std::abort();
  }
  return runtime::compile(loaded.bundle);
}

inline const mca_fixture& mca() {
  static const mca_fixture fixture = [] {
    mca_fixture f;
    f.program = load_mca();
    f.options.now = runtime::value::datetime(1718020800, 0);  // 2024-06-10T12:00:00Z
    runtime::bound_case bound;
    runtime::bind_error error;
    for (const YAML::Node& scenario :
         YAML::LoadAllFromFile(CLAUSE_SOURCE_DIR "/rules/mca/tests/contract-scenarios.yaml")) {
      if (!scenario.IsMap()) continue;
      YAML::Node document = YAML::Clone(scenario);
      document.remove("expect");
      if (!runtime::bind_yaml(*f.program, document, bound, error)) continue;
      f.ids.push_back(document["id"].Scalar());
      std::string text;
      append_json(text, document);
      f.json_texts.push_back(std::move(text));
      f.documents.push_back(std::move(document));
    }
    return f;
  }();
  return fixture;
}

}  // namespace clause::bench
