// A policy table at evaluation: a read-only hash map from keys (strings, or the numbers of ints,
// enums and dates) to rows. Open addressing over a power-of-two slot array with a multiply-mix
// hash of 8-byte words: a look-up is a few multiplies and one comparison, with no division (the
// prime-modulo of std::unordered_map costs more than the hashing on short keys).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/program/value.hpp"

namespace clause::runtime {

class lookup_table {
 public:
  // `rows` are (key, row) pairs whose strings outlive the table; the first of equal keys wins.
  lookup_table(const std::vector<std::pair<value, value>>& rows, bool text_keys);
  lookup_table() = default;

  // The row of `key`, or null; an absent key has no row.
  const value* find(const value& key) const {
    if (slots_.empty() || !key.present()) return nullptr;
    if (text_keys_ && key.kind != value_kind::string) return nullptr;
    if (entries_.size() <= few) {  // a few rows: compared in turn, no hashing
      for (const entry& e : entries_) {
        if (same(e.key, key)) return &e.row;
      }
      return nullptr;
    }
    for (std::uint64_t i = hash(key) & mask_;; i = (i + 1) & mask_) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) return nullptr;
      const entry& e = entries_[slot - 1];
      if (same(e.key, key)) return &e.row;
    }
  }

  std::size_t size() const { return entries_.size(); }

  // Every row has a value: `k in t` is then `has t[k]`.
  bool rows_present() const {
    for (const entry& e : entries_) {
      if (!e.row.present()) return false;
    }
    return true;
  }

 private:
  struct entry {
    value key, row;
  };
  static constexpr std::size_t few = 4;

  std::uint64_t hash(const value& key) const {
    return text_keys_ ? hash_text(key.text()) : mix(static_cast<std::uint64_t>(key.number));
  }

  bool same(const value& a, const value& b) const {
    if (!text_keys_) return a.number == b.number;
    return same_short_chars(a, b);
  }

  // MurmurHash3's finaliser: every input bit reaches the low bits the slot mask keeps.
  static std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDu;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 33);
  }

  static std::uint64_t hash_text(std::string_view s) {
    std::uint64_t h = s.size();
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      h = (h ^ w) * 0x9E3779B97F4A7C15u;
      h ^= h >> 32;
    }
    std::uint64_t tail = 0;  // the last 1-7 bytes: the last 8 when there are 8 (overlapping)
    if (i < s.size()) {
      if (s.size() >= 8) {
        std::memcpy(&tail, s.data() + s.size() - 8, 8);
      } else {
        for (std::size_t k = s.size(); k > i; --k)
          tail = (tail << 8) | static_cast<unsigned char>(s[k - 1]);
      }
    }
    return mix(h ^ tail);
  }

  std::vector<entry> entries_;
  std::vector<std::uint32_t> slots_;  // an entry's index + 1; 0 is an empty slot
  std::uint64_t mask_ = 0;
  bool text_keys_ = false;
};

}  // namespace clause::runtime
