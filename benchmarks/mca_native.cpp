// The floor: the five MCA decisions of rules/mca/*.clause written by hand in plain C++, over a
// plain struct of the case filled once at setup, returning outcome + codes (+ the template's
// country and language). It is checked against the engine on every scenario before it is measured,
// so that the comparison with the engine (evaluate_bound/*) stays honest. Like a careful
// hand-written service it checks GUIDs and emails with loops rather than a regex engine, keeps
// codes as a bit set in sorted order and builds no message texts (the engine does: see README.md).
#include <benchmark/benchmark.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "benchmarks/mca_cases.hpp"
#include "lang/calendar.hpp"
#include "lang/yaml_scalar.hpp"
#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"

namespace {

namespace native {

using clause::lang::date_value;
using clause::lang::datetime_value;

enum class partner_type : std::uint8_t { direct_bill, indirect_provider, indirect_reseller };
enum class cloud : std::uint8_t { public_cloud, china_21vianet, us_gov, germany };
enum class channel : std::uint8_t { ui, api, powershell, bulk_tool };
enum class auth : std::uint8_t { app_user, app_only };
enum class purchase_kind : std::uint8_t {
  new_order,
  seat_increase,
  seat_decrease,
  manual_renewal,
  auto_renewal
};
enum class intent : std::uint8_t {
  new_purchase_existing_partner,
  new_partner_relationship,
  first_acceptance
};
enum class status_kind : std::uint8_t { confirmation, direct_sign_status };

// Roles as bits.
enum role : std::uint32_t {
  global_admin = 1,
  admin_agent = 2,
  sales_agent = 4,
  helpdesk_agent = 8,
  billing_admin = 16,
  user_management_admin = 32,
};

struct contact {
  std::optional<std::string> first_name, last_name, email, phone_number;
};

struct confirmation {
  std::optional<contact> primary_contact;
  std::optional<std::string> template_id;
  std::optional<datetime_value> date_agreed;
  std::optional<std::string> type;
  std::optional<std::string> partner_tenant_id;
};

struct mca_case {
  datetime_value now;
  bool attest_article_roles = false;
  bool instant_granularity = false;
  std::optional<date_value> minimum_accepted_on;
  struct {
    std::string tenant_id;
    partner_type type = partner_type::direct_bill;
    std::optional<std::string> provider_tenant_id;
    native::cloud cloud = cloud::public_cloud;
  } partner;
  struct {
    std::uint32_t roles = 0;
    native::channel channel = channel::ui;
    native::auth auth = auth::app_user;
    bool mfa = true;
  } actor;
  struct {
    std::string tenant_id;
    std::optional<std::string> country;
    bool is_new = false;
    bool reseller_relationship = true;
    bool direct_signed = false;
    std::size_t prior_purchases = 0;  // only their number matters to the policy
    std::vector<confirmation> agreements;
  } customer;
  struct agreement_section {
    std::optional<contact> primary_contact;
    std::optional<std::string> template_id, date_agreed, type;
  };
  std::optional<agreement_section> agreement;
  std::optional<purchase_kind> purchase;
  struct direct_acceptance_section {
    native::intent intent = intent::first_acceptance;
    bool user_is_global_admin = true;
  };
  std::optional<direct_acceptance_section> direct_acceptance;
  struct template_request_section {
    std::string template_id;
    std::optional<std::string> country, language;
  };
  std::optional<template_request_section> template_request;
  std::optional<status_kind> status_request;
};

// Every code and warning, in sorted order: a bit set of them lists them sorted.
constexpr std::array<std::string_view, 22> code_names = {
    "13605",
    "AUTH_APP_USER_REQUIRED",
    "CLOUD_NOT_SUPPORTED",
    "DUPLICATE",
    "FUTURE_DATE",
    "GLOBAL_ADMIN_REQUIRED",
    "INVALID_CUSTOMER_ID",
    "INVALID_DATE",
    "INVALID_EMAIL",
    "INVALID_PARAMETER",
    "MFA_REQUIRED",
    "MISSING_FIELD",
    "NO_RESELLER_RELATIONSHIP",
    "PARTNER_MUST_ATTEST",
    "PARTNER_TYPE_NOT_PERMITTED",
    "PREDATES_MCA",
    "ROLE_NOT_PERMITTED",
    "TEMPLATE_NOT_MCA",
    "TEMPLATE_RETIRED",
    "TEMPLATE_UNKNOWN",
    "TYPE_TEMPLATE_MISMATCH",
    "UNSUPPORTED_COUNTRY",
};
static_assert(std::is_sorted(code_names.begin(), code_names.end()));

enum code : std::uint32_t {
  code_13605 = 1u << 0,
  auth_app_user_required = 1u << 1,
  cloud_not_supported = 1u << 2,
  duplicate = 1u << 3,
  future_date = 1u << 4,
  global_admin_required = 1u << 5,
  invalid_customer_id = 1u << 6,
  invalid_date = 1u << 7,
  invalid_email = 1u << 8,
  invalid_parameter = 1u << 9,
  mfa_required = 1u << 10,
  missing_field = 1u << 11,
  no_reseller_relationship = 1u << 12,
  partner_must_attest = 1u << 13,
  partner_type_not_permitted = 1u << 14,
  predates_mca = 1u << 15,
  role_not_permitted = 1u << 16,
  template_not_mca = 1u << 17,
  template_retired = 1u << 18,
  template_unknown = 1u << 19,
  type_template_mismatch = 1u << 20,
  unsupported_country = 1u << 21,
};

struct decision {
  bool present = false;
  std::string_view outcome;
  std::uint32_t codes = 0, warnings = 0;
  std::string_view country, language;  // a template `document`
};

struct mca_result {
  decision attest, purchase, direct_acceptance, template_doc, status_read;
};

struct country {
  std::string name;
  std::vector<std::string> languages;
};
using country_table = std::unordered_map<std::string, country>;

constexpr std::string_view mca_type = "MicrosoftCustomerAgreement";
constexpr std::string_view cloud_agreement_type = "MicrosoftCloudAgreement";

// The template catalogue (contract.md section 2): ids compared case-sensitively.
std::optional<std::string_view> agreement_type_of(std::string_view template_id) {
  if (template_id == "117a77b0-9360-443b-8795-c6dedc750cf9") return mca_type;
  if (template_id == "998b88de-aa99-4388-a42c-1b3517d49490") return cloud_agreement_type;
  return std::nullopt;
}

const datetime_value year_2000 = *clause::lang::parse_datetime("2000-01-01T00:00:00Z");
const datetime_value mca_start = *clause::lang::parse_datetime("2019-10-01T00:00:00Z");
const date_value cloud_agreement_retired = *clause::lang::parse_date("2020-02-01");
const std::string default_country = "US";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_space(s.back()))
    s.remove_suffix(1);
  return s;
}

