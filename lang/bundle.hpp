// Loading a policy bundle: its files (the entry `policy.clause` and what it imports), their data
// files, parsing and checking. Never throws for an author error: everything is a diagnostic.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "lang/checked.hpp"

namespace clause::lang {

// Where a bundle's files come from: a directory on disk, or memory (tests, fuzzing).
class bundle_files {
 public:
  virtual ~bundle_files() = default;
  // The text of `relative` (a normalized path inside the bundle), or an error message (one that
  // starts with "it is larger" when the file exceeds the size limit).
  virtual bool read(const std::string& relative, std::string& text, std::string& error) const = 0;
  // How paths are shown in diagnostics: `rules/mca/policy.clause`.
  virtual std::string display(const std::string& relative) const = 0;
};

class directory_files : public bundle_files {
 public:
  explicit directory_files(std::string root) : root_(std::move(root)) {}
  bool read(const std::string& relative, std::string& text, std::string& error) const override;
  std::string display(const std::string& relative) const override;

 private:
  std::string root_;
};

class memory_files : public bundle_files {
 public:
  explicit memory_files(std::map<std::string, std::string> files) : files_(std::move(files)) {}
  bool read(const std::string& relative, std::string& text, std::string& error) const override;
  std::string display(const std::string& relative) const override { return relative; }

 private:
  std::map<std::string, std::string> files_;
};

// Files in memory over another source: a file of `extra` wins over the base's file of that path
// (an editor's unsaved buffer, or a file the tools add to a bundle, such as `clause eval
// --expr`'s).
class overlay_files : public bundle_files {
 public:
  struct file {
    std::string text;
    std::string display;  // how diagnostics name it
  };
  overlay_files(const bundle_files& base, std::map<std::string, file> extra)
      : base_(base), extra_(std::move(extra)) {}
  bool read(const std::string& relative, std::string& text, std::string& error) const override;
  std::string display(const std::string& relative) const override;

 private:
  const bundle_files& base_;
  std::map<std::string, file> extra_;
};

inline constexpr const char* entry_file_name = "policy.clause";

// Loads the bundle whose entry file is `entry` (relative to the bundle's root).
load_result load_bundle(const bundle_files& files, const std::string& entry = entry_file_name);

// `path` is a bundle directory (entry `policy.clause`) or a single `.clause` file.
load_result load_bundle_path(const std::string& path);

// Where the bundle at `path` is read from, and its entry file; nothing when `path` is neither a
// directory nor a file (`why` then says so).
struct bundle_location {
  std::string root;
  std::string entry;
};
std::optional<bundle_location> locate_bundle(const std::string& path, std::string& why);

// Resolves `target` relative to the directory of `from` inside the bundle; nullopt when the
// result would leave the bundle (an absolute path, or `..` above the root).
std::optional<std::string> resolve_in_bundle(const std::string& from, const std::string& target);

}  // namespace clause::lang
