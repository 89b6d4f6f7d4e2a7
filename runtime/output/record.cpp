#include "runtime/output/record.hpp"

namespace clause::runtime {

void write_record(std::string& out, const record& r, record_format format) {
  switch (format) {
    case record_format::json:
      write_json(out, r);
      return;
    case record_format::yaml:
      write_yaml(out, r);
      return;
    case record_format::explanation:
      write_explanation(out, r);
      return;
  }
}

void append_payload_text(std::string& out, const value& v,
                         const std::vector<std::string>* enum_names) {
  append_value(out, v, enum_names);
}

}  // namespace clause::runtime
