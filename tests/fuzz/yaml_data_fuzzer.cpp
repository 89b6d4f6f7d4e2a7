// libFuzzer target, differential: the fast reader of data files (lang/data_tree.cpp) against
// yaml-cpp. Whatever the fast reader accepts, yaml-cpp must read as the same tree (forms, quoting,
// texts, offsets); what it refuses as too deep, yaml-cpp must not accept either; neither may
// crash, hang or exhaust memory on any bytes. Build with `make fuzz`; run as README.md says.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lang/data_tree.hpp"

namespace {

using clause::lang::data_node;

[[noreturn]] void disagree(const std::string& where, const char* what) {
  std::fprintf(stderr, "the fast reader and yaml-cpp disagree at %s: %s\n", where.c_str(), what);
  std::abort();
}

void same(const data_node& fast, const data_node& full, const std::string& where) {
  if (fast.form != full.form) disagree(where, "form");
  // An empty value has no text of its own to be at; yaml-cpp puts it where the next token starts.
  if (fast.form != data_node::kind::null && fast.offset != full.offset) disagree(where, "offset");
  if (fast.form == data_node::kind::scalar) {
    if (fast.quoted != full.quoted) disagree(where, "quoted");
    if (fast.text != full.text) disagree(where, "text");
  }
  if (fast.items.size() != full.items.size()) disagree(where, "number of items");
  for (std::size_t i = 0; i < fast.items.size(); ++i)
    same(fast.items[i], full.items[i], where + "/" + std::to_string(i));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  clause::lang::data_error fast_error, full_error;
  const auto fast = clause::lang::read_plain_yaml(text, fast_error);
  const auto full = clause::lang::read_yaml_cpp(text, full_error);
  if (fast) {
    if (!full) disagree("the root", "yaml-cpp does not read what the fast reader reads");
    same(*fast, *full, "root");
  }
  // What the loader reads (the fast reader, else yaml-cpp) is what yaml-cpp reads, limits included.
  clause::lang::data_error error;
  const auto read = clause::lang::read_yaml(text, error);
  if (read.has_value() != full.has_value()) disagree("the root", "read_yaml and yaml-cpp differ");
  if (read) same(*read, *full, "root");
  return 0;
}
