// The author's files as the editor sees them: the open buffers (which win over the files on
// disk) and, for any file, the analysis of the bundle it belongs to, made again only after a
// buffer changed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/checked.hpp"
#include "lsp/symbol_index.hpp"

namespace clause::lsp {

// One bundle loaded and checked with the buffers over the disk. Immutable once made.
struct analysis {
  std::string root;   // the bundle's directory, absolute
  std::string entry;  // its entry file, relative to `root`
  lang::load_result loaded;
  std::unique_ptr<const symbol_index> index;  // null when no file of the bundle could be read

  // The bundle as far as checking got (errors or not); null when nothing could be read.
  const lang::checked_bundle* bundle() const { return loaded.partial.get(); }
  const lang::source_set& sources() const { return *loaded.sources; }
  // The file of the bundle at `path` (absolute), if the bundle holds it.
  std::optional<lang::file_id> file_of(const std::string& path) const;
  // The absolute path of a file of the bundle.
  const std::string& path_of(lang::file_id file) const { return sources().file(file).path(); }
};

class workspace {
 public:
  // Where bundles are searched for workspace symbols; empty: only the bundles of open files.
  void set_root(std::string root) { root_ = std::move(root); }
  const std::string& root() const { return root_; }

  void open(const std::string& path, std::string text);
  void close(const std::string& path);
  // The buffer of an open file, or null.
  std::string* buffer(const std::string& path);
  std::vector<std::string> open_paths() const;
  // Marks the buffers as changed: analyses made before are stale.
  void touch() { ++generation_; }

  // The analysis of the bundle `path` belongs to: the bundle of the nearest `policy.clause` above
  // it when that bundle imports it, else the file as a bundle of its own (as `clause check FILE`).
  std::shared_ptr<const analysis> analyse(const std::string& path);
  // The bundles of the open files and those under the root (each `policy.clause`).
  std::vector<std::shared_ptr<const analysis>> all_bundles();

 private:
  std::shared_ptr<const analysis> load(const std::string& root, const std::string& entry);
  bool exists(const std::string& path) const;

  std::string root_;
  std::map<std::string, std::string> buffers_;  // by absolute path
  std::uint64_t generation_ = 0;
  struct cached {
    std::uint64_t generation = 0;
    std::shared_ptr<const analysis> result;
  };
  std::map<std::pair<std::string, std::string>, cached> cache_;  // by root and entry
};

// `path` made absolute and normal (no `.`, `..` or doubled `/`).
std::string normal_path(const std::string& path);

}  // namespace clause::lsp
