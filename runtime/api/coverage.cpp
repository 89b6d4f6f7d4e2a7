// `clause::coverage`: the public face of eval/coverage.hpp's counts.
#include "runtime/eval/coverage.hpp"

#include <algorithm>
#include <tuple>

#include "clause/clause.hpp"
#include "lang/location.hpp"
#include "runtime/api/policy_access.hpp"

namespace clause {

coverage::coverage(std::shared_ptr<const policy> p)
    : policy_(std::move(p)), counts_(std::make_unique<runtime::coverage_counts>()) {
  if (!policy_) {
    throw options_error(options_error::option::policy,
                        "a coverage collector needs a policy, and this one is null: did the load "
                        "fail? (`load_result::render()` says why)",
                        {}, {}, "a policy that loaded", {});
  }
  runtime::map_coverage(*policy_access::program(*policy_), *counts_);
}

coverage::~coverage() = default;

std::vector<coverage::let_use> coverage::lets() const {
  const runtime::program& p = *policy_access::program(*policy_);
  std::vector<let_use> out;
  for (std::size_t i = 0; i < counts_->let_counted.size(); ++i) {
    if (!counts_->let_counted[i]) continue;
    const lang::ast::let_decl& decl = *p.source->lets[i].decl;
    const lang::source_file& file = p.source->sources->file(decl.id.where.file);
    const lang::line_column at = file.locate(decl.id.where.begin);
    out.push_back({p.source->lets[i].name, lang::format_location(file.path(), at.line, at.column),
                   counts_->let_evaluated[i] != 0});
  }
  return out;
}

std::vector<coverage::condition_part> coverage::parts() const {
  const runtime::program& p = *policy_access::program(*policy_);
  // Rule by rule, then let by let; each one's parts in the order they are written.
  std::vector<std::size_t> order(counts_->parts.size());
  for (std::size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  auto key = [&](std::size_t i) {
    const runtime::chain_part& part = counts_->parts[i];
    const lang::span s = p.spans[part.node];
    return std::tuple(part.owner_is_let, part.owner, s.file, s.begin);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  std::vector<condition_part> out;
  for (const std::size_t i : order) {
    const runtime::chain_part& part = counts_->parts[i];
    condition_part c;
    if (part.owner_is_let) {
      const lang::ast::let_decl& decl = *p.source->lets[part.owner].decl;
      const lang::source_file& file = p.source->sources->file(decl.id.where.file);
      const lang::line_column at = file.locate(decl.id.where.begin);
      c.owner = "let " + p.source->lets[part.owner].name;
      c.owner_location = lang::format_location(file.path(), at.line, at.column);
    } else {
      c.owner = "rule " + p.rules[part.owner].id;
      c.owner_location = p.rules[part.owner].location;
    }
    c.location = runtime::node_location(p, part.node);
    c.text = runtime::node_text(p, part.node);
    c.decisive = counts_->decisive[i] != 0;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace clause
