// The embedding example of README.md, compiled and run by the tests (README.md shows this file).
#include <iostream>

#include "clause/clause.hpp"

int main(int argc, char** argv) {
  const std::string bundle = argc > 1 ? argv[1] : "rules/mca";
  clause::load_result loaded = clause::policy::load(bundle);
  if (!loaded) {
    std::cerr << loaded.render();
    return 1;
  }
  // Options a host gets wrong (a `now` that is not a datetime, an unknown parameter) throw
  // clause::options_error here; evaluating never throws.
  clause::session session(loaded.policy, {.now = "2024-06-10T12:00:00Z",
                                          .locale = "ja-JP",
                                          .params = {{"futureGranularity", "instant"}}});
  const clause::result& r = session.evaluate_json(R"({
    "id": "contoso",
    "partner": {"tenantId": "5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23", "type": "DirectBill"},
    "actor": {"roles": ["AdminAgent"], "channel": "UI"},
    "customer": {"tenantId": "8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34", "country": "CA",
                 "priorPurchases": [{"category": "AzurePlan"}]},
    "directAcceptance": {"intent": "NewPurchaseExistingPartner"},
    "templateRequest": {"templateId": "117a77b0-9360-443b-8795-c6dedc750cf9", "language": "fr-FR"}
  })");
  if (!r.ok()) {
    std::cerr << r.error_path() << ": " << r.error() << "\n";
    return 1;
  }
  for (const clause::decision& d : r.decisions()) {
    std::cout << d.name() << ": " << d.outcome();
    for (std::string_view code : d.codes())
      std::cout << " " << code;
    if (auto country = d.payload("country")) std::cout << " " << *country;
    if (auto language = d.payload("language")) std::cout << " " << *language;
    for (const clause::message& m : d.messages())
      std::cout << "\n  " << m.text;
    std::cout << "\n";
  }
  return 0;
}
