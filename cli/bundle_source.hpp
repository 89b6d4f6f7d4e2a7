// A bundle named on `clause diff`'s command line: a directory, or `REV:DIR`, the directory as it is
// at a git revision of the current repository, read with git itself into a temporary directory
// that goes away with this object. A path that exists is a directory, whatever its colons.
#pragma once

#include <string>
#include <string_view>

namespace clause::cli {

class bundle_source {
 public:
  // Throws usage_error, in one line, when REV:DIR cannot be read: no git, not in a repository, a
  // revision that does not exist, a DIR that is not a directory at that revision.
  explicit bundle_source(const std::string& argument);
  ~bundle_source();
  bundle_source(const bundle_source&) = delete;
  bundle_source& operator=(const bundle_source&) = delete;

  const std::string& argument() const { return argument_; }  // as given
  const std::string& path() const { return path_; }          // where to load it from
  // `text` with the temporary directory's paths written as `REV:path`, as people named them.
  std::string shown(std::string_view text) const;

 private:
  std::string argument_, path_;
  std::string temporary_;  // empty for a plain directory
  std::string revision_;
};

}  // namespace clause::cli
