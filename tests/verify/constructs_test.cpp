// Each construct the encoding covers, asked once where a case breaks the property (a confirmed
// counterexample) and once where none can (a proof). One bundle holds every property, so the
// verifier runs once.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "verify/verify.hpp"

namespace {

struct row {
  const char* construct;
  const char* property;  // after `property NAME "…"`
  bool holds;
};

const std::vector<row> rows = {
    {"enum", "when tier == Gold holds tier != Bronze", true},
    {"enum", "holds tier != Gold", false},
    {"int", "when n > 5 and n < 100 holds n + 1 > 6", true},
    {"int saturates", "holds n + 1 > n", false},
    {"trim", "when s == \" a b\\t\" holds trim(s) == \"a b\"", true},
    {"trim", "holds trim(s) == s", false},
    {"lower", "holds length(lower(s)) == length(s)", true},
    {"lower", "holds lower(s) != s", false},
    {"starts_with", "when starts_with(s, \"ab\") holds contains(s, \"b\")", true},
    {"starts_with", "when contains(s, \"a\") holds starts_with(s, \"a\")", false},
    {"ends_with", "when ends_with(s, \"yz\") holds length(s) >= 2", true},
    {"ends_with", "when ends_with(s, \"yz\") holds length(s) > 2", false},
    {"equals_ignore_case", "when s == \"ab\" holds equals_ignore_case(s, \"ab\")", true},
    {"equals_ignore_case", "holds not equals_ignore_case(s, \"ab\")", false},
    {"matches", "when matches(s, \"^[0-9]{3}$\") holds length(s) == 3", true},
    {"matches", "when matches(s, \"[a-f]+\") holds length(s) == 1", false},
    {"matches negated class", "when matches(s, \"^[^a-z]+$\") holds s != \"x\"", true},
    {"parse_date", "when has parsed holds length(d ?? \"\") == 10", true},
    {"parse_date", "when has parsed holds parsed > 2000-01-01", false},
    {"parse_datetime", "when has instant holds length(d ?? \"\") >= 10", true},
    {"parse_datetime", "when has instant holds instant < 2024-01-01T00:00:00Z", false},
    {"datetime", "when has stamp holds utc_date(stamp) < utc_date(stamp + 1 day)", true},
    {"datetime", "when has stamp holds utc_date(stamp) < 2024-01-01", false},
    {"optional", "holds has o or (o ?? \"x\") == \"x\"", true},
    {"optional", "holds has o", false},
    {"list any/count",
     "when any i in items where i.price > 5 holds (count i in items where i.price > 5) >= 1", true},
    {"list all", "holds all i in items where i.price == 0", false},
    {"list length", "holds length(items) <= 3", true},
    {"set", "when tags overlaps {Gold} holds Gold in tags", true},
    {"set", "holds tags subset of {Gold}", false},
    {"table", "holds (rank[tier] ?? 0) <= 2", true},
    {"table", "holds (rank[tier] ?? 0) < 2", false},
    {"let", "when big holds n > 10", true},
    {"let", "when big holds n > 11", false},
    {"params", "when n > params.limit holds outcome(gate) == \"shut\"", true},
    {"params", "holds params.limit == 10", false},
    {"period",
     "when tier == Gold and utc_date(now) >= 2024-06-01 and utc_date(now) <= 2024-08-31 holds "
     "outcome(gate) == \"shut\"",
     true},
    {"period", "when tier == Gold holds outcome(gate) == \"shut\"", false},
    {"codes", "when n > params.limit holds \"BIG\" in codes(gate)", true},
    {"codes", "holds \"SUMMER\" not in codes(gate)", false},
    {"payload", "when applies(pick) holds (payload(pick, name) ?? \"\") != \"\"", true},
    {"payload", "when applies(pick) holds (payload(pick, name) ?? \"\") == \"gold\"", false},
};

std::string bundle_text() {
  std::string text = R"(policy constructs version "1"

enum Tier { Bronze, Silver, Gold }

record Item {
  name: string
  price: int = 0
}

input {
  tier: Tier
  n: int
  s: string
  o?: string
  d?: string
  stamp?: datetime
  items: list<Item> = []
  tags: set<Tier> = {}
}

param limit: int = 10

table rank: map<Tier, int> = { Bronze: 0, Silver: 1, Gold: 2 }

let parsed = parse_date(d ?? "")
let instant = parse_datetime(d ?? "")
let big = n > 10

decision gate
  outcomes open | shut
  combine first
  default open

rule shut-big -> gate
  when n > params.limit
  shut BIG

rule summer -> gate from 2024-06-01 until 2024-08-31
  when tier == Gold
  shut SUMMER

decision pick
  outcomes item(name: string) | nothing
  combine first
  default item(name = "none")

rule gold-item -> pick
  when tier == Gold
  item(name = "gold")
)";
  for (std::size_t i = 0; i < rows.size(); ++i)
    text += "\nproperty p" + std::to_string(i) + " \"" + rows[i].construct + "\"\n  " +
            rows[i].property + "\n";
  return text;
}

}  // namespace

TEST_CASE("each construct: a proof where none breaks it, a confirmed case where one does") {
  const auto dir = std::filesystem::temp_directory_path() / "clause-verify-constructs";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "policy.clause") << bundle_text();
  clause::verify::options o;
  o.rlimit = 50'000'000;  // a budget, not a time: the same answers under any load
  const clause::verify::report r = clause::verify::verify_bundle(dir.string(), o);
  INFO(r.errors);
  INFO(r.text);
  REQUIRE(r.errors.empty());
  CHECK(r.text.find("unconfirmed") == std::string::npos);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO(rows[i].construct << ": " << rows[i].property);
    const std::string line = (rows[i].holds ? "  ok       property `p" : "  FAILS    property `p") +
                             std::to_string(i) + "` ";
    CHECK(r.text.find(line) != std::string::npos);
  }
  std::filesystem::remove_all(dir);
}