std::string_view text_or_empty(const std::optional<std::string>& s) {
  return s ? std::string_view(*s) : std::string_view();
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// 8-4-4-4-12 hexadecimal digits.
bool is_guid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!is_hex(s[i])) {
      return false;
    }
  }
  return true;
}

// `^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`, where `\s` is RE2's [\t\n\f\r ].
bool is_email(std::string_view s) {
  const std::size_t at = s.find('@');
  if (at == 0 || at == std::string_view::npos) return false;
  std::size_t labels = 0, label_length = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ') return false;
    if (i <= at) continue;
    if (c == '@') return false;
    if (c == '.') {
      if (label_length == 0) return false;
      ++labels;
      label_length = 0;
    } else {
      ++label_length;
    }
  }
  return label_length > 0 && labels >= 1;
}

std::uint32_t attest_roles(const mca_case& c) {
  return c.attest_article_roles ? admin_agent | sales_agent | global_admin | helpdesk_agent
                                : admin_agent | sales_agent;
}

bool has_attest_role(const mca_case& c) {
  if (c.actor.channel == channel::bulk_tool) return (c.actor.roles & (global_admin | admin_agent));
  return (c.actor.roles & attest_roles(c)) != 0;
}

// The partner and user checks `attest`, `template` and `statusRead` share.
std::uint32_t actor_codes(const mca_case& c) {
  std::uint32_t codes = 0;
  if (c.partner.cloud != cloud::public_cloud) codes |= cloud_not_supported;
  if (c.actor.auth != auth::app_user) codes |= auth_app_user_required;
  if (c.partner.type == partner_type::indirect_reseller) codes |= partner_type_not_permitted;
  return codes;
}

bool actor_may_attest(const mca_case& c) {
  return actor_codes(c) == 0 && has_attest_role(c);
}

