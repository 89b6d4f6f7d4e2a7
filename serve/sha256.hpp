// SHA-256 (FIPS 180-4), for the content digest of a bundle: a host compares digests to know which
// version of a policy decided, so a change of any byte must change it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace clause::serve {

class sha256 {
 public:
  sha256();
  void update(std::string_view bytes);
  // The digest in lowercase hexadecimal; the object is spent afterwards.
  std::string hex();

 private:
  void block(const unsigned char* p);
  std::array<std::uint32_t, 8> h_;
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;  // bytes
};

}  // namespace clause::serve
