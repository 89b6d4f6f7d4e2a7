#include "runtime/output/json_scalars.hpp"

#include "lang/json_string.hpp"
#include "runtime/eval/evaluate.hpp"

namespace clause::runtime {

using lang::append_json_string;

void append_payload_value(std::string& out, const value& v, bool json,
                          const std::vector<std::string>* enum_names) {
  if (v.kind == value_kind::string) {
    if (json) {
      append_json_string(out, v.text());
    } else {
      out += lang::json_string(v.text());  // a double-quoted YAML scalar is JSON-compatible
    }
    return;
  }
  if (v.kind == value_kind::integer || v.kind == value_kind::boolean) {
    append_value(out, v, nullptr);
    return;
  }
  if (v.kind == value_kind::list || v.kind == value_kind::enum_set) {
    // A sequence, in JSON and in YAML's flow style alike; its elements as scalars are.
    out += '[';
    bool first = true;
    for_each_element(v, [&](const value& element) {
      if (!first) out += json ? "," : ", ";
      first = false;
      append_payload_value(out, element, json, enum_names);
      return true;
    });
    out += ']';
    return;
  }
  std::string text;
  append_value(text, v, enum_names);
  append_json_string(out, text);
}

// A code is an identifier (lang/grammar.hpp `code`: letters, digits and `_`), or one of the
// runtime's own (RULE_CONFLICT, PAYLOAD_CONFLICT): nothing in one is escaped, so it is copied as
// it is, between quotes.
void append_codes(std::string& out, const std::vector<std::string_view>& codes) {
  out += '[';
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i) out += ',';
    out += '"';
    out += codes[i];
    out += '"';
  }
  out += ']';
}

}  // namespace clause::runtime