// A record on file is an MCA confirmation by its type, or without one by its template.
bool is_mca_record(const confirmation& r) {
  if (r.type) {
    const std::string_view type = trim(*r.type);
    if (!type.empty()) return type == mca_type;
  }
  return r.template_id && agreement_type_of(*r.template_id) == mca_type;
}

// With minimumAcceptedOn, records dated before it (or undated) are stale.
bool fresh(const mca_case& c, const confirmation& r) {
  return !c.minimum_accepted_on ||
         (r.date_agreed && clause::lang::utc_date(*r.date_agreed) >= *c.minimum_accepted_on);
}

decision reject_or(std::uint32_t codes, std::string_view otherwise) {
  decision d;
  d.present = true;
  d.codes = codes;
  d.outcome = codes ? "reject" : otherwise;
  return d;
}

decision attest(const mca_case& c) {
  std::uint32_t codes = actor_codes(c), warnings = 0;
  if (!c.customer.reseller_relationship) codes |= no_reseller_relationship;
  if (!has_attest_role(c)) codes |= role_not_permitted;
  if (c.actor.channel == channel::bulk_tool && !c.actor.mfa) codes |= mfa_required;
  if (!is_guid(c.customer.tenant_id)) codes |= invalid_customer_id;

  const auto& a = *c.agreement;
  static const contact no_contact;
  const contact& person = a.primary_contact ? *a.primary_contact : no_contact;
  const std::string_view first_name = trim(text_or_empty(person.first_name));
  const std::string_view last_name = trim(text_or_empty(person.last_name));
  const std::string_view email = trim(text_or_empty(person.email));
  const std::string_view phone = trim(text_or_empty(person.phone_number));
  const std::string_view template_id = trim(text_or_empty(a.template_id));
  const std::string_view type = trim(text_or_empty(a.type));
  const std::string_view date_text = trim(text_or_empty(a.date_agreed));

  if (first_name.empty() || last_name.empty() || email.empty() || template_id.empty() ||
      type.empty() || date_text.empty()) {
    codes |= missing_field;
  }
  if (!email.empty() && !is_email(email)) codes |= invalid_email;

  const auto agreed = clause::lang::parse_datetime(date_text);
  const bool valid_date = agreed && *agreed >= year_2000;
  if (!date_text.empty() && !valid_date) codes |= invalid_date;
  if (valid_date) {
    const bool future = c.instant_granularity
                            ? *agreed > c.now
                            : clause::lang::utc_date(*agreed) > clause::lang::utc_date(c.now);
    if (future) codes |= future_date;
    if (*agreed < mca_start) warnings |= predates_mca;
  }

  const auto template_type = agreement_type_of(template_id);
  if (!template_id.empty() && !template_type) codes |= template_unknown;
  if (template_type && !type.empty() && *template_type != type) codes |= type_template_mismatch;
  if (clause::lang::utc_date(c.now) >= cloud_agreement_retired &&
      template_type == cloud_agreement_type && type == cloud_agreement_type) {
    codes |= template_retired;
  }

  for (const confirmation& r : c.customer.agreements) {
    if (!r.partner_tenant_id ||
        !equals_ignore_case(trim(*r.partner_tenant_id), c.partner.tenant_id) || !is_mca_record(r) ||
        !fresh(c, r)) {
      continue;
    }
    const contact& on_file = r.primary_contact ? *r.primary_contact : no_contact;
    if (trim(text_or_empty(on_file.first_name)) == first_name &&
        trim(text_or_empty(on_file.last_name)) == last_name &&
        trim(text_or_empty(on_file.phone_number)) == phone &&
        equals_ignore_case(trim(text_or_empty(on_file.email)), email)) {
      codes |= duplicate;
      break;
    }
  }
  decision d = reject_or(codes, "accept");
  d.warnings = warnings;
  return d;
}

