#include "cli/bundle_tests.hpp"

#include <algorithm>
#include <filesystem>

namespace clause::cli {

namespace fs = std::filesystem;

std::vector<std::string> bundle_test_files(const std::string& bundle) {
  std::vector<std::string> files;
  std::error_code ec;
  const fs::path dir = fs::path(bundle) / "tests";
  if (fs::is_directory(dir, ec)) {
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string ext = it->path().extension().string();
      if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml"))
        files.push_back(it->path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace clause::cli
