// Building a lookup_table: see lookup_table.hpp.
#include "runtime/program/lookup_table.hpp"

namespace clause::runtime {

lookup_table::lookup_table(const std::vector<std::pair<value, value>>& rows, bool text_keys)
    : text_keys_(text_keys) {
  std::size_t capacity = 8;
  while (capacity < rows.size() * 2)  // at most half full: probes stay short
    capacity *= 2;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  entries_.reserve(rows.size());
  for (const auto& [key, row] : rows) {
    if (find(key)) continue;
    entries_.push_back({key, row});
    std::uint64_t i = hash(key) & mask_;
    while (slots_[i] != 0)
      i = (i + 1) & mask_;
    slots_[i] = static_cast<std::uint32_t>(entries_.size());
  }
}

}  // namespace clause::runtime