decision purchase(const mca_case& c) {
  decision d;
  d.present = true;
  if (*c.purchase == purchase_kind::auto_renewal) {
    d.outcome = "allow";
    return d;
  }
  // Whose confirmation counts: this partner's; an indirect reseller's provider's, or nobody's.
  // A blank provider id is no provider.
  const std::string_view confirming = trim(c.partner.type == partner_type::indirect_reseller
                                               ? text_or_empty(c.partner.provider_tenant_id)
                                               : std::string_view(c.partner.tenant_id));
  bool accepted = c.customer.direct_signed;
  if (!accepted && !confirming.empty()) {
    for (const confirmation& r : c.customer.agreements) {
      if (r.partner_tenant_id && equals_ignore_case(trim(*r.partner_tenant_id), confirming) &&
          is_mca_record(r) && fresh(c, r)) {
        accepted = true;
        break;
      }
    }
  }
  if (accepted) {
    d.outcome = "allow";
  } else if (c.actor.channel == channel::ui && !c.customer.is_new && actor_may_attest(c)) {
    d.outcome = "prompt_attestation";
  } else {
    d.outcome = "block";
    d.codes = code_13605;
  }
  return d;
}

decision direct_acceptance(const mca_case& c) {
  decision d;
  d.present = true;
  if (!c.direct_acceptance->user_is_global_admin) {
    d.outcome = "reject";
    d.codes = global_admin_required;
  } else if (c.direct_acceptance->intent == intent::first_acceptance) {
    d.outcome = "allow";
  } else if (c.customer.prior_purchases > 0) {
    d.outcome = "refuse";
    d.codes = partner_must_attest;
  } else {
    d.outcome = "allow";
  }
  return d;
}

decision template_document(const mca_case& c, const country_table& countries) {
  const auto& request = *c.template_request;
  std::uint32_t codes = actor_codes(c);
  constexpr std::uint32_t viewers =
      global_admin | user_management_admin | admin_agent | sales_agent | helpdesk_agent;
  if (!(c.actor.roles & viewers)) codes |= role_not_permitted;
  const auto template_type = agreement_type_of(request.template_id);
  if (!template_type) {
    codes |= template_unknown;
  } else if (*template_type != mca_type) {
    codes |= template_not_mca;
  }
  // Country absent -> the customer's when given and not blank, else US.
  const std::string& country = request.country ? *request.country
                               : c.customer.country && !trim(*c.customer.country).empty()
                                   ? *c.customer.country
                                   : default_country;
  auto found = countries.end();
  if (trim(country).empty()) {
    codes |= invalid_parameter;
  } else {
    found = countries.find(country);
    if (found == countries.end()) codes |= unsupported_country;
  }
  decision d = reject_or(codes, "document");
  if (codes == 0) {
    d.country = country;
    d.language = "en-US";
    if (request.language) {
      const auto& offered = found->second.languages;
      if (std::find(offered.begin(), offered.end(), *request.language) != offered.end())
        d.language = *request.language;
    }
  }
  return d;
}

decision status_read(const mca_case& c) {
  std::uint32_t codes = actor_codes(c);
  if (*c.status_request == status_kind::confirmation && !(c.actor.roles & attest_roles(c)))
    codes |= role_not_permitted;
  if (*c.status_request == status_kind::direct_sign_status && !c.customer.reseller_relationship)
    codes |= no_reseller_relationship;
  return reject_or(codes, "allow");
}

void decide(const mca_case& c, const country_table& countries, mca_result& out) {
  out.attest = c.agreement ? attest(c) : decision{};
  out.purchase = c.purchase ? purchase(c) : decision{};
  out.direct_acceptance = c.direct_acceptance ? direct_acceptance(c) : decision{};
  out.template_doc = c.template_request ? template_document(c, countries) : decision{};
  out.status_read = c.status_request ? status_read(c) : decision{};
}

}  // namespace native

// --- Setup: the case struct from the same scenario documents, and the check against the engine --

