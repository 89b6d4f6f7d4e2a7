#include "cli/test/coverage_summary.hpp"

namespace clause::cli::test {

coverage_summary summarize_coverage(const policy& p,
                                    const std::set<std::string, std::less<>>& fired,
                                    const coverage& collected) {
  coverage_summary out;
  // By rule declaration: a rule feeding several decisions counts once.
  std::set<std::string> seen;
  for (const rule_info& rule : p.rules()) {
    if (!seen.insert(rule.id).second) continue;
    ++out.rules.total;
    if (fired.contains(rule.id)) {
      ++out.rules.covered;
    } else {
      out.rules.missed.push_back({rule.id, rule.location, {}, {}});
    }
  }
  for (const coverage::let_use& let : collected.lets()) {
    ++out.lets.total;
    if (let.evaluated) {
      ++out.lets.covered;
    } else {
      out.lets.missed.push_back({let.name, let.location, {}, {}});
    }
  }
  for (const coverage::condition_part& part : collected.parts()) {
    ++out.parts.total;
    if (part.decisive) {
      ++out.parts.covered;
    } else {
      out.parts.missed.push_back({part.text, part.location, part.owner, part.owner_location});
    }
  }
  return out;
}

}  // namespace clause::cli::test
