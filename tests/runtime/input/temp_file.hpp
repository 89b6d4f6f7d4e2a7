// What the input tests share: a file of a given text in the temporary directory (named per
// process, so that test binaries running at once do not meet), removed at the end of its scope,
// and every case a case_reader cuts from a file.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/input/case_reader.hpp"

namespace clause::test {

class temp_file {
 public:
  temp_file(const std::string& name, std::string_view text)
      : path_((std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name))
                  .string()) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~temp_file() { std::filesystem::remove(path_); }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline std::vector<runtime::raw_case> read_cases(const std::string& file) {
  runtime::case_reader reader({file});
  std::vector<runtime::raw_case> cases;
  runtime::raw_case c;
  while (reader.next(c))
    cases.push_back(c);
  return cases;
}

}  // namespace clause::test
