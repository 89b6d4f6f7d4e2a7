// What a host program can get wrong, and what it must be able to rely on: options checked at
// construction, a failed load that cannot be evaluated against, typed parameter overrides,
// diagnostics as data, bundles from memory, records made only when asked, batches and tables.
#include <sys/mman.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "clause/clause.hpp"

namespace {

const std::string mca_bundle = CLAUSE_SOURCE_DIR "/rules/mca";

// A policy small enough to read in the test: one parameter, one enum, one decision.
const std::string small_policy = R"(policy small version "1"
enum Tier { basic, gold }
input {
  tier: Tier
  amount: int
}
param limit: int = 100
param gate: Tier = gold
decision pay
  outcomes allow | review | deny
  combine first
  default allow
rule too-much -> pay
  when amount > params.limit
  deny TOO_MUCH "over {params.limit}"
rule gated -> pay
  when tier == params.gate
  review GATED "gated"
)";

std::shared_ptr<const clause::policy> small() {
  auto loaded = clause::policy::load_files({{"policy.clause", small_policy}});
  INFO(loaded.render());
  REQUIRE(loaded);
  return loaded.policy;
}

// The mistake a session constructor reports, as the exception it throws.
clause::options_error refused(std::shared_ptr<const clause::policy> p,
                              clause::session_options options) {
  try {
    clause::session s(std::move(p), std::move(options));
  } catch (const clause::options_error& e) {
    return e;
  }
  FAIL("the session accepted the options");
  throw;
}

template <typename P>
constexpr bool exposes_program = requires(const P& p) {
  p.program();
};

}  // namespace

TEST_CASE("an unparseable `now` is refused at construction, not read as 1970") {
  const clause::options_error e = refused(small(), {.now = "tomorrow"});
  CHECK(e.which() == clause::options_error::option::now);
  CHECK(e.value() == "tomorrow");
  CHECK(std::string(e.what()).find("`tomorrow`") != std::string::npos);
  // A date alone is a datetime at midnight UTC.
  CHECK_NOTHROW(clause::session(small(), {.now = "2024-06-10"}));
}

TEST_CASE("a session over a failed load is a clear error, not a crash") {
  auto loaded = clause::policy::load("/nonexistent/bundle");
  REQUIRE_FALSE(loaded);
  const clause::options_error e = refused(loaded.policy, {});
  CHECK(e.which() == clause::options_error::option::policy);
  CHECK(std::string(e.what()).find("null") != std::string::npos);
  CHECK_THROWS_AS(clause::batch(nullptr, {}, 2), clause::options_error);
}

TEST_CASE("an empty locale is refused") {
  CHECK(refused(small(), {.locale = ""}).which() == clause::options_error::option::locale);
}

TEST_CASE("parameters are overridden by name, checked against their declared type") {
  const auto p = small();
  const char* big = R"({"tier":"basic","amount":150})";
  {
    clause::session defaults(p);
    CHECK(defaults.evaluate_json(big).find("pay")->outcome() == "deny");
  }
  {
    clause::session raised(p, {.params = {{"limit", "200"}}});
    CHECK(raised.evaluate_json(big).find("pay")->outcome() == "allow");
    clause::session gated(p, {.params = {{"limit", "200"}, {"gate", "basic"}}});
    CHECK(gated.evaluate_json(big).find("pay")->outcome() == "review");
  }
  const clause::options_error unknown = refused(p, {.params = {{"limt", "1"}}});
  CHECK(unknown.which() == clause::options_error::option::param);
  CHECK(unknown.name() == "limt");
  CHECK(unknown.help().find("limit") != std::string::npos);
  const clause::options_error not_int = refused(p, {.params = {{"limit", "lots"}}});
  CHECK(not_int.expected() == "an integer");
  CHECK(not_int.value() == "lots");
  const clause::options_error not_tier = refused(p, {.params = {{"gate", "silver"}}});
  CHECK(not_tier.expected() == "`basic` or `gold`");
}