namespace setup {

bool absent(const YAML::Node& n) {
  return !n.IsDefined() || n.IsNull();
}

std::optional<std::string> text(const YAML::Node& n) {
  if (absent(n)) return std::nullopt;
  return clause::lang::yaml::as_string(n);
}

bool flag(const YAML::Node& n, bool otherwise) {
  if (absent(n)) return otherwise;
  return clause::lang::yaml::as_bool(n).value_or(otherwise);
}

template <typename E, std::size_t N>
E enum_of(const YAML::Node& n, const std::array<std::string_view, N>& names, E otherwise) {
  if (absent(n)) return otherwise;
  for (std::size_t i = 0; i < N; ++i) {
    if (n.Scalar() == names[i]) return static_cast<E>(i);
  }
  return otherwise;
}

std::optional<native::contact> contact_of(const YAML::Node& n) {
  if (absent(n)) return std::nullopt;
  return native::contact{text(n["firstName"]), text(n["lastName"]), text(n["email"]),
                         text(n["phoneNumber"])};
}

native::mca_case case_of(const YAML::Node& doc) {
  using namespace native;
  mca_case c;
  c.now = *clause::lang::parse_datetime(doc["now"].Scalar());
  if (const YAML::Node params = doc["params"]; !absent(params)) {
    c.attest_article_roles = flag(params["attestArticleRoles"], false);
    c.instant_granularity = text(params["futureGranularity"]) == "instant";
    if (auto day = text(params["minimumAcceptedOn"]))
      c.minimum_accepted_on = clause::lang::parse_date(*day);
  }
  const YAML::Node partner = doc["partner"];
  c.partner.tenant_id = *text(partner["tenantId"]);
  c.partner.type =
      enum_of(partner["type"],
              std::array<std::string_view, 3>{"DirectBill", "IndirectProvider", "IndirectReseller"},
              partner_type::direct_bill);
  c.partner.provider_tenant_id = text(partner["providerTenantId"]);
  c.partner.cloud =
      enum_of(partner["cloud"],
              std::array<std::string_view, 4>{"Public", "China21Vianet", "USGov", "Germany"},
              cloud::public_cloud);

  const YAML::Node actor = doc["actor"];
  constexpr std::array<std::string_view, 6> roles = {"GlobalAdmin",  "AdminAgent",
                                                     "SalesAgent",   "HelpdeskAgent",
                                                     "BillingAdmin", "UserManagementAdmin"};
  for (const auto& r : actor["roles"]) {
    for (std::size_t i = 0; i < roles.size(); ++i) {
      if (r.Scalar() == roles[i]) c.actor.roles |= 1u << i;
    }
  }
  c.actor.channel =
      enum_of(actor["channel"],
              std::array<std::string_view, 4>{"UI", "API", "PowerShell", "BulkTool"}, channel::ui);
  c.actor.auth =
      enum_of(actor["auth"], std::array<std::string_view, 2>{"AppUser", "AppOnly"}, auth::app_user);
  c.actor.mfa = flag(actor["mfa"], true);

  const YAML::Node customer = doc["customer"];
  c.customer.tenant_id = *text(customer["tenantId"]);
  c.customer.country = text(customer["country"]);
  c.customer.is_new = flag(customer["isNew"], false);
  c.customer.reseller_relationship = flag(customer["resellerRelationship"], true);
  c.customer.direct_signed = flag(customer["directSigned"], false);
  if (!absent(customer["priorPurchases"]))
    c.customer.prior_purchases = customer["priorPurchases"].size();
  if (!absent(customer["agreements"])) {
    for (const auto& r : customer["agreements"]) {
      confirmation record;
      record.primary_contact = contact_of(r["primaryContact"]);
      record.template_id = text(r["templateId"]);
      if (auto date = text(r["dateAgreed"]))
        record.date_agreed = clause::lang::parse_datetime(*date);
      record.type = text(r["type"]);
      record.partner_tenant_id = text(r["partnerTenantId"]);
      c.customer.agreements.push_back(std::move(record));
    }
  }

  if (const YAML::Node a = doc["agreement"]; !absent(a)) {
    c.agreement.emplace();
    c.agreement->primary_contact = contact_of(a["primaryContact"]);
    c.agreement->template_id = text(a["templateId"]);
    c.agreement->date_agreed = text(a["dateAgreed"]);
    c.agreement->type = text(a["type"]);
  }
  if (const YAML::Node p = doc["purchase"]; !absent(p)) {
    c.purchase = enum_of(p["kind"],
                         std::array<std::string_view, 5>{"NewOrder", "SeatIncrease", "SeatDecrease",
                                                         "ManualRenewal", "AutoRenewal"},
                         purchase_kind::new_order);
  }
  if (const YAML::Node d = doc["directAcceptance"]; !absent(d)) {
    c.direct_acceptance.emplace();
    c.direct_acceptance->intent =
        enum_of(d["intent"],
                std::array<std::string_view, 3>{"NewPurchaseExistingPartner",
                                                "NewPartnerRelationship", "FirstAcceptance"},
                intent::first_acceptance);
    c.direct_acceptance->user_is_global_admin = flag(d["userIsGlobalAdmin"], true);
  }
  if (const YAML::Node t = doc["templateRequest"]; !absent(t)) {
    c.template_request.emplace();
    c.template_request->template_id = *text(t["templateId"]);
    c.template_request->country = text(t["country"]);
    c.template_request->language = text(t["language"]);
  }
  if (const YAML::Node s = doc["statusRequest"]; !absent(s)) {
    c.status_request =
        enum_of(s["kind"], std::array<std::string_view, 2>{"Confirmation", "DirectSignStatus"},
                status_kind::confirmation);
  }
  return c;
}

native::country_table load_countries() {
  native::country_table table;
  const YAML::Node file = YAML::LoadFile(CLAUSE_SOURCE_DIR "/rules/mca/countries.yaml");
  for (const auto& kv : file["countries"]) {
    native::country c;
    c.name = kv.second["name"].Scalar();
    for (const auto& language : kv.second["languages"])
      c.languages.push_back(language.Scalar());
    table.emplace(kv.first.Scalar(), std::move(c));
  }
  return table;
}

std::string names_of(std::uint32_t bits) {
  std::string out = "[";
  for (std::size_t i = 0; i < native::code_names.size(); ++i) {
    if (bits & (1u << i)) {
      if (out.size() > 1) out += ", ";
      out += native::code_names[i];
    }
  }
  return out + "]";
}

std::string names_of(const std::vector<std::string_view>& list) {
  std::string out = "[";
  for (std::string_view s : list) {
    if (out.size() > 1) out += ", ";
    out += s;
  }
  return out + "]";
}

// What the engine and the floor say differently about one case; empty when they agree.
std::string compare(const clause::runtime::program& p, const clause::runtime::evaluation& e,
                    const native::mca_result& n) {
  const std::pair<std::string_view, const native::decision*> by_name[] = {
      {"attest", &n.attest},
      {"purchase", &n.purchase},
      {"directAcceptance", &n.direct_acceptance},
      {"template", &n.template_doc},
      {"statusRead", &n.status_read}};
  std::size_t native_count = 0;
  for (const auto& [name, d] : by_name)
    native_count += d->present;
  if (native_count != e.decision_count) {
    return "the engine decides " + std::to_string(e.decision_count) + " decisions, the floor " +
           std::to_string(native_count);
  }
  std::string problems;
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const clause::runtime::decision_result& r = e.decisions[i];
    const auto& decision = p.decisions[r.decision];
    const native::decision* d = nullptr;
    for (const auto& [name, candidate] : by_name) {
      if (name == decision.name) d = candidate;
    }
    if (!d || !d->present) {
      problems += " the floor has no `" + decision.name + "`;";
      continue;
    }
    const auto& outcome = decision.outcomes[r.outcome];
    if (outcome.name != d->outcome)
      problems +=
          " " + decision.name + " outcome " + outcome.name + " vs " + std::string(d->outcome) + ";";
    const std::uint32_t codes = d->codes, warnings = d->warnings;
    if (names_of(r.codes) != names_of(codes))
      problems +=
          " " + decision.name + " codes " + names_of(r.codes) + " vs " + names_of(codes) + ";";
    if (names_of(r.warnings) != names_of(warnings)) {
      problems += " " + decision.name + " warnings " + names_of(r.warnings) + " vs " +
                  names_of(warnings) + ";";
    }
    for (std::size_t f = 0; f < outcome.payload_fields.size() && f < r.payload.size(); ++f) {
      const std::string_view engine = r.payload[f].text();
      const std::string_view floor =
          outcome.payload_fields[f] == "country" ? d->country : d->language;
      if (engine != floor) {
        problems += " " + decision.name + " " + outcome.payload_fields[f] + " " +
                    std::string(engine) + " vs " + std::string(floor) + ";";
      }
    }
  }
  return problems;
}

