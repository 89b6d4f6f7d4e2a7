// `clause fmt [-w | --check] PATH...`: .clause files in their canonical layout
// (lang/format/format.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/unified_diff.hpp"
#include "cli/usage_error.hpp"
#include "lang/format/format.hpp"
#include "lang/limits.hpp"
#include "lang/suggest.hpp"

namespace clause::cli {

namespace {

namespace fs = std::filesystem;

enum class mode { print, write, check };

std::string lowercase_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] += 'a' - 'A';
  return s;
}

// The files PATH names: itself, or every .clause file under a directory, in sorted order.
std::vector<std::string> files_of(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> out;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->path().extension() == ".clause" && it->is_regular_file(ec))
      out.push_back(it->path().generic_string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool read_file(const std::string& path, std::string& text, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "it is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = lowercase_first(std::strerror(errno));
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "it cannot be read";
    return false;
  }
  text = std::move(buffer).str();
  if (text.size() > lang::limits::max_source_bytes) {
    error = fmt::format("it is larger than {} MiB", lang::limits::max_source_bytes >> 20);
    return false;
  }
  return true;
}

// Writes beside the file and renames over it, so that a failed write leaves the file whole.
bool write_file(const std::string& path, const std::string& text, std::string& error) {
  const std::string temporary = path + ".clause-fmt.tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      error = lowercase_first(std::strerror(errno));
      std::error_code ignored;
      fs::remove(temporary, ignored);
      return false;
    }
  }
  std::error_code ec;
  fs::permissions(temporary, fs::status(path, ec).permissions(), ec);
  fs::rename(temporary, path, ec);
  if (ec) {
    error = ec.message();
    std::error_code ignored;
    fs::remove(temporary, ignored);
    return false;
  }
  return true;
}

}  // namespace

int run_fmt(std::span<const std::string> args) {
  mode m = mode::print;
  bool mode_given = false;
  std::vector<std::string> paths;
  bool options_end = false;
  for (const std::string& a : args) {
    if (!options_end && a == "--") {
      options_end = true;
    } else if (!options_end && (a == "-w" || a == "--write" || a == "--check")) {
      const mode wanted = a == "--check" ? mode::check : mode::write;
      if (mode_given && wanted != m)
        throw usage_error("`-w` and `--check` cannot be used together",
                          "`--check` reports, `-w` rewrites: choose one");
      m = wanted;
      mode_given = true;
    } else if (!options_end && a.starts_with("-") && a != "-") {
      throw usage_error(fmt::format("unknown option `{}` for `clause fmt`", a),
                        lang::did_you_mean(a, {"-w", "--write", "--check", "--help"}));
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty())
    throw usage_error("`clause fmt` needs the files or directories to format",
                      "usage: clause fmt [-w | --check] PATH...");
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::exists(p, ec)) throw usage_error(fmt::format("no such file or directory: `{}`", p));
  }
  bool failed = false;
  for (const std::string& p : paths) {
    for (const std::string& file : files_of(p)) {
      std::string text;
      std::string error;
      if (!read_file(file, text, error)) {
        fmt::print(stderr, "clause fmt: cannot read `{}`: {}\n", file, error);
        failed = true;
        continue;
      }
      const std::optional<std::string> formatted = lang::format_source(text, error, file);
      if (!formatted) {
        std::fputs(error.c_str(), stderr);
        fmt::print(stderr, "clause fmt: `{}` does not parse; it is left as it is\n", file);
        failed = true;
        continue;
      }
      if (m == mode::print) {
        write_out(*formatted);
      } else if (*formatted != text && m == mode::check) {
        write_out(unified_diff(file, text, *formatted));
        failed = true;
      } else if (*formatted != text && !write_file(file, *formatted, error)) {
        fmt::print(stderr, "clause fmt: cannot write `{}`: {}\n", file, error);
        failed = true;
      }
    }
  }
  return failed ? exit_failure : exit_ok;
}

}  // namespace clause::cli
