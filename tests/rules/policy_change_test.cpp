// A policy change is a file change: a modified copy of the MCA bundle gives the new decisions
// with no C++ change (here: attestArticleRoles defaulting to true, and one more country).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>
#include <sstream>

#include "clause/clause.hpp"

namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace(const fs::path& p, const std::string& from, const std::string& to) {
  std::string text = read(p);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  std::ofstream(p) << text;
}

const char* global_admin_attests = R"({"now":"2024-06-10T12:00:00Z",
  "partner":{"tenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"DirectBill"},
  "actor":{"roles":["GlobalAdmin"],"channel":"API"},
  "customer":{"tenantId":"8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34"},
  "agreement":{"primaryContact":{"firstName":"A","lastName":"B","email":"a@b.example"},
    "templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","type":"MicrosoftCustomerAgreement",
    "dateAgreed":"2024-06-01"}})";

const char* new_country_template = R"({"now":"2024-06-10T12:00:00Z",
  "partner":{"tenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"DirectBill"},
  "actor":{"roles":["AdminAgent"],"channel":"API"},
  "customer":{"tenantId":"8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34","country":"QZ"},
  "templateRequest":{"templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","language":"sq-AL"}})";

}  // namespace

TEST_CASE("changing the bundle's files changes the decisions, with no C++ change") {
  // Per process: builds and worktrees may run this test at the same time.
  const fs::path dir =
      fs::temp_directory_path() / ("clause-policy-change-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(CLAUSE_SOURCE_DIR "/rules/mca", dir, fs::copy_options::recursive);

  auto before = clause::policy::load(dir.string());
  REQUIRE(before);
  clause::session old_session(before.policy);
  CHECK(old_session.evaluate_json(global_admin_attests).find("attest")->outcome() == "reject");
  const clause::result& old_template = old_session.evaluate_json(new_country_template);
  REQUIRE(old_template.find("template")->codes().size() == 1);
  CHECK(old_template.find("template")->codes()[0] == "UNSUPPORTED_COUNTRY");

  replace(dir / "policy.clause", "param attestArticleRoles: bool = false",
          "param attestArticleRoles: bool = true");
  replace(dir / "countries.yaml", "  \"AF\":",
          "  \"QZ\": {name: \"Qz (a test country)\", languages: [en-US, sq-AL]}\n  \"AF\":");

  auto after = clause::policy::load(dir.string());
  INFO(after.render());
  REQUIRE(after);
  clause::session session(after.policy);
  CHECK(session.evaluate_json(global_admin_attests).find("attest")->outcome() == "accept");
  const clause::result& r = session.evaluate_json(new_country_template);
  const clause::decision* t = r.find("template");
  REQUIRE(t);
  CHECK(t->outcome() == "document");
  CHECK(t->payload("country") == "QZ");
  CHECK(t->payload("language") == "sq-AL");
  fs::remove_all(dir);
}
