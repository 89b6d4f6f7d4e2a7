// Every acceptance case of the MCA contract (rules/mca/tests/contract-scenarios.yaml, a copy of
// ../shared/mca/scenarios.yaml) through `clause eval`, compared with its `expect`: outcome, codes,
// warnings, payload, the messages the contract fixes, and error paths.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "runtime/input/json.hpp"

namespace {

namespace json = clause::runtime::json;

std::vector<std::string> run_lines(const std::string& command) {
  std::vector<std::string> lines;
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  REQUIRE(pipe);
  std::string line;
  char buffer[65536];
  while (std::fgets(buffer, sizeof buffer, pipe.get())) {
    line += buffer;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  return lines;
}

std::vector<std::string> strings_of(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& item : list)
    out.push_back(item.Scalar());
  return out;
}

std::vector<std::string> strings_of(const json::value* list) {
  std::vector<std::string> out;
  if (!list) return out;
  for (const auto& item : list->elements())
    out.emplace_back(item.text());
  return out;
}

std::string join(const std::vector<std::string>& v) {
  return fmt::format("[{}]", fmt::join(v, ", "));
}

// Differences between one expected decision and the record's, in words.
void compare_decision(const std::string& name, const YAML::Node& expected,
                      const json::value* actual, std::vector<std::string>& problems) {
  if (!actual) {
    problems.push_back(fmt::format("decision `{}` is missing", name));
    return;
  }
  const auto outcome = actual->find("outcome");
  const std::string got = outcome ? std::string(outcome->text()) : "?";
  if (expected["outcome"] && expected["outcome"].Scalar() != got) {
    problems.push_back(
        fmt::format("{}: outcome {} (expected {})", name, got, expected["outcome"].Scalar()));
  }
  for (const char* list : {"codes", "warnings"}) {
    if (!expected[list]) continue;
    const auto want = strings_of(expected[list]);
    const auto have = strings_of(actual->find(list));
    if (want != have)
      problems.push_back(
          fmt::format("{}: {} {} (expected {})", name, list, join(have), join(want)));
  }
  for (const char* field : {"country", "language"}) {
    if (!expected[field]) continue;
    const auto* value = actual->find(field);
    const std::string have = value ? std::string(value->text()) : "absent";
    if (have != expected[field].Scalar()) {
      problems.push_back(
          fmt::format("{}: {} {} (expected {})", name, field, have, expected[field].Scalar()));
    }
  }
  if (expected["messages"]) {
    const json::value* messages = actual->find("messages");
    for (const auto& m : expected["messages"]) {
      bool found = false;
      if (messages) {
        for (const auto& have : messages->elements()) {
          const auto* code = have.find("code");
          const auto* text = have.find("text");
          if (code && text && code->text() == m["code"].Scalar() &&
              text->text() == m["text"].Scalar()) {
            found = true;
          }
        }
      }
      if (!found) {
        problems.push_back(
            fmt::format("{}: no message {} \"{}\"", name, m["code"].Scalar(), m["text"].Scalar()));
      }
    }
  }
}

}  // namespace

TEST_CASE("every MCA scenario decides as the contract expects") {
  const std::string scenarios = CLAUSE_SOURCE_DIR "/rules/mca/tests/contract-scenarios.yaml";
  const auto lines = run_lines(fmt::format("'{}/bin/clause' eval --policy '{}/rules/mca' '{}'",
                                           CLAUSE_BINARY_DIR, CLAUSE_SOURCE_DIR, scenarios));
  const auto cases = YAML::LoadAllFromFile(scenarios);
  std::vector<YAML::Node> expected;
  for (const auto& c : cases) {
    if (c.IsMap()) expected.push_back(c);
  }
  REQUIRE(lines.size() == expected.size());
  std::vector<std::string> failures;
  json::document record;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const YAML::Node& c = expected[i];
    const std::string id = c["id"] ? c["id"].Scalar() : std::to_string(i + 1);
    std::vector<std::string> problems;
    if (!record.parse(lines[i])) {
      failures.push_back(fmt::format("{}: the record is not JSON: {}", id, lines[i]));
      continue;
    }
    const json::value& root = record.root();
    const auto* rid = root.find("id");
    if (!rid || rid->text() != id)
      problems.push_back(fmt::format("id {}", rid ? rid->text() : "null"));
    const YAML::Node expect = c["expect"];
    if (expect["error"]) {
      const auto* error = root.find("error");
      if (!error) {
        problems.push_back("expected an error record");
      } else {
        const auto* path = error->find("path");
        const std::string want = expect["error"]["path"].Scalar();
        if (!path || path->text() != want) {
          problems.push_back(
              fmt::format("error path `{}` (expected `{}`)", path ? path->text() : "?", want));
        }
      }
    } else {
      const auto* decisions = root.find("decisions");
      if (!decisions) {
        problems.push_back(fmt::format("no decisions: {}", lines[i]));
      } else {
        std::size_t wanted = 0;
        for (const auto& kv : expect) {
          ++wanted;
          compare_decision(kv.first.Scalar(), kv.second, decisions->find(kv.first.Scalar()),
                           problems);
        }
        if (decisions->size() != wanted) {
          problems.push_back(fmt::format("{} decisions (expected {})", decisions->size(), wanted));
        }
      }
    }
    if (!problems.empty()) failures.push_back(fmt::format("{}: {}", id, fmt::join(problems, "; ")));
  }
  INFO(fmt::format("{} of {} scenarios differ:\n  {}", failures.size(), expected.size(),
                   fmt::join(failures, "\n  ")));
  CHECK(failures.empty());
}
