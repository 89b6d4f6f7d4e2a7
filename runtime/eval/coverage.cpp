// Coverage beyond rules (coverage.hpp): mapping a program's chains, and the evaluator's half,
// which marks the part that decided each chain it evaluates and, after a case, the lets it
// computed. Only the node-walking mode reaches here (`evaluation_options::coverage`).
#include "runtime/eval/coverage.hpp"

#include "lang/location.hpp"
#include "runtime/compile/node_inputs.hpp"
#include "runtime/eval/evaluator.hpp"

namespace clause::runtime {

namespace {

// Registers the chains below `root` (not through lets, which are roots of their own).
void map_chains(const program& p, std::uint32_t root, std::uint32_t owner, bool owner_is_let,
                coverage_counts& out) {
  std::vector<std::uint32_t> stack{root};
  while (!stack.empty()) {
    const std::uint32_t n = stack.back();
    stack.pop_back();
    if (n >= p.nodes.size()) continue;
    const node& x = p.nodes[n];
    if ((x.code == op::all_of || x.code == op::any_of) &&
        out.chain_first[n] == coverage_counts::no_chain) {
      out.chain_first[n] = static_cast<std::uint32_t>(out.parts.size());
      for (std::uint32_t i = 0; i < x.b; ++i)
        out.parts.push_back({p.operands[x.a + i], owner, owner_is_let});
    }
    // Pushed in reverse, so that parts come out in the order they are written.
    std::vector<std::uint32_t> inputs;
    for_each_input(p, x, [&](std::uint32_t child) { inputs.push_back(child); });
    for (auto it = inputs.rbegin(); it != inputs.rend(); ++it)
      stack.push_back(*it);
  }
}

}  // namespace

void map_coverage(const program& p, coverage_counts& out) {
  out.chain_first.assign(p.nodes.size(), coverage_counts::no_chain);
  out.parts.clear();
  // The bundle's own lets: `share.cpp` appends lets of the specialised program after them.
  const std::size_t lets = p.source->lets.size();
  out.let_counted.assign(lets, 0);
  out.let_evaluated.assign(lets, 0);
  for (std::uint32_t r = 0; r < p.rules.size(); ++r) {
    if (p.rules[r].condition) map_chains(p, *p.rules[r].condition, r, false, out);
  }
  for (std::uint32_t i = 0; i < lets; ++i) {
    // A let whose value folded to a constant is never computed: nothing to test.
    out.let_counted[i] = p.nodes[p.lets[i]].code != op::constant;
    map_chains(p, p.lets[i], i, true, out);
  }
  out.decisive.assign(out.parts.size(), 0);
}

std::string node_location(const program& p, std::uint32_t n) {
  const lang::span s = p.spans[n];
  const lang::source_file& file = p.source->sources->file(s.file);
  const lang::line_column at = file.locate(s.begin);
  return lang::format_location(file.path(), at.line, at.column);
}

std::string node_text(const program& p, std::uint32_t n, std::size_t longest) {
  const lang::span s = p.spans[n];
  const std::string& source = p.source->sources->file(s.file).text();
  const std::size_t begin = std::min<std::size_t>(s.begin, source.size());
  const std::size_t end = std::min<std::size_t>(std::max(s.begin, s.end), source.size());
  return lang::one_line(std::string_view(source).substr(begin, end - begin), longest);
}

// An `and` (all_of) or `or` (any_of) evaluated part by part, as `test_all` and `test_any` do; the
// part where evaluation stops decides, and gives the chain its value.
bool evaluator::covered_chain(const node& x) {
  const auto n = static_cast<std::uint32_t>(&x - nodes_);
  const bool stop_on = x.code == op::any_of;  // `or` stops at a true part, `and` at a false one
  coverage_counts& c = *options_.coverage;
  const std::uint32_t first =
      n < c.chain_first.size() ? c.chain_first[n] : coverage_counts::no_chain;
  for (std::uint32_t i = 0; i < x.b; ++i) {
    const bool part = holds_node(operands_[x.a + i]);
    if (part == stop_on || i + 1 == x.b) {
      if (first != coverage_counts::no_chain) c.decisive[first + i] = 1;
      return part != x.negate;
    }
  }
  return !stop_on != x.negate;  // (no parts: not made by the compiler)
}

void evaluator::record_lets() {
  std::vector<std::uint8_t>& evaluated = options_.coverage->let_evaluated;
  for (std::size_t i = 0; i < evaluated.size() && i < e_.let_stamps_.size(); ++i) {
    if (e_.let_stamps_[i] == stamp_) evaluated[i] = 1;
  }
}

}  // namespace clause::runtime
