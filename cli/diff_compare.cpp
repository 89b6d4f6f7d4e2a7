#include "cli/diff_compare.hpp"

#include <algorithm>

namespace clause::cli {

namespace {

using names = std::span<const std::string_view>;

bool same_names(names a, names b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// The names in `a` that `b` lacks (both are short: a decision's codes or warnings).
void missing(names a, names b, std::vector<std::string>& out) {
  out.clear();
  for (std::string_view n : a) {
    if (std::find(b.begin(), b.end(), n) == b.end()) out.emplace_back(n);
  }
}

bool same_messages(const decision& a, const decision& b) {
  return std::equal(
      a.messages().begin(), a.messages().end(), b.messages().begin(), b.messages().end(),
      [](const message& x, const message& y) { return x.code == y.code && x.text == y.text; });
}

// The payload fields whose values differ; a field only one side has differs too.
void payload_changes(const decision& a, const decision& b, std::vector<std::string>& out) {
  out.clear();
  for (const auto& [field, value] : a.payload()) {
    const auto other = b.payload(field);
    if (!other || *other != value) out.emplace_back(field);
  }
  for (const auto& [field, value] : b.payload()) {
    if (!a.payload(field)) out.emplace_back(field);
  }
}

decision_change& next_change(case_change& out) {
  if (out.decision_count == out.decisions.size()) out.decisions.emplace_back();
  return out.decisions[out.decision_count++];
}

// Fills a change for `a` → `b` (either may be null) when they differ in more than messages, or
// in messages alone; leaves `out` alone when they agree.
void compare_decision(std::string_view name, const decision* a, const decision* b,
                      case_change& out) {
  if (a && b && a->outcome() == b->outcome() && same_names(a->codes(), b->codes()) &&
      same_names(a->warnings(), b->warnings())) {
    const auto pa = a->payload(), pb = b->payload();
    const bool same_payload = std::equal(
        pa.begin(), pa.end(), pb.begin(), pb.end(),
        [](const auto& x, const auto& y) { return x.first == y.first && x.second == y.second; });
    if (same_payload) {
      if (same_messages(*a, *b)) return;
      decision_change& c = next_change(out);
      c.name = name;
      c.before = a->outcome();
      c.after = b->outcome();
      for (auto* list :
           {&c.codes_added, &c.codes_removed, &c.warnings_added, &c.warnings_removed, &c.payload})
        list->clear();
      c.messages_only = true;
      return;
    }
  }
  decision_change& c = next_change(out);
  c.name = name;
  c.before = a ? a->outcome() : not_taken;
  c.after = b ? b->outcome() : not_taken;
  const names none;
  missing(b ? b->codes() : none, a ? a->codes() : none, c.codes_added);
  missing(a ? a->codes() : none, b ? b->codes() : none, c.codes_removed);
  missing(b ? b->warnings() : none, a ? a->warnings() : none, c.warnings_added);
  missing(a ? a->warnings() : none, b ? b->warnings() : none, c.warnings_removed);
  // A changed outcome says its payload changed: fields are compared under the same outcome only.
  if (a && b && a->outcome() == b->outcome()) {
    payload_changes(*a, *b, c.payload);
  } else {
    c.payload.clear();
  }
  c.messages_only = false;
}

}  // namespace

void compare(const result& before, const result& after, case_change& out) {
  out.decision_count = 0;
  out.error_path.clear();
  if (!before.ok() || !after.ok()) {
    out.kind = !before.ok() && !after.ok() ? change_kind::errors_both
               : before.ok()               ? change_kind::now_error
                                           : change_kind::now_decided;
    if (out.kind != change_kind::errors_both) {
      out.id = after.id();
      out.error_path = before.ok() ? after.error_path() : before.error_path();
    }
    return;
  }
  const auto a = before.decisions(), b = after.decisions();
  for (const decision& d : a)
    compare_decision(d.name(), &d, after.find(d.name()), out);
  for (const decision& d : b) {
    if (!before.find(d.name())) compare_decision(d.name(), nullptr, &d, out);
  }
  out.kind = change_kind::same;
  for (std::size_t i = 0; i < out.decision_count; ++i) {
    const bool messages_only = out.decisions[i].messages_only;
    if (!messages_only) {
      out.kind = change_kind::decisions;
      break;
    }
    out.kind = change_kind::messages;
  }
  if (out.kind != change_kind::same) out.id = after.id();
}

}  // namespace clause::cli
