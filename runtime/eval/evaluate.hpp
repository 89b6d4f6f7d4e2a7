// Evaluating a bound case against a compiled program. `evaluate` is a const operation on the
// program, safe from any number of threads, each with its own `evaluation`; it never throws and
// allocates nothing once an `evaluation` has served a case of the same shape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/program/arena.hpp"
#include "runtime/program/program.hpp"
#include "runtime/program/value.hpp"

namespace clause::runtime {

// A case read against the program's input schema (see bind.hpp).
struct bound_case {
  value root;           // the input record, bound into one flat block (schema_type::flat_size)
  std::string_view id;  // empty when the case has none
  bool has_id = false;
  value now;                  // absent: use the evaluation options' clock
  std::string_view locale;    // empty: use the options' locale
  std::vector<value> params;  // per-case overrides, by parameter; absent = not overridden
  arena storage;              // owns the strings and lists above
};

struct coverage_counts;  // coverage.hpp

struct evaluation_options {
  value now;                       // the clock when the case has no `now`
  std::string_view locale = "en";  // when the case has no `locale`
  std::vector<value> params;       // load-time overrides, by parameter; absent = default
  bool explain = false;            // also record, for each rule that did not fire, why
  bool explain_lets = false;       // with `explain`: and how each let shown got its value
  // Also mark the lets and the parts of `and`/`or` chains evaluated (coverage.hpp). Like
  // `explain`, it decides by the nodes of the general program.
  coverage_counts* coverage = nullptr;
};

struct message_ref {
  std::string_view code;
  std::uint32_t begin = 0, end = 0;            // the text, in evaluation::text
  const message_template* constant = nullptr;  // or this one's, which has no placeholders
};

// Why a rule did not fire: the first condition that was false, and the value it saw.
struct rule_miss {
  std::uint32_t rule = 0;
  std::uint32_t node = 0;      // the failed condition (a node of the program)
  bool out_of_period = false;  // the rule's effective period excludes `now`
  std::string saw;             // what the failed comparison read, e.g. `partner.type = DirectBill`
  std::string saw_short;       // the same, long expressions cut
};

// The warning a decision carries when rules of a `unique` decision both match, and when rules of a
// `collect` decision give its outcome with different payloads.
inline constexpr std::string_view conflict_code = "RULE_CONFLICT";
inline constexpr std::string_view payload_conflict_code = "PAYLOAD_CONFLICT";

struct decision_result {
  std::uint32_t decision = 0;
  std::uint32_t outcome = 0;
  std::vector<value> payload;              // the outcome's payload fields
  std::vector<std::string_view> codes;     // sorted, unique
  std::vector<std::string_view> warnings;  // sorted, unique
  std::vector<message_ref> messages;       // codes' messages, then warnings'
  std::vector<std::uint32_t> rules;        // the rules that decided (fired), in order
  // `unique`, when more than one rule matched: all of them, the deciding one first; `collect`, the
  // deciding rule and those that gave its outcome another payload. The decision then carries the
  // warning `conflict_code` or `payload_conflict_code`.
  std::vector<std::uint32_t> conflicts;
  std::vector<rule_miss> misses;  // explain mode: the rules that did not fire
  // Explain mode: for a rule that fired on an `or` or an `any`, which branch or element held;
  // `text` whole (records are for tools), `text_short` with long expressions cut (for people).
  struct reason {
    std::uint32_t rule = 0;
    std::string text, text_short;
  };
  std::vector<reason> reasons;
  // Codes, warnings, messages, conflicts, misses or reasons may be non-empty: the evaluator clears
  // them before reusing the result only then (most decisions of most cases have none of them).
  bool worded = false;
};

class evaluation {
 public:
  std::vector<decision_result> decisions;  // the decisions that apply to the case, in order
  std::string text;                        // message texts
  std::size_t decision_count = 0;
  // Explain mode: the lets the case evaluated (by index in `program::lets`) and their values.
  std::vector<std::pair<std::uint32_t, value>> lets_shown;
  // With `explain_lets`, by let shown: how it got its value (whole, and cut for people).
  std::vector<std::string> lets_why, lets_why_short;

  std::string_view message_text(const message_ref& m) const {
    if (m.constant) return m.constant->constant_text;
    return std::string_view(text).substr(m.begin, m.end - m.begin);
  }

 private:
  friend class evaluator;
  arena scratch_;
  std::vector<value> lets_;
  std::vector<std::uint32_t> let_stamps_;
  std::uint32_t stamp_ = 0;
  std::vector<value> locals_;
  std::vector<value> params_;
};

void evaluate(const program& p, const bound_case& c, const evaluation_options& options,
              evaluation& out);

// The system clock as a datetime value: `now` when neither the case nor the caller gives one.
value system_now();

// Shows a value as messages and explanations do: `2024-06-11`, `AdminAgent`, `"text"` (quoted
// when `quoted`).
void append_value(std::string& out, const value& v, const std::vector<std::string>* enum_names,
                  bool quoted = false);

}  // namespace clause::runtime
