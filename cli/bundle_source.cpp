// REV:DIR is read with git (`git archive` into a temporary directory, unpacked with tar) rather
// than by reading git's object store ourselves: git knows packs, worktrees, alternates and
// replacements, and a reviewer's revision names (`main`, `HEAD~2`, `origin/main`) mean what git
// says they mean. Programs are started without a shell, so no name is ever interpreted by one.
#include "cli/bundle_source.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "cli/usage_error.hpp"

extern char** environ;

namespace clause::cli {

namespace {

namespace fs = std::filesystem;

struct run_result {
  bool started = false;
  int status = -1;  // the exit status; -1 when killed by a signal
  std::string out;  // standard output, when asked for
};

// Runs `args` (found on PATH), its standard error discarded and its standard input empty.
run_result run(const std::vector<std::string>& args, bool capture) {
  run_result r;
  int pipe_fds[2] = {-1, -1};
  if (capture && ::pipe(pipe_fds) != 0) return r;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  if (capture) {
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  } else {
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  }
  std::vector<char*> argv;
  for (const std::string& a : args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int error = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (capture) ::close(pipe_fds[1]);
  if (error == 0) {
    r.started = true;
    if (capture) {
      char buffer[4096];
      ssize_t n = 0;
      while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR)) {
        if (n > 0) r.out.append(buffer, static_cast<std::size_t>(n));
      }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  if (capture) ::close(pipe_fds[0]);
  return r;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return text;
}

}  // namespace

bundle_source::bundle_source(const std::string& argument) : argument_(argument), path_(argument) {
  std::error_code ec;
  const auto colon = argument.find(':');
  if (fs::exists(argument, ec) || colon == std::string::npos || colon == 0) return;
  revision_ = argument.substr(0, colon);
  const std::string dir = argument.substr(colon + 1);

  const run_result top = run({"git", "rev-parse", "--show-toplevel"}, true);
  if (!top.started) {
    throw usage_error(
        fmt::format("`{}` is not a directory, and git, which would read it as "
                    "REV:DIR, is not installed",
                    argument));
  }
  if (top.status != 0) {
    throw usage_error(
        fmt::format("`{}` is not a directory, and the current directory is not in "
                    "a git repository to read it as REV:DIR from",
                    argument));
  }
  const std::string toplevel = trimmed(top.out);
  if (run({"git", "rev-parse", "--verify", "--quiet", revision_ + "^{commit}"}, false).status !=
      0) {
    throw usage_error(fmt::format("`{}` is not a directory, nor `{}` a revision of this "
                                  "repository",
                                  argument, revision_),
                      "`git log --oneline` lists the revisions");
  }
  // DIR is relative to the current directory, as every other path on the command line.
  const std::string prefix = trimmed(run({"git", "rev-parse", "--show-prefix"}, true).out);
  std::string inside = fs::path(prefix + dir).lexically_normal().generic_string();
  while (!inside.empty() && inside.back() == '/')
    inside.pop_back();
  if (inside == ".") inside.clear();
  if (inside.starts_with("..") || fs::path(dir).is_absolute()) {
    throw usage_error(fmt::format("`{}`: `{}` is outside the repository", argument, dir));
  }
  const run_result type = run({"git", "cat-file", "-t", revision_ + ":" + inside}, true);
  if (type.status != 0 || trimmed(type.out) != "tree") {
    throw usage_error(
        fmt::format("`{}` is not a directory at revision `{}`", dir.empty() ? "." : dir, revision_),
        fmt::format("`git ls-tree --name-only {} -- {}` shows what is there", revision_,
                    prefix.empty() ? "." : prefix));
  }

  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = fs::absolute(tmp && *tmp ? tmp : "/tmp").string() + "/clause-diff-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw usage_error(fmt::format("cannot make a temporary directory to read `{}` into", argument));
  }
  temporary_ = pattern;
  const std::string tree = temporary_ + "/tree", archive = temporary_ + "/bundle.tar";
  fs::create_directory(tree, ec);
  std::vector<std::string> archive_args = {"git",          "-C", toplevel, "archive",
                                           "--format=tar", "-o", archive,  revision_};
  if (!inside.empty()) {
    archive_args.push_back("--");
    archive_args.push_back(inside);
  }
  if (run(archive_args, false).status != 0 ||
      run({"tar", "-xf", archive, "-C", tree}, false).status != 0) {
    fs::remove_all(temporary_, ec);  // the destructor does not run for a throwing constructor
    throw usage_error(fmt::format("`git archive` and `tar` could not read `{}`", argument));
  }
  fs::remove(archive, ec);
  path_ = inside.empty() ? tree : tree + "/" + inside;
}

bundle_source::~bundle_source() {
  if (temporary_.empty()) return;
  std::error_code ec;
  fs::remove_all(temporary_, ec);
}

std::string bundle_source::shown(std::string_view text) const {
  if (temporary_.empty()) return std::string(text);
  const std::string from = temporary_ + "/tree/", to = revision_ + ":";
  std::string out;
  std::size_t at = 0;
  for (std::size_t next; (next = text.find(from, at)) != std::string_view::npos;
       at = next + from.size()) {
    out.append(text.substr(at, next - at));
    out += to;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace clause::cli
