// Evaluating a bound case allocates nothing once the evaluation has warmed up (a counting
// global operator new: this file is a test binary of its own).
#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <new>

#include "lang/bundle.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/program/program.hpp"

namespace {
std::atomic<long> allocations{0};
std::atomic<bool> counting{false};
}  // namespace

// Under AddressSanitizer the sanitizer owns operator new; the counting runs in the plain build.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool can_count = false;
#else
constexpr bool can_count = true;
void* operator new(std::size_t n) {
  if (counting.load(std::memory_order_relaxed)) ++allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#endif

using namespace clause;

TEST_CASE("a bound case evaluates without heap allocation in the steady state") {
  auto loaded = lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
  REQUIRE(loaded.bundle);
  auto program = runtime::compile(loaded.bundle);
  // Every decision at once, with messages (placeholders included) and a table lookup.
  const char* text = R"({"now":"2024-06-10T12:00:00Z",
    "partner":{"tenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"DirectBill"},
    "actor":{"roles":["AdminAgent"],"channel":"UI"},
    "customer":{"tenantId":"not-a-guid","country":"CA","priorPurchases":[{"category":"Offer"}],
      "agreements":[{"primaryContact":{"firstName":"A","lastName":"B","email":"a@b.example"},
        "templateId":"117a77b0-9360-443b-8795-c6dedc750cf9",
        "partnerTenantId":"5F2B1C9E-0A3D-4E7F-9B21-6C8D4E0F1A23","dateAgreed":"2021-01-01"}]},
    "agreement":{"primaryContact":{"firstName":" A ","lastName":"B","email":"A@B.example"},
      "templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","type":"MicrosoftCustomerAgreement",
      "dateAgreed":"2024-06-11"},
    "purchase":{"kind":"NewOrder"},"directAcceptance":{"intent":"NewPartnerRelationship"},
    "templateRequest":{"templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","language":"fr-FR"},
    "statusRequest":{"kind":"Confirmation"}})";
  runtime::json::document doc;
  REQUIRE(doc.parse(text));
  runtime::bound_case bound;
  runtime::bind_error error;
  REQUIRE(runtime::bind_json(*program, doc.root(), bound, error));
  runtime::evaluation_options options;
  runtime::evaluation evaluation;
  for (int i = 0; i < 3; ++i)
    runtime::evaluate(*program, bound, options, evaluation);
  REQUIRE(evaluation.decision_count == 5);
  CHECK(evaluation.decisions[0].codes.size() >= 2);  // attest: INVALID_CUSTOMER_ID, FUTURE_DATE, …

  if (!can_count) return;
  allocations = 0;
  counting = true;
  for (int i = 0; i < 1000; ++i)
    runtime::evaluate(*program, bound, options, evaluation);
  counting = false;
  CHECK(allocations.load() == 0);
}

TEST_CASE("binding case after case reuses its storage") {
  auto loaded = lang::load_bundle_path(CLAUSE_SOURCE_DIR "/rules/mca");
  REQUIRE(loaded.bundle);
  auto program = runtime::compile(loaded.bundle);
  const char* text = R"({"partner":{"tenantId":"p","type":"DirectBill"},
    "actor":{"roles":["AdminAgent","SalesAgent"],"channel":"API"},
    "customer":{"tenantId":"c"},"purchase":{"kind":"NewOrder"}})";
  runtime::json::document doc;
  runtime::bound_case bound;
  runtime::bind_error error;
  for (int i = 0; i < 3; ++i) {
    REQUIRE(doc.parse(text));
    REQUIRE(runtime::bind_json(*program, doc.root(), bound, error));
  }
  if (!can_count) return;
  allocations = 0;
  counting = true;
  for (int i = 0; i < 1000; ++i)
    (void)doc.parse(text);
  counting = false;
  CHECK(allocations.load() == 0);
  REQUIRE(doc.parse(text));
  allocations = 0;
  counting = true;
  for (int i = 0; i < 1000; ++i)
    (void)runtime::bind_json(*program, doc.root(), bound, error);
  counting = false;
  CHECK(allocations.load() == 0);
}
