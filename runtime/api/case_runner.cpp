#include "runtime/api/case_runner.hpp"

#include <fmt/format.h>

namespace clause::runtime {

case_runner::case_runner(std::shared_ptr<const program> p, const evaluation_options& options,
                         record_format format)
    : program_(std::move(p)), options_(options), format_(format) {}

// For people: each decision, the rules that decided it, and for every other rule the condition
// that was false and what it read, with `file:line:column` to jump to.
void case_runner::explain_text(std::string& out) const {
  fmt::format_to(std::back_inserter(out), "case {}\n", id_);
  if (evaluation_.decision_count == 0) out += "  no decision applies (the case asks for none)\n";
  for (std::size_t i = 0; i < evaluation_.decision_count; ++i) {
    const decision_result& r = evaluation_.decisions[i];
    const compiled_decision& d = program_->decisions[r.decision];
    const compiled_outcome& outcome = d.outcomes[r.outcome];
    fmt::format_to(std::back_inserter(out), "  {}: {}", d.name, outcome.name);
    for (std::size_t f = 0; f < outcome.payload_fields.size() && f < r.payload.size(); ++f) {
      out += ' ';
      out += outcome.payload_fields[f];
      out += '=';
      append_value(out, r.payload[f], nullptr);
    }
    for (const auto& code : r.codes)
      fmt::format_to(std::back_inserter(out), " {}", code);
    for (const auto& w : r.warnings)
      fmt::format_to(std::back_inserter(out), " (warning {})", w);
    out += '\n';
    if (r.rules.empty()) out += "    decided by the default: no rule fired\n";
    for (std::uint32_t k : r.rules) {
      const compiled_rule& rule = program_->rules[k];
      fmt::format_to(std::back_inserter(out), "    fired      {}  {}\n", rule.location, rule.id);
    }
    for (const rule_miss& m : r.misses) {
      const compiled_rule& rule = program_->rules[m.rule];
      fmt::format_to(std::back_inserter(out), "    not fired  {}  {}: {}\n", rule.location, rule.id,
                     m.out_of_period ? std::string("outside its effective period") : m.saw);
    }
  }
}

bool case_runner::run_json_text(std::string_view text, const case_origin& origin,
                                std::string& out) {
  if (!document_.parse(text)) {
    const json::parse_error& e = document_.error();
    const lang::line_column at = lang::locate(text, e.offset);
    case_error error;
    error.id = std::to_string(origin.position);
    error.message =
        lang::format_location(origin.file, origin.line + at.line - 1, at.column) + ": " + e.message;
    return run_error(error, out);
  }
  return run_json(document_.root(), origin, out);
}

bool case_runner::run_json(const json::value& root, const case_origin& origin, std::string& out) {
  return finish(bind_json(*program_, root, case_, error_), origin, out);
}

bool case_runner::run_yaml(const YAML::Node& root, const case_origin& origin, std::string& out) {
  return finish(bind_yaml(*program_, root, case_, error_), origin, out);
}

bool case_runner::run_error(const case_error& error, std::string& out) {
  last_error_ = error;
  if (error.id) id_ = *error.id;
  switch (format_) {
    case record_format::json:
      render_json(out, error);
      break;
    case record_format::yaml:
      render_yaml(out, error);
      break;
    case record_format::table:
      if (options_.explain) {
        fmt::format_to(std::back_inserter(out), "case {}\n  not decided: {}{}{}\n",
                       error.id ? *error.id : error.file, error.path,
                       error.path.empty() ? "" : ": ", error.message);
        break;
      }
      out += error.id ? *error.id : std::string("-");
      out += "\t-\terror\t\t";
      out += error.path.empty() ? error.message : error.path + ": " + error.message;
      out += "\t";
      break;
  }
  return false;
}

bool case_runner::finish(bool bound, const case_origin& origin, std::string& out) {
  if (case_.has_id) {
    id_.assign(case_.id);
  } else {
    id_.clear();
    fmt::format_to(std::back_inserter(id_), "{}", origin.position);
  }
  if (!bound) {
    case_error error;
    error.id = id_;
    error.path = error_.path;
    error.message = error_.message;
    return run_error(error, out);
  }
  evaluate(*program_, case_, options_, evaluation_);
  switch (format_) {
    case record_format::json:
      render_json(out, *program_, id_, evaluation_, options_.explain);
      break;
    case record_format::yaml:
      render_yaml(out, *program_, id_, evaluation_, options_.explain);
      break;
    case record_format::table:
      if (options_.explain) {
        explain_text(out);
        break;
      }
      {
        if (evaluation_.decision_count == 0) out += id_ + "\t-\t-\t\t\t";
        for (std::size_t i = 0; i < evaluation_.decision_count; ++i) {
          const decision_result& r = evaluation_.decisions[i];
          const compiled_decision& d = program_->decisions[r.decision];
          if (i) out += '\n';
          out += id_;
          out += '\t';
          out += d.name;
          out += '\t';
          const compiled_outcome& outcome = d.outcomes[r.outcome];
          out += outcome.name;
          out += '\t';
          for (std::size_t f = 0; f < outcome.payload_fields.size() && f < r.payload.size(); ++f) {
            if (f) out += ' ';
            out += outcome.payload_fields[f];
            out += '=';
            append_value(out, r.payload[f], nullptr);
          }
          out += '\t';
          for (std::size_t c = 0; c < r.codes.size(); ++c) {
            if (c) out += ' ';
            out += r.codes[c];
          }
          out += '\t';
          for (std::size_t w = 0; w < r.warnings.size(); ++w) {
            if (w) out += ' ';
            out += r.warnings[w];
          }
        }
        break;
      }
  }
  return true;
}

}  // namespace clause::runtime
