#include "runtime/output/record.hpp"

#include <fmt/format.h>

#include "lang/json_string.hpp"
#include "runtime/output/json_scalars.hpp"

namespace clause::runtime {

namespace {

using lang::append_json_string;
using namespace std::string_view_literals;

void write_decided(std::string& out, const program& p, std::string_view id, const evaluation& e,
                   bool explain) {
  out += R"({"id":)"sv;
  append_json_string(out, id);
  out += R"(,"decisions":{)"sv;
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const decision_result& r = e.decisions[i];
    const compiled_decision& d = p.decisions[r.decision];
    if (i) out += ',';
    const compiled_outcome& outcome = d.outcomes[r.outcome];
    out += outcome.json_head;
    for (std::size_t f = 0; f < outcome.payload_fields.size() && f < r.payload.size(); ++f) {
      out += outcome.json_payload_keys[f];
      append_payload_value(out, r.payload[f], true, outcome.payload_enum_names[f]);
    }
    if (r.codes.empty() && r.warnings.empty() && r.messages.empty() && r.conflicts.empty() &&
        !explain) {  // most decisions of most cases: one copy
      out += R"(,"codes":[],"warnings":[],"messages":[]})"sv;
      continue;
    }
    out += ",\"codes\":";
    append_codes(out, r.codes);
    out += ",\"warnings\":";
    append_codes(out, r.warnings);
    out += ",\"messages\":[";
    for (std::size_t m = 0; m < r.messages.size(); ++m) {
      if (m) out += ',';
      if (r.messages[m].constant) {
        out += r.messages[m].constant->json_entry;
        continue;
      }
      out += "{\"code\":";
      append_json_string(out, r.messages[m].code);
      out += ",\"text\":";
      append_json_string(out, e.message_text(r.messages[m]));
      out += '}';
    }
    out += ']';
    if (!r.conflicts.empty()) {
      out += ",\"conflicts\":[";
      for (std::size_t k = 0; k < r.conflicts.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, p.rules[r.conflicts[k]].id);
      }
      out += ']';
    }
    if (explain) {
      out += ",\"rules\":[";
      for (std::size_t k = 0; k < r.rules.size(); ++k) {
        if (k) out += ',';
        out += "{\"id\":";
        append_json_string(out, p.rules[r.rules[k]].id);
        out += ",\"at\":";
        append_json_string(out, p.rules[r.rules[k]].location);
        for (const auto& reason : r.reasons) {
          if (reason.rule != r.rules[k]) continue;
          out += ",\"because\":";
          append_json_string(out, reason.text);
          break;
        }
        out += '}';
      }
      out += ']';
      out += ",\"notFired\":[";
      for (std::size_t k = 0; k < r.misses.size(); ++k) {
        const rule_miss& miss = r.misses[k];
        if (k) out += ',';
        out += "{\"id\":";
        append_json_string(out, p.rules[miss.rule].id);
        out += ",\"at\":";
        append_json_string(out, p.rules[miss.rule].location);
        out += ",\"because\":";
        append_json_string(out, miss.out_of_period ? "outside its effective period" : miss.saw);
        out += '}';
      }
      out += ']';
    }
    out += '}';
  }
  out += '}';
  if (explain && !e.lets_shown.empty()) {
    out += ",\"lets\":{";
    for (std::size_t i = 0; i < e.lets_shown.size(); ++i) {
      const auto& [let, v] = e.lets_shown[i];
      if (i) out += ',';
      append_json_string(out, p.source->lets[let].name);
      out += ':';
      append_payload_value(out, v, true, p.enum_names[p.lets[let]]);
    }
    out += '}';
    if (!e.lets_why.empty()) {
      out += ",\"letsWhy\":{";
      for (std::size_t i = 0; i < e.lets_shown.size() && i < e.lets_why.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, p.source->lets[e.lets_shown[i].first].name);
        out += ':';
        append_json_string(out, e.lets_why[i]);
      }
      out += '}';
    }
  }
  out += '}';
}

void write_error(std::string& out, const case_error& e) {
  out += "{\"id\":";
  if (e.id) {
    append_json_string(out, *e.id);
  } else {
    out += "null";
  }
  out += ",\"error\":{\"code\":\"INVALID_INPUT\",\"path\":";
  append_json_string(out, e.path);
  if (!e.file.empty()) {
    out += ",\"file\":";
    append_json_string(out, e.file);
    if (e.line) out += fmt::format(",\"line\":{}", *e.line);
  }
  out += ",\"message\":";
  append_json_string(out, e.message);
  out += "}}";
}

}  // namespace

void write_json(std::string& out, const record& r) {
  if (r.decided) {
    write_decided(out, r.p, r.id, *r.decided, r.explain);
  } else {
    write_error(out, *r.error);
  }
}

}  // namespace clause::runtime
