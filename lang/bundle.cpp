#include "lang/bundle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include "lang/checker.hpp"
#include "lang/limits.hpp"
#include "lang/lint/lint.hpp"
#include "lang/parser.hpp"

namespace clause::lang {

namespace fs = std::filesystem;

bool directory_files::read(const std::string& relative, std::string& text,
                           std::string& error) const {
  const fs::path path = fs::path(root_) / relative;
  std::error_code ec;
  // A symbolic link inside the bundle must not lead out of it.
  const fs::path real = fs::weakly_canonical(path, ec);
  const fs::path root = fs::weakly_canonical(fs::path(root_).empty() ? "." : root_, ec);
  const auto [root_end, ignored] =
      std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  (void)ignored;
  if (!ec && root_end != root.end()) {
    error = "it leads outside the bundle (through a symbolic link)";
    return false;
  }
  if (!fs::is_regular_file(path, ec)) {
    error = fs::exists(path, ec) ? "it is not a regular file" : "no such file";
    return false;
  }
  const auto size = fs::file_size(path, ec);
  if (ec) {
    error = ec.message();
    return false;
  }
  if (size > std::max(limits::max_source_bytes, limits::max_data_bytes)) {
    error = fmt::format("it is larger than {} MiB",
                        std::max(limits::max_source_bytes, limits::max_data_bytes) >> 20);
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "it cannot be opened";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = std::move(buffer).str();
  return true;
}

std::string directory_files::display(const std::string& relative) const {
  return (fs::path(root_) / relative).lexically_normal().string();
}

bool memory_files::read(const std::string& relative, std::string& text, std::string& error) const {
  auto it = files_.find(relative);
  if (it == files_.end()) {
    error = "no such file";
    return false;
  }
  text = it->second;
  return true;
}

std::optional<std::string> resolve_in_bundle(const std::string& from, const std::string& target) {
  if (target.empty() || target.front() == '/' || target.find('\\') != std::string::npos ||
      target.find(':') != std::string::npos) {
    return std::nullopt;
  }
  std::vector<std::string> parts;
  auto push = [&](const std::string& path, bool is_dir_of_file) {
    std::string segment;
    std::stringstream in(path);
    std::vector<std::string> segments;
    while (std::getline(in, segment, '/'))
      segments.push_back(segment);
    if (is_dir_of_file && !segments.empty()) segments.pop_back();  // the file's own name
    for (const auto& s : segments) {
      if (s.empty() || s == ".") continue;
      if (s == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else {
        parts.push_back(s);
      }
    }
    return true;
  };
  if (!push(from, true) || !push(target, false) || parts.empty()) return std::nullopt;
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : "/") + p;
  return out;
}

namespace {

// After a syntax error the declaration it cut short is missing, so every use of what it declared
// is an "unknown" error that the syntax error explains: those are not reported (compilers do the
// same), and the author checks again once the syntax is fixed.
void drop_follow_on_errors(diagnostics& out) {
  const bool syntax = std::any_of(out.items().begin(), out.items().end(),
                                  [](const diagnostic& d) { return d.id == code::syntax; });
  if (!syntax) return;
  std::erase_if(out.items(), [](const diagnostic& d) {
    switch (d.id) {
      case code::unknown_name:
      case code::unknown_field:
      case code::unknown_enum_value:
      case code::unknown_decision:
      case code::unknown_outcome:
      case code::unknown_type:
        return true;
      default:
        return false;
    }
  });
}

}  // namespace

load_result load_bundle(const bundle_files& files, const std::string& entry) {
  load_result result;
  auto bundle = std::make_shared<checked_bundle>();
  bundle->sources = result.sources;
  source_set& sources = *result.sources;
  diagnostics& out = result.diags;

  std::vector<std::string> queue = {entry};
  std::set<std::string> seen = {entry};
  std::map<std::string, file_id> file_of;
  std::vector<std::pair<const ast::import_decl*, std::string>> imported;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    std::string text, error;
    if (!files.read(queue[i], text, error)) {
      if (i == 0) {
        out.error_in_file(code::io, files.display(queue[i]),
                          fmt::format("cannot read the policy: {}", error),
                          "a bundle is a directory with a `policy.clause` file");
      }
      continue;  // imports are reported at the import, below
    }
    const file_id id = sources.add(files.display(queue[i]), std::move(text));
    file_of.emplace(queue[i], id);
    const ast::expr_id first_id = bundle->modules.empty() ? 0 : bundle->modules.back()->end_expr_id;
    auto module = std::make_unique<const ast::module>(parse_module(sources, id, out, first_id));
    for (const auto& imp : module->imports) {
      auto resolved = resolve_in_bundle(queue[i], imp.path);
      if (!resolved) {
        out.error(code::import_escapes, imp.where,
                  fmt::format("`{}` is outside the bundle", imp.path),
                  "imports name files inside the bundle's directory, relative to the importing "
                  "file");
        continue;
      }
      std::string probe_text, probe_error;
      if (!seen.count(*resolved) && !files.read(*resolved, probe_text, probe_error)) {
        out.error(code::import_not_found, imp.where,
                  fmt::format("cannot import `{}`: {}", imp.path, probe_error));
        continue;
      }
      imported.emplace_back(&imp, *resolved);
      if (seen.insert(*resolved).second) {
        if (queue.size() >= limits::max_bundle_files) {
          out.error(code::limit, imp.where,
                    fmt::format("a bundle holds at most {} files", limits::max_bundle_files));
          continue;
        }
        queue.push_back(*resolved);
      }
    }
    bundle->modules.push_back(std::move(module));
  }
  if (bundle->modules.empty()) return result;
  for (const auto& [decl, path] : imported) {
    if (auto it = file_of.find(path); it != file_of.end())
      bundle->imports.push_back({decl, it->second});
  }

  const ast::policy_header* header = nullptr;
  for (const auto& m : bundle->modules) {
    if (!m->header) continue;
    if (header) {
      out.error(code::no_policy_header, m->header->where, "a second `policy` declaration",
                "a bundle has exactly one `policy` declaration, in `policy.clause`");
    } else {
      header = &*m->header;
    }
  }
  if (header) {
    bundle->header = *header;
  } else if (!out.has_errors()) {
    out.error_in_file(code::no_policy_header, sources.file(0).path(),
                      "the bundle has no `policy` declaration",
                      fmt::format("start `{}` with `policy name \"title\" version \"1.0\"`",
                                  sources.file(0).path()));
  }

  // Queue order is file order; keep a path per module to resolve data files.
  std::vector<std::string> module_paths(queue.begin(), queue.end());
  data_reader read_data = [&](const ast::table_decl& t, file_id declared_in,
                              diagnostics& diags) -> std::optional<file_id> {
    const std::string& from = [&]() -> const std::string& {
      for (std::size_t m = 0; m < bundle->modules.size(); ++m) {
        if (bundle->modules[m]->file == declared_in) return module_paths[m];
      }
      return module_paths[0];
    }();
    auto resolved = resolve_in_bundle(from, *t.file);
    if (!resolved) {
      diags.error(code::import_escapes, t.file_where,
                  fmt::format("`{}` is outside the bundle", *t.file),
                  "data files are inside the bundle's directory, relative to the declaring file");
      return std::nullopt;
    }
    std::string text, error;
    if (!files.read(*resolved, text, error)) {
      diags.error(error.starts_with("it is larger") ? code::limit : code::import_not_found,
                  t.file_where, fmt::format("cannot read `{}`: {}", *t.file, error));
      return std::nullopt;
    }
    return sources.add(files.display(*resolved), std::move(text));
  };
  check_bundle(*bundle, read_data, out);
  drop_follow_on_errors(out);
  if (!out.has_errors()) lint_bundle(*bundle, out);
  out.sort();
  result.partial = bundle;
  if (!out.has_errors()) result.bundle = std::move(bundle);
  return result;
}

bool overlay_files::read(const std::string& relative, std::string& text, std::string& error) const {
  if (auto it = extra_.find(relative); it != extra_.end()) {
    text = it->second.text;
    return true;
  }
  return base_.read(relative, text, error);
}

std::string overlay_files::display(const std::string& relative) const {
  if (auto it = extra_.find(relative); it != extra_.end()) return it->second.display;
  return base_.display(relative);
}

std::optional<bundle_location> locate_bundle(const std::string& path, std::string& why) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    const fs::path p(path);
    return bundle_location{p.parent_path().string(), p.filename().string()};
  }
  if (!fs::is_directory(path, ec)) {
    why = fs::exists(path, ec) ? "not a bundle directory or a `.clause` file"
                               : "no such file or directory";
    return std::nullopt;
  }
  return bundle_location{path, entry_file_name};
}

load_result load_bundle_path(const std::string& path) {
  std::string why;
  const auto where = locate_bundle(path, why);
  if (!where) {
    load_result result;
    result.diags.error_in_file(code::io, path, why);
    return result;
  }
  return load_bundle(directory_files(where->root), where->entry);
}

}  // namespace clause::lang