// The scenario and example cases, and variants of each that reach the branches the scenarios
// leave alone (no reseller relationship with a status read, blank provider ids, the bulk tool, the
// parameters, other roles, clouds, dates): the floor must agree with the engine on all of them.
YAML::Node plain(const char* yaml) {
  return YAML::Load(yaml);  // a scalar read from text keeps its plain or quoted style
}

std::vector<YAML::Node> variants(const YAML::Node& doc) {
  std::vector<YAML::Node> out;
  const auto variant = [&](auto&& change) {
    YAML::Node v = YAML::Clone(doc);
    change(v);
    out.push_back(v);
  };
  variant([](YAML::Node& v) { v["customer"]["resellerRelationship"] = plain("false"); });
  variant([](YAML::Node& v) {
    v["customer"]["resellerRelationship"] = plain("false");
    v["statusRequest"] = plain("{kind: Confirmation}");
  });
  variant([](YAML::Node& v) {
    v["customer"]["resellerRelationship"] = plain("false");
    v["statusRequest"] = plain("{kind: DirectSignStatus}");
  });
  variant([](YAML::Node& v) {
    v["partner"]["type"] = plain("IndirectReseller");
    v["partner"]["providerTenantId"] = plain("'  '");
  });
  variant([](YAML::Node& v) {
    v["partner"]["type"] = plain("IndirectReseller");
    v["partner"].remove("providerTenantId");
  });
  variant([](YAML::Node& v) {  // a blank provider id is no provider, even for a blank record
    v["partner"]["type"] = plain("IndirectReseller");
    v["partner"]["providerTenantId"] = plain("' '");
    v["customer"]["agreements"] =
        plain("[{partnerTenantId: '  ', type: MicrosoftCustomerAgreement}]");
    v["purchase"] = plain("{kind: NewOrder}");
  });
  variant([&](YAML::Node& v) {
    std::string tenant = doc["partner"]["tenantId"].Scalar();
    for (char& ch : tenant)
      ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    v["partner"]["type"] = plain("IndirectReseller");
    v["partner"]["providerTenantId"] = plain((" '" + tenant + " '").c_str());
    v["partner"]["tenantId"] = plain("d2c4e6f8-1357-4a9b-8c0d-2468ace0bdf1");
  });
  variant([](YAML::Node& v) {
    v["actor"]["channel"] = plain("BulkTool");
    v["actor"]["mfa"] = plain("false");
  });
  variant([](YAML::Node& v) {
    v["actor"]["channel"] = plain("BulkTool");
    v["actor"]["roles"] = plain("[GlobalAdmin]");
  });
  variant([](YAML::Node& v) {
    v["actor"]["channel"] = plain("UI");
    v["customer"]["isNew"] = plain("false");
  });
  for (const char* roles : {"[HelpdeskAgent]", "[GlobalAdmin]", "[BillingAdmin]",
                            "[UserManagementAdmin, BillingAdmin]", "[]"}) {
    variant([&](YAML::Node& v) {
      v["actor"]["roles"] = plain(roles);
      v["params"]["attestArticleRoles"] = plain("true");
    });
    variant([&](YAML::Node& v) { v["actor"]["roles"] = plain(roles); });
  }
  variant([](YAML::Node& v) { v["params"]["futureGranularity"] = plain("instant"); });
  variant([](YAML::Node& v) { v["params"]["minimumAcceptedOn"] = plain("'2022-01-01'"); });
  variant([](YAML::Node& v) { v["customer"]["directSigned"] = plain("true"); });
  variant([](YAML::Node& v) {
    v["partner"]["cloud"] = plain("Germany");
    v["actor"]["auth"] = plain("AppOnly");
  });
  variant([](YAML::Node& v) { v["now"] = plain("'2020-01-15T00:00:00Z'"); });
  variant([](YAML::Node& v) { v["now"] = plain("'2019-06-01T23:00:00-02:00'"); });
  variant([](YAML::Node& v) { v["customer"]["tenantId"] = plain("'{8b3e6f21-4c0d-4a9e-b7f2'"); });
  if (doc["templateRequest"].IsDefined()) {
    variant([](YAML::Node& v) {
      v["templateRequest"].remove("country");
      v["customer"]["country"] = plain("'  '");
    });
    variant([](YAML::Node& v) {
      v["templateRequest"].remove("country");
      v["customer"].remove("country");
      v["templateRequest"]["language"] = plain("es-US");
    });
    variant([](YAML::Node& v) { v["templateRequest"]["country"] = plain("' '"); });
    variant([](YAML::Node& v) { v["templateRequest"]["country"] = plain("ca"); });
    variant([](YAML::Node& v) {
      v["templateRequest"]["templateId"] = plain("998b88de-aa99-4388-a42c-1b3517d49490");
    });
  }
  if (doc["agreement"].IsDefined()) {
    for (const char* date : {"'2019-05-01'", "'not a date'", "'1999-12-31T23:59:59Z'",
                             "'2024-06-10T23:30:00-05:00'", "'0001-01-01T00:00:00'"}) {
      variant([&](YAML::Node& v) { v["agreement"]["dateAgreed"] = plain(date); });
    }
    variant([](YAML::Node& v) {
      v["agreement"]["templateId"] = plain("998b88de-aa99-4388-a42c-1b3517d49490");
      v["agreement"]["type"] = plain("MicrosoftCloudAgreement");
    });
    variant([](YAML::Node& v) { v["agreement"]["type"] = plain("MicrosoftCloudAgreement"); });
    variant([](YAML::Node& v) { v["agreement"]["primaryContact"]["email"] = plain("'a@b.c d'"); });
    variant([](YAML::Node& v) { v["agreement"]["primaryContact"]["email"] = plain("'a@b..c'"); });
    variant([](YAML::Node& v) { v["agreement"]["primaryContact"]["email"] = plain("'@b.c'"); });
    variant([](YAML::Node& v) { v["agreement"]["primaryContact"]["email"] = plain("'a@bc'"); });
    variant([](YAML::Node& v) { v["agreement"].remove("primaryContact"); });
  }
  return out;
}

