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

#include "runtime/value.hpp"

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
    if (key.literal != 0 && !by_literal_.empty()) {  // an interned text: its number is the way in
      if (key.literal == value::no_literal) return nullptr;
      const std::uint32_t e = by_literal_[key.literal];
      return e ? &entries_[e - 1].row : nullptr;
    }
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

  // Compiling: every key and row, to give their strings numbers (intern.cpp).
  template <typename F>
  void for_each_value(F&& f) {
    for (entry& e : entries_) {
      f(e.key);
      f(e.row);
    }
  }

  // Compiling, once every key has its number (1 .. `numbers`): a key's number leads to its row.
  // A table with a key left without one (past the last number) is looked up by hashing only.
  void index_literals(std::size_t numbers) {
    if (!text_keys_) return;
    for (const entry& e : entries_) {
      if (e.key.literal == 0 || e.key.literal == value::no_literal) return;
    }
    by_literal_.assign(numbers + 1, 0);
    for (std::size_t i = 0; i < entries_.size(); ++i)
      by_literal_[entries_[i].key.literal] = static_cast<std::uint32_t>(i + 1);
  }

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
    return same_string(a, b);
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
  std::vector<std::uint32_t> slots_;       // an entry's index + 1; 0 is an empty slot
  std::vector<std::uint32_t> by_literal_;  // by a key's interned number: its entry's index + 1
  std::uint64_t mask_ = 0;
  bool text_keys_ = false;
};

}  // namespace clause::runtime
