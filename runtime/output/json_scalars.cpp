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
  std::string text;
  append_value(text, v, enum_names);
  append_json_string(out, text);
}

void append_codes(std::string& out, const std::vector<std::string_view>& codes) {
  out += '[';
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, codes[i]);
  }
  out += ']';
}

}  // namespace clause::runtime
