// Coverage beyond rules, for `clause test`: which lets a run of cases evaluated, and which parts of
// each `and`/`or` chain ever decided its value. Counted only when deciding by the nodes (the
// general program, as explanations do): the jumping code knows nothing of it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/program/program.hpp"

namespace clause::runtime {

// A part of a chain: `a` in `a and b`. It decides the chain when evaluation stops at it: `a` when
// it is false (true for `or`); the last part whenever it is reached.
struct chain_part {
  std::uint32_t node = 0;   // the part (a node of the general program)
  std::uint32_t owner = 0;  // the rule (program::rules) or the let whose value holds the chain
  bool owner_is_let = false;
};

// What evaluation fills, case after case. Made for one program by `map_coverage`.
struct coverage_counts {
  static constexpr std::uint32_t no_chain = UINT32_MAX;
  std::vector<std::uint32_t> chain_first;   // by node: its first part in `parts`, or no_chain
  std::vector<chain_part> parts;            // every chain's parts, chain after chain
  std::vector<std::uint8_t> decisive;       // by part: it decided its chain at least once
  std::vector<std::uint8_t> let_evaluated;  // by let of the bundle
  std::vector<std::uint8_t> let_counted;    // by let: 0 for a let folded to a constant
};

// The chains of rule conditions and lets' values, and the bundle's lets, of `p`'s general program.
void map_coverage(const program& p, coverage_counts& out);

// Where node `n` is written, `file:line:column`, and its text on one line, cut after `longest`
// characters (0: whole).
std::string node_location(const program& p, std::uint32_t n);
std::string node_text(const program& p, std::uint32_t n, std::size_t longest = 100);

}  // namespace clause::runtime
