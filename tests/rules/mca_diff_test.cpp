// `clause diff` on the MCA bundle against a copy whose `attestArticleRoles` defaults to true, over
// rules/mca/examples/ and the contract scenarios: the transitions, codes and changed cases it
// reports must be those computed here, independently, from two `clause eval` runs (one per
// bundle), record by record.
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct run_output {
  std::string out;
  int status = -1;
};

run_output run(const std::string& command) {
  run_output r;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe);
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
    r.out.append(buffer, n);
  const int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

using transition = std::tuple<std::string, std::string, std::string>;  // decision, from, to
using code_change = std::tuple<std::string, std::string, bool>;        // decision, code, added

struct expected_changes {
  std::map<transition, std::vector<std::string>> transitions;  // ids, in input order
  std::map<code_change, std::size_t> codes;
  std::vector<std::string> changed;  // ids of the cases whose decisions changed
};

std::set<std::string> scalars(const YAML::Node& list) {
  std::set<std::string> out;
  for (const auto& item : list)
    out.insert(item.Scalar());
  return out;
}

// What changed, from the two runs' records (same cases, same order), by the rules `clause diff`
// documents: outcome, codes, warnings, payload, or a decision taken under one bundle only.
expected_changes compare_runs(const std::vector<std::string>& before,
                              const std::vector<std::string>& after) {
  REQUIRE(before.size() == after.size());
  expected_changes out;
  for (std::size_t i = 0; i < before.size(); ++i) {
    const YAML::Node a = YAML::Load(before[i]), b = YAML::Load(after[i]);
    REQUIRE(a["id"].as<std::string>("") == b["id"].as<std::string>(""));
    // No case of these files is decided under one bundle and an error under the other.
    REQUIRE(static_cast<bool>(a["error"]) == static_cast<bool>(b["error"]));
    if (a["error"]) continue;
    std::set<std::string> names;
    for (const auto& d : a["decisions"])
      names.insert(d.first.Scalar());
    for (const auto& d : b["decisions"])
      names.insert(d.first.Scalar());
    bool changed = false;
    for (const std::string& name : names) {
      const YAML::Node da = a["decisions"][name], db = b["decisions"][name];
      const std::string from = da ? da["outcome"].Scalar() : "(not taken)";
      const std::string to = db ? db["outcome"].Scalar() : "(not taken)";
      const auto codes_a = da ? scalars(da["codes"]) : std::set<std::string>{};
      const auto codes_b = db ? scalars(db["codes"]) : std::set<std::string>{};
      bool differs = from != to || codes_a != codes_b;
      if (da && db) {
        differs = differs || scalars(da["warnings"]) != scalars(db["warnings"]);
        for (const char* field : {"country", "language"}) {
          differs = differs || da[field].as<std::string>("") != db[field].as<std::string>("");
        }
      }
      if (!differs) continue;
      changed = true;
      out.transitions[{name, from, to}].push_back(b["id"].Scalar());
      for (const std::string& c : codes_b) {
        if (!codes_a.contains(c)) ++out.codes[{name, c, true}];
      }
      for (const std::string& c : codes_a) {
        if (!codes_b.contains(c)) ++out.codes[{name, c, false}];
      }
    }
    if (changed) out.changed.push_back(b["id"].Scalar());
  }
  return out;
}

}  // namespace

TEST_CASE("clause diff reports the cases two `clause eval` runs decide differently") {
  const fs::path dir =
      fs::temp_directory_path() / ("clause-mca-diff-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CLAUSE_SOURCE_DIR "/rules/mca", dir, fs::copy_options::recursive);
  {
    std::ifstream in(dir / "policy.clause");
    std::stringstream text;
    text << in.rdbuf();
    std::string policy = text.str();
    const std::string from = "param attestArticleRoles: bool = false";
    const auto at = policy.find(from);
    REQUIRE(at != std::string::npos);
    policy.replace(at, from.size(), "param attestArticleRoles: bool = true");
    std::ofstream(dir / "policy.clause") << policy;
  }
  const std::string clause = CLAUSE_BINARY_DIR "/bin/clause";
  const std::string source = CLAUSE_SOURCE_DIR;
  // bad-input.yaml is left out: its cases are error records under both bundles.
  const std::string cases = fmt::format(
      "'{0}/rules/mca/examples/attestations.yaml' '{0}/rules/mca/examples/customer-book.yaml' "
      "'{0}/rules/mca/tests/contract-scenarios.yaml'",
      source);
  const std::string now = "--now 2024-06-10T12:00:00Z";
  const auto before =
      run(fmt::format("'{}' eval {} --policy '{}/rules/mca' {}", clause, now, source, cases));
  const auto after =
      run(fmt::format("'{}' eval {} --policy '{}' {}", clause, now, dir.string(), cases));
  const expected_changes expected = compare_runs(lines_of(before.out), lines_of(after.out));
  REQUIRE(!expected.changed.empty());  // the change moves some cases, or this tests nothing

  const auto diff =
      run(fmt::format("'{}' diff {} --format json --examples 1000 '{}/rules/mca' '{}' {}", clause,
                      now, source, dir.string(), cases));
  CHECK(diff.status == 1);
  const YAML::Node report = YAML::Load(diff.out);
  CHECK(report["changed"].as<std::size_t>() == expected.changed.size());
  CHECK(report["cases"].as<std::size_t>() == lines_of(before.out).size());
  CHECK(report["now_error"].size() == 0);
  CHECK(report["now_decided"].size() == 0);

  std::map<transition, std::vector<std::string>> reported;
  std::map<code_change, std::size_t> reported_codes;
  for (const auto& d : report["decisions"]) {
    const std::string name = d.first.Scalar();
    for (const auto& t : d.second["transitions"]) {
      auto& ids = reported[{name, t["from"].Scalar(), t["to"].Scalar()}];
      CHECK(t["count"].as<std::size_t>() == t["examples"].size());
      for (const auto& id : t["examples"])
        ids.push_back(id.Scalar());
    }
    for (const auto& c : d.second["codes_added"])
      reported_codes[{name, c["code"].Scalar(), true}] = c["count"].as<std::size_t>();
    for (const auto& c : d.second["codes_removed"])
      reported_codes[{name, c["code"].Scalar(), false}] = c["count"].as<std::size_t>();
  }
  CHECK(reported == expected.transitions);
  CHECK(reported_codes == expected.codes);

  // The static summary names the parameter, and nothing else.
  REQUIRE(report["declarations"].size() == 1);
  CHECK(report["declarations"][0]["name"].Scalar() == "attestArticleRoles");
  CHECK(report["declarations"][0]["change"].Scalar() == "modified");
  CHECK(report["declarations"][0]["after"].Scalar() == "bool = true");

  // --format ndjson: a line per changed case, in input order, with both records as eval wrote them.
  const auto lines = run(fmt::format("'{}' diff {} --format ndjson '{}/rules/mca' '{}' {}", clause,
                                     now, source, dir.string(), cases));
  std::vector<std::string> ids;
  for (const std::string& line : lines_of(lines.out)) {
    const YAML::Node change = YAML::Load(line);
    CHECK(change["change"].Scalar() == "decisions");
    ids.push_back(change["id"].Scalar());
  }
  CHECK(ids == expected.changed);

  // The same bundle on both sides: nothing changed, exit 0.
  const auto same = run(fmt::format("'{}' diff {} '{}/rules/mca' '{}/rules/mca' {}", clause, now,
                                    source, source, cases));
  CHECK(same.status == 0);
  CHECK(same.out.find("no decision changed") != std::string::npos);
  fs::remove_all(dir);
}