TEST_CASE("a policy says which parameters it has, with types and defaults") {
  const auto p = small();
  REQUIRE(p->parameters().size() == 2);
  CHECK(p->parameters()[0].name == "limit");
  CHECK(p->parameters()[0].type == "int");
  CHECK(p->parameters()[0].default_value == "100");
  CHECK(p->parameters()[1].type == "Tier");
  CHECK(p->parameters()[1].values == std::vector<std::string>{"basic", "gold"});
  CHECK(p->parameters()[1].default_value == "gold");
  CHECK(p->decision_names() == std::vector<std::string>{"pay"});
  REQUIRE(p->rules().size() == 2);
  CHECK(p->rules()[0].id == "too-much");
  CHECK(p->rules()[0].location == "policy.clause:13:1");
}

TEST_CASE("load diagnostics are data: code, severity, file, line, column, message") {
  auto loaded = clause::policy::load_files(
      {{"policy.clause", "policy p version \"1\"\ninput { a: int }\nlet x = a + nope\n"}});
  REQUIRE_FALSE(loaded);
  REQUIRE_FALSE(loaded.diagnostics.empty());
  const clause::diagnostic& d = loaded.diagnostics[0];
  CHECK(d.code == "E0201");
  CHECK(d.severity == clause::severity::error);
  CHECK(d.file == "policy.clause");
  CHECK(d.line == 3);
  CHECK(d.column == 13);
  CHECK(d.message.find("`nope`") != std::string::npos);
  CHECK(loaded.render().starts_with("policy.clause:3:13: error[E0201]"));
  CHECK(loaded.render_json().starts_with("["));
  // An import the host did not give is a diagnostic too.
  auto missing = clause::policy::load_files(
      {{"policy.clause", "policy p version \"1\"\nimport \"other.clause\"\n"}});
  REQUIRE_FALSE(missing);
  CHECK(missing.diagnostics[0].code == "E0403");
}

TEST_CASE("the policy's compiled form is not part of the public surface") {
  STATIC_REQUIRE_FALSE(exposes_program<clause::policy>);
  STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<clause::result>);
}

TEST_CASE("a record is made when asked, and is the record of the latest case") {
  clause::session s(small());
  const clause::result& r = s.evaluate_json(R"({"id":"one","tier":"basic","amount":1})");
  const std::string first(r.json());
  CHECK(
      first ==
      R"({"id":"one","decisions":{"pay":{"outcome":"allow","codes":[],"warnings":[],"messages":[]}}})");
  s.evaluate_json(R"({"id":"two","tier":"gold","amount":1})");
  CHECK(r.json().find("\"two\"") != std::string_view::npos);
  std::string yaml;
  r.write(yaml, clause::record_format::yaml);
  CHECK(yaml.starts_with("---\nid: \"two\"\n"));
  std::string text;
  r.write(text, clause::record_format::explanation);
  CHECK(text.starts_with("case two\n  pay: review GATED\n"));
  const clause::decision* pay = r.find("pay");
  REQUIRE(pay);
  CHECK(pay->outcome_index() == 1);
  CHECK(pay->outcome_count() == 3);
}

TEST_CASE("a batch decides on several threads what one session decides alone") {
  auto loaded = clause::policy::load(mca_bundle);
  REQUIRE(loaded);
  const clause::session_options options{.now = "2024-06-10T12:00:00Z"};
  std::vector<clause::case_input> inputs;
  clause::case_reader reader({CLAUSE_SOURCE_DIR "/tests/cli/inputs/cases.ndjson",
                              CLAUSE_SOURCE_DIR "/tests/cli/inputs/cases.yaml"});
  for (clause::case_input in; reader.next(in);)
    inputs.push_back(std::move(in));
  REQUIRE(inputs.size() == 7);
  std::vector<std::string> alone, together(inputs.size());
  clause::session s(loaded.policy, options);
  for (const clause::case_input& in : inputs)
    alone.emplace_back(s.evaluate(in).json());
  clause::batch b(loaded.policy, options, 2);
  b.start(inputs, [&](std::size_t i, const clause::result& r) { together[i] = r.json(); });
  b.wait();
  CHECK(together == alone);
  CHECK(alone[1].find("cases.ndjson:2:") != std::string::npos);  // a line that does not parse
}