struct floor_fixture {
  native::country_table countries;
  std::vector<native::mca_case> cases;  // the measured scenarios, as mca().ids
  std::size_t checked = 0;              // cases on which the floor was compared with the engine
  std::string mismatch;                 // empty when the floor agrees with the engine on every one
};

const floor_fixture& floor() {
  static const floor_fixture fixture = [] {
    const auto& f = clause::bench::mca();
    floor_fixture out;
    out.countries = load_countries();
    for (const YAML::Node& document : f.documents)
      out.cases.push_back(case_of(document));

    std::vector<YAML::Node> documents = f.documents;
    for (const char* file : {CLAUSE_SOURCE_DIR "/rules/mca/examples/customer-book.yaml",
                             CLAUSE_SOURCE_DIR "/rules/mca/examples/attestations.yaml"}) {
      for (const YAML::Node& example : YAML::LoadAllFromFile(file)) {
        if (example.IsMap()) documents.push_back(example);
      }
    }
    const std::size_t originals = documents.size();
    for (std::size_t i = 0; i < originals; ++i) {
      for (YAML::Node& v : variants(documents[i]))
        documents.push_back(std::move(v));
    }

    clause::runtime::bound_case bound;
    clause::runtime::bind_error error;
    clause::runtime::evaluation e;
    native::mca_result n;
    for (const YAML::Node& document : documents) {
      if (!clause::runtime::bind_yaml(*f.program, document, bound, error)) continue;
      clause::runtime::evaluate(*f.program, bound, f.options, e);
      native::decide(case_of(document), out.countries, n);
      ++out.checked;
      if (const std::string problems = compare(*f.program, e, n); !problems.empty()) {
        YAML::Emitter text;
        text << YAML::Flow << document;
        out.mismatch += std::string(text.c_str()) + ":" + problems + "\n";
      }
    }
    return out;
  }();
  return fixture;
}

}  // namespace setup

