// A bump allocator for the values of one case. `reset()` keeps its blocks, so binding and
// evaluating case after case allocates nothing once the arena has grown to the largest case.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace clause::runtime {

class arena {
 public:
  explicit arena(std::size_t block_size = 16 * 1024) : block_size_(block_size) {}
  arena(const arena&) = delete;
  arena& operator=(const arena&) = delete;
  arena(arena&&) = default;
  arena& operator=(arena&&) = default;

  void* allocate(std::size_t size, std::size_t align) {
    for (;;) {
      if (current_ < blocks_.size()) {
        block& b = blocks_[current_];
        const std::size_t start = (b.used + align - 1) & ~(align - 1);
        if (start + size <= b.size) {
          b.used = start + size;
          return b.data.get() + start;
        }
        ++current_;
        continue;
      }
      const std::size_t size_needed = size + align;
      const std::size_t n = size_needed > block_size_ ? size_needed : block_size_;
      blocks_.push_back({std::make_unique<std::byte[]>(n), n, 0});
    }
  }

  template <typename T>
  T* make_array(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>);
    auto* p = static_cast<T*>(allocate(sizeof(T) * (n ? n : 1), alignof(T)));
    for (std::size_t i = 0; i < n; ++i)
      new (p + i) T();
    return p;
  }

  // An array of a type whose default state is all-zero bytes (value: absent), made with one
  // memset rather than a constructor an element: binding makes a zeroed block a case.
  template <typename T>
  T* make_zeroed_array(std::size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    auto* p = static_cast<T*>(allocate(sizeof(T) * (n ? n : 1), alignof(T)));
    std::memset(static_cast<void*>(p), 0, sizeof(T) * n);
    return p;
  }

  std::string_view copy(std::string_view text) {
    if (text.empty()) return {};
    auto* p = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
  }

  void reset() {
    for (auto& b : blocks_)
      b.used = 0;
    current_ = 0;
  }

 private:
  struct block {
    std::unique_ptr<std::byte[]> data;
    std::size_t size;
    std::size_t used;
  };
  std::vector<block> blocks_;
  std::size_t current_ = 0;
  std::size_t block_size_;
};

}  // namespace clause::runtime