// The threads of a batch are made once: a host may start a small batch per request. Kernel
// thread ids are not reused soon (std::thread ids may be, for a thread made after one joined).
TEST_CASE("a batch keeps its threads from one start to the next, and decides every case once") {
  auto loaded = clause::policy::load(mca_bundle);
  REQUIRE(loaded);
  const clause::session_options options{.now = "2024-06-10T12:00:00Z"};
  // The cases of tests/cli/inputs over and over: more cases than a thread takes at a time.
  std::ifstream file(CLAUSE_SOURCE_DIR "/tests/cli/inputs/cases.ndjson");
  const std::string lines{std::istreambuf_iterator<char>(file), {}};
  REQUIRE(!lines.empty());
  clause::ndjson_feed feed("cases.ndjson");
  for (int copy = 0; copy < 30; ++copy)
    feed.feed(lines);
  feed.finish();
  std::vector<clause::case_input> inputs;
  for (clause::case_input in; feed.next(in);)
    inputs.push_back(std::move(in));
  REQUIRE(inputs.size() >= 100);
  std::vector<std::string> alone;
  clause::session s(loaded.policy, options);
  for (const clause::case_input& in : inputs)
    alone.emplace_back(s.evaluate(in).json());

  constexpr int rounds = 30;
  std::vector<std::vector<std::string>> together(rounds);
  std::vector<std::vector<int>> calls(rounds);
  std::atomic<int> empty_calls = 0;
  std::mutex mutex;
  std::set<pid_t> threads;
  {
    clause::batch b(loaded.policy, options, 2);
    for (int round = 0; round < rounds; ++round) {
      const std::size_t count = round % 3 == 0 ? inputs.size() : 1 + round;
      together[round].resize(count);
      calls[round].assign(count, 0);
      b.start(std::span(inputs).first(count), [&, round](std::size_t i, const clause::result& r) {
        together[round][i] = r.json();
        ++calls[round][i];
        std::lock_guard lock(mutex);
        threads.insert(static_cast<pid_t>(::gettid()));
      });
      if (round % 2 == 0) b.wait();  // the other rounds: the next start waits for them
    }
    b.start({}, [&](std::size_t, const clause::result&) { ++empty_calls; });
    b.start(inputs, [](std::size_t, const clause::result&) {});
  }  // destroyed while deciding: waits for the batch, then ends its threads
  for (int round = 0; round < rounds; ++round) {
    const std::size_t count = together[round].size();
    CAPTURE(round);
    CHECK(std::vector<std::string>(alone.begin(), alone.begin() + count) == together[round]);
    CHECK(std::count(calls[round].begin(), calls[round].end(), 1) == static_cast<long>(count));
  }
  CHECK(empty_calls == 0);
  CHECK(threads.size() <= 2);
  CHECK(threads.count(static_cast<pid_t>(::gettid())) == 0);  // decided on the batch's threads
}

TEST_CASE("a case reader over an open descriptor reads it as a file of its name") {
  auto loaded = clause::policy::load(mca_bundle);
  REQUIRE(loaded);
  const int fd = ::memfd_create("cases", MFD_CLOEXEC);
  REQUIRE(fd >= 0);
  const std::string text = "{\"id\":\"a\"\n[1]\n";
  REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  clause::case_reader reader(fd, "request.ndjson");
  clause::session s(loaded.policy);
  std::vector<std::string> records;
  for (clause::case_input in; reader.next(in);)
    records.emplace_back(s.evaluate(in).json());
  REQUIRE(records.size() == 2);
  CHECK(records[0].find("\"path\":\"\",\"message\":\"request.ndjson:1:") != std::string::npos);
  CHECK(records[1].find("\"id\":\"2\"") != std::string::npos);
}

