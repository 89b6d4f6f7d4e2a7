#include "lsp/workspace.hpp"

#include <filesystem>
#include <system_error>

#include "lang/bundle.hpp"
#include "lsp/limits.hpp"

namespace clause::lsp {

namespace fs = std::filesystem;

std::string normal_path(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::path(path);
  if (!p.is_absolute()) p = fs::absolute(p, ec);
  std::string out = p.lexically_normal().string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

std::optional<lang::file_id> analysis::file_of(const std::string& path) const {
  for (lang::file_id id = 0; id < sources().size(); ++id) {
    if (sources().file(id).path() == path) return id;
  }
  return std::nullopt;
}

void workspace::open(const std::string& path, std::string text) {
  buffers_[path] = std::move(text);
  touch();
}

void workspace::close(const std::string& path) {
  buffers_.erase(path);
  touch();
}

std::string* workspace::buffer(const std::string& path) {
  auto it = buffers_.find(path);
  return it == buffers_.end() ? nullptr : &it->second;
}

std::vector<std::string> workspace::open_paths() const {
  std::vector<std::string> out;
  for (const auto& [path, text] : buffers_)
    out.push_back(path);
  return out;
}

bool workspace::exists(const std::string& path) const {
  std::error_code ec;
  return buffers_.count(path) || fs::is_regular_file(path, ec);
}

std::shared_ptr<const analysis> workspace::load(const std::string& root, const std::string& entry) {
  cached& slot = cache_[{root, entry}];
  if (slot.result && slot.generation == generation_) return slot.result;
  // The buffers under the bundle's directory, by their path inside it, shown by their full path
  // as the files on disk are.
  std::map<std::string, lang::overlay_files::file> extra;
  const std::string prefix = root == "/" ? root : root + "/";
  for (const auto& [path, text] : buffers_) {
    if (path.starts_with(prefix)) extra[path.substr(prefix.size())] = {text, path};
  }
  const lang::directory_files disk(root);
  const lang::overlay_files files(disk, std::move(extra));
  auto result = std::make_shared<analysis>();
  result->root = root;
  result->entry = entry;
  result->loaded = lang::load_bundle(files, entry);
  if (result->loaded.partial)
    result->index = std::make_unique<const symbol_index>(*result->loaded.partial);
  slot = {generation_, result};
  return result;
}

std::shared_ptr<const analysis> workspace::analyse(const std::string& path) {
  const fs::path p(path);
  const std::string dir = p.parent_path().string();
  if (p.filename() == lang::entry_file_name) return load(dir, lang::entry_file_name);
  // The nearest bundle above, if it holds the file; not above the workspace's root.
  fs::path d = p.parent_path();
  for (int depth = 0; depth < 64 && !d.empty(); ++depth) {
    const std::string candidate = (d / lang::entry_file_name).string();
    if (exists(candidate)) {
      auto bundle = load(d.string(), lang::entry_file_name);
      if (bundle->file_of(path)) return bundle;
      break;
    }
    if (d.string() == root_ || d == d.parent_path()) break;
    d = d.parent_path();
  }
  return load(dir, p.filename().string());
}

std::vector<std::shared_ptr<const analysis>> workspace::all_bundles() {
  std::map<std::pair<std::string, std::string>, std::shared_ptr<const analysis>> found;
  for (const auto& [path, text] : buffers_) {
    auto a = analyse(path);
    found.emplace(std::pair{a->root, a->entry}, a);
  }
  if (!root_.empty()) {
    std::error_code ec;
    std::size_t seen = 0;
    fs::recursive_directory_iterator it(root_, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (++seen > limits::max_workspace_files) break;
      const std::string name = it->path().filename().string();
      if (it->is_directory(ec) &&
          (name.starts_with(".") || name == "node_modules" || name.starts_with("build"))) {
        it.disable_recursion_pending();
        continue;
      }
      if (name != lang::entry_file_name) continue;
      const std::string dir = it->path().parent_path().string();
      if (!found.count({dir, name})) found.emplace(std::pair{dir, name}, load(dir, name));
    }
  }
  std::vector<std::shared_ptr<const analysis>> out;
  for (auto& [key, a] : found)
    out.push_back(std::move(a));
  return out;
}

}  // namespace clause::lsp