// --- Benchmarks ----------------------------------------------------------------------------------

void native_cases(benchmark::State& state, const std::vector<std::size_t>& indexes) {
  const setup::floor_fixture& f = setup::floor();
  if (!f.mismatch.empty()) {
    state.SkipWithError(("the floor disagrees with the engine: " + f.mismatch).c_str());
    return;
  }
  native::mca_result result;
  std::size_t next = 0;
  for (auto _ : state) {
    native::decide(f.cases[indexes[next]], f.countries, result);
    benchmark::DoNotOptimize(result);
    benchmark::ClobberMemory();
    if (++next == indexes.size()) next = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["checked"] = static_cast<double>(f.checked);
}

const bool registered = [] {
  for (const clause::bench::named_case& c : clause::bench::measured_cases) {
    const std::string_view id = c.id;
    benchmark::RegisterBenchmark(
        (std::string("native/") + c.label).c_str(),
        [id](benchmark::State& s) { native_cases(s, {clause::bench::mca().index_of(id)}); });
  }
  benchmark::RegisterBenchmark("native/mix", [](benchmark::State& s) {
    std::vector<std::size_t> all(clause::bench::mca().ids.size());
    for (std::size_t i = 0; i < all.size(); ++i)
      all[i] = i;
    native_cases(s, all);
  });
  return true;
}();

}  // namespace