TEST_CASE("a table wraps long cells within its width and writes its header once") {
  const clause::table_row long_codes{"c1",
                                     "attest",
                                     "reject",
                                     "",
                                     "FUTURE_DATE PARTNER_TYPE_NOT_PERMITTED ROLE",
                                     "",
                                     clause::table_row::shade::bad};
  clause::table t({.width = 68});
  t.add(long_codes);
  std::string out;
  t.write(out);
  CHECK(out ==
        "ID  DECISION  OUTCOME  PAYLOAD  CODES                       WARNINGS\n"
        "c1  attest    reject   -        FUTURE_DATE                 -\n"
        "                                PARTNER_TYPE_NOT_PERMITTED\n"
        "                                ROLE\n");
  t.add({"c2", "-", "error", "", "partner.type: expected a type", "",
         clause::table_row::shade::error});
  out.clear();
  t.write(out);
  CHECK(out.find("ID") == std::string::npos);
  CHECK(out.find("1 case could not be decided:\n  c2: partner.type: expected a type\n") !=
        std::string::npos);
  CHECK(t.errors() == 1);

  // Narrower than the words: they break after a `_`, and no line passes the width it can reach.
  clause::table narrow({.width = 56});
  narrow.add(long_codes);
  out.clear();
  narrow.write(out);
  CHECK(out.find("PARTNER_TYPE_\n") != std::string::npos);
  for (std::size_t start = 0, end; (end = out.find('\n', start)) != std::string::npos;
       start = end + 1) {
    CHECK(end - start <= 56);
  }
  // Without a width every cell stays on one line.
  clause::table wide;
  wide.add(long_codes);
  out.clear();
  wide.write(out);
  CHECK(out.find("FUTURE_DATE PARTNER_TYPE_NOT_PERMITTED ROLE") != std::string::npos);
}

TEST_CASE("a table shades outcomes by their place in the decision, only when asked") {
  clause::table t({.colour = true});
  t.add({"c1", "d", "ok", "", "", "", clause::table_row::shade::good});
  t.add({"c2", "d", "maybe", "", "", "", clause::table_row::shade::neutral});
  t.add({"c3", "d", "no", "", "", "", clause::table_row::shade::bad});
  std::string out;
  t.write(out);
  CHECK(out.find("\033[32mok\033[0m") != std::string::npos);
  CHECK(out.find("\033[33mmaybe\033[0m") != std::string::npos);
  CHECK(out.find("\033[31mno\033[0m") != std::string::npos);
  auto loaded = clause::policy::load_files({{"policy.clause", small_policy}});
  REQUIRE(loaded);
  clause::session s(loaded.policy);
  std::vector<clause::table_row> rows;
  clause::table_rows(s.evaluate_json(R"({"tier":"gold","amount":1})"), rows);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].outcome == "review");
  CHECK(rows[0].tone == clause::table_row::shade::neutral);  // between allow and deny
  rows.clear();
  clause::table_rows(s.evaluate_json(R"({"tier":"gold"})"), rows);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].tone == clause::table_row::shade::error);
  CHECK(rows[0].codes.find("amount") != std::string::npos);
}

TEST_CASE("a host's case larger than a case may be is an error result, in both formats") {
  clause::session s(small());
  std::string big = R"({"tier":"basic","amount":1,"pad":")";
  big.append(2u << 20, 'x');
  big += "\"}";
  const clause::result& json = s.evaluate_json(big);
  CHECK_FALSE(json.ok());
  CHECK(json.error().find("larger than") != std::string_view::npos);
  const clause::result& yaml = s.evaluate_yaml("tier: basic\namount: 1\npad: " + big.substr(40));
  CHECK_FALSE(yaml.ok());
  CHECK(yaml.error().find("larger than") != std::string_view::npos);
  CHECK(s.evaluate_json(R"({"tier":"basic","amount":1})").ok());  // the session goes on
}

