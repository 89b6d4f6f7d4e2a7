// The embedding API: loading, sessions, errors, and hot reload under concurrent readers.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>
#include <thread>

#include "clause/clause.hpp"

namespace {

const std::string mca = CLAUSE_SOURCE_DIR "/rules/mca";

const char* attestation = R"({"id":"a1","now":"2024-06-10T12:00:00Z",
  "partner":{"tenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"IndirectReseller"},
  "actor":{"roles":["AdminAgent"],"channel":"API"},
  "customer":{"tenantId":"8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34"},
  "agreement":{"primaryContact":{"firstName":"A","lastName":"B","email":"a@b.example"},
    "templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","type":"MicrosoftCustomerAgreement",
    "dateAgreed":"2024-06-11"}})";

}  // namespace

TEST_CASE("a host loads a policy and reads decisions") {
  auto loaded = clause::policy::load(mca);
  INFO(loaded.render());
  REQUIRE(loaded);
  CHECK(loaded.policy->name() == "mca");
  CHECK(loaded.policy->version() == "2020.12");
  clause::session_options options;
  options.explain = true;
  clause::session session(loaded.policy, options);
  const clause::result& r = session.evaluate_json(attestation);
  REQUIRE(r.ok());
  CHECK(r.id() == "a1");
  const clause::decision* attest = r.find("attest");
  REQUIRE(attest);
  CHECK(attest->outcome() == "reject");
  REQUIRE(attest->codes().size() == 2);
  CHECK(attest->codes()[0] == "FUTURE_DATE");
  CHECK(attest->codes()[1] == "PARTNER_TYPE_NOT_PERMITTED");
  CHECK(attest->messages().size() == 2);
  REQUIRE(attest->rules().size() == 2);
  CHECK(attest->rules()[0].second.find("rules/mca/") != std::string_view::npos);
  CHECK(r.json().starts_with("{\"id\":\"a1\""));
}

TEST_CASE("a case that does not fit is an error result, and the session goes on") {
  auto loaded = clause::policy::load(mca);
  REQUIRE(loaded);
  clause::session session(loaded.policy);
  const clause::result& bad =
      session.evaluate_json(R"({"partner":{"tenantId":"x","type":"Reseller"}})");
  CHECK_FALSE(bad.ok());
  CHECK(bad.error_path() == "partner.type");
  CHECK(bad.error().find("`Reseller`") != std::string_view::npos);
  const clause::result& broken = session.evaluate_json("{\"partner\": ");
  CHECK_FALSE(broken.ok());
  CHECK(broken.error_path().empty());
  const clause::result& yaml = session.evaluate_yaml(
      "now: 2024-06-10\npartner: {tenantId: t, type: DirectBill}\nactor: {roles: [AdminAgent], "
      "channel: UI}\ncustomer: {tenantId: c, isNew: true}\npurchase: {kind: AutoRenewal}\n");
  REQUIRE(yaml.ok());
  REQUIRE(yaml.find("purchase"));
  CHECK(yaml.find("purchase")->outcome() == "allow");
}

TEST_CASE("loading a broken bundle gives diagnostics, not an exception") {
  auto missing = clause::policy::load("/nonexistent/bundle");
  CHECK_FALSE(missing);
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].code == "E0001");
  CHECK(missing.render().find("E0001") != std::string::npos);
}

TEST_CASE("hot reload: readers never see a broken policy and never stop") {
  namespace fs = std::filesystem;
  // Per process: builds and worktrees may run this test at the same time.
  const fs::path dir =
      fs::temp_directory_path() / ("clause-reload-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(mca, dir, fs::copy_options::recursive);
  auto first = clause::policy::load(dir.string());
  REQUIRE(first);
  clause::policy_store store(first.policy);
  std::atomic<bool> stop{false};
  std::atomic<long> evaluations{0}, wrong{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 2; ++t) {
    readers.emplace_back([&] {
      while (!stop.load()) {
        clause::session session(store.current());
        for (int i = 0; i < 20; ++i) {
          const clause::result& r = session.evaluate_json(attestation);
          if (!r.ok() || !r.find("attest") || r.find("attest")->outcome() != "reject") ++wrong;
          ++evaluations;
        }
      }
    });
  }
  const std::string policy_file = (dir / "attest.clause").string();
  std::string original;
  {
    std::ifstream in(policy_file);
    original.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (int round = 0; round < 6; ++round) {
    // A broken version: the store keeps the good one.
    std::ofstream(policy_file) << original << "\nrule broken -> attest when nonsense reject X\n";
    auto broken = store.reload(dir.string());
    CHECK_FALSE(broken);
    CHECK(store.current() != nullptr);
    // A good version swaps in.
    std::ofstream(policy_file) << original;
    auto good = store.reload(dir.string());
    CHECK(good);
    CHECK(store.current() == good.policy);
  }
  stop = true;
  for (auto& t : readers)
    t.join();
  CHECK(evaluations.load() > 0);
  CHECK(wrong.load() == 0);
  fs::remove_all(dir);
}