TEST_CASE("a conflict in a `unique` decision is visible in the decision, its warnings and record") {
  auto loaded = clause::policy::load_files({{"policy.clause", R"(policy u version "1"
input { amount: int }
decision route
  outcomes small | large
  combine unique
  default small
rule big -> route
  when amount > 10
  large BIG
rule huge -> route
  when amount > 1000
  large HUGE
)"}});
  REQUIRE(loaded);
  // Warnings are diagnostics a host can read, and do not stop the policy from loading.
  CHECK(loaded.diagnostics.empty());  // `amount > 10` does not imply `amount > 1000` by its text
  clause::session s(loaded.policy);
  const clause::result& both = s.evaluate_json(R"({"id":"x","amount":5000})");
  REQUIRE(both.ok());
  const clause::decision& d = both.decisions()[0];
  CHECK(d.outcome() == "large");
  REQUIRE(d.conflicts().size() == 2);
  CHECK(d.conflicts()[0] == "big");
  CHECK(d.conflicts()[1] == "huge");
  REQUIRE(d.codes().size() == 1);
  CHECK(d.codes()[0] == "BIG");
  REQUIRE(d.warnings().size() == 1);
  CHECK(d.warnings()[0] == "RULE_CONFLICT");
  CHECK(std::string(both.json()).find("\"conflicts\":[\"big\",\"huge\"]") != std::string::npos);

  const clause::result& one = s.evaluate_json(R"({"id":"y","amount":50})");
  REQUIRE(one.ok());
  CHECK(one.decisions()[0].conflicts().empty());
  CHECK(one.decisions()[0].warnings().empty());
  CHECK(std::string(one.json()).find("conflicts") == std::string::npos);
}

TEST_CASE("an expression over a policy: its type, its value per case, and its mistakes located") {
  const clause::load_result loaded =
      clause::policy::load_with_expression(mca_bundle, "length(actor.roles) + 1");
  INFO(loaded.render());
  REQUIRE(loaded);
  CHECK(loaded.policy->expression_type() == "int");
  clause::session s(loaded.policy);
  const clause::result& r = s.evaluate_json(
      R"({"id":"x","partner":{"tenantId":"a","type":"DirectBill"},
          "actor":{"roles":["AdminAgent","SalesAgent"],"channel":"UI"},"customer":{"tenantId":"b"}})");
  REQUIRE(r.ok());
  const clause::decision* d = r.find(clause::policy::expression_decision);
  REQUIRE(d);
  CHECK(d->outcome() == "value");
  CHECK(d->payload("value") == "3");
  REQUIRE(d->payload_json().size() == 1);
  CHECK(d->payload_json()[0].second == "3");

  const clause::load_result listed =
      clause::policy::load_with_expression(mca_bundle, "actor.roles");
  REQUIRE(listed);
  clause::session s1(listed.policy);
  const clause::result& roles = s1.evaluate_json(
      R"({"id":"x","partner":{"tenantId":"a","type":"DirectBill"},
          "actor":{"roles":["AdminAgent","SalesAgent"],"channel":"UI"},"customer":{"tenantId":"b"}})");
  REQUIRE(roles.ok());
  const clause::decision* listed_value = roles.find(clause::policy::expression_decision);
  REQUIRE(listed_value);
  CHECK(listed_value->payload("value") == "[AdminAgent, SalesAgent]");
  REQUIRE(listed_value->payload_json().size() == 1);
  CHECK(listed_value->payload_json()[0].second == R"(["AdminAgent","SalesAgent"])");
  CHECK(!clause::policy::load_with_expression(mca_bundle, "customer.agreements"));

  const clause::load_result optional =
      clause::policy::load_with_expression(mca_bundle, "customer.country");
  REQUIRE(optional);
  clause::session s2(optional.policy);
  const clause::result& absent = s2.evaluate_json(
      R"({"id":"y","partner":{"tenantId":"a","type":"DirectBill"},
          "actor":{"roles":[],"channel":"UI"},"customer":{"tenantId":"b"}})");
  REQUIRE(absent.ok());
  CHECK(absent.find(clause::policy::expression_decision)->outcome() == "absent");

  const clause::load_result enum_valued =
      clause::policy::load_with_expression(mca_bundle, "partner.type");
  REQUIRE(enum_valued);
  clause::session s3(enum_valued.policy);
  const clause::result& named = s3.evaluate_json(
      R"({"id":"z","partner":{"tenantId":"a","type":"IndirectProvider"},
          "actor":{"roles":[],"channel":"UI"},"customer":{"tenantId":"b"}})");
  REQUIRE(named.ok());
  CHECK(named.find(clause::policy::expression_decision)->payload("value") == "IndirectProvider");

  const clause::load_result wrong =
      clause::policy::load_with_expression(mca_bundle, "partner.tpye");
  CHECK(!wrong);
  REQUIRE(wrong.diagnostics.size() == 1);
  CHECK(wrong.diagnostics[0].file == "--expr");
  CHECK(wrong.diagnostics[0].line == 1);
  CHECK(wrong.diagnostics[0].column == 8);  // the `.tpye`
  CHECK(wrong.diagnostics[0].code == "E0203");

  CHECK(!clause::policy::load_with_expression(mca_bundle, "1 let x = 2"));
  CHECK(!clause::policy::load_with_expression(mca_bundle, "partner"));
  CHECK(!clause::policy::load_with_expression(mca_bundle + "/nowhere", "1"));
}
