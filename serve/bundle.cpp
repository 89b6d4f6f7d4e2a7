#include "serve/bundle.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

#include "serve/sha256.hpp"

namespace clause::serve {

namespace fs = std::filesystem;

namespace {

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

std::string length_prefixed(std::string_view s) {
  return fmt::format("{}:", s.size());
}

}  // namespace

std::optional<std::string> bundle_digest(const std::string& path) {
  std::error_code ec;
  std::vector<std::pair<std::string, fs::path>> files;
  if (fs::is_directory(path, ec)) {
    fs::recursive_directory_iterator it(path, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (name.starts_with(".")) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec))
        files.emplace_back(fs::relative(it->path(), path, ec).generic_string(), it->path());
    }
    if (ec) return std::nullopt;
  } else {
    files.emplace_back(fs::path(path).filename().string(), path);
  }
  std::sort(files.begin(), files.end());
  sha256 hash;
  std::string content;
  for (const auto& [relative, full] : files) {
    if (!read_file(full, content)) return std::nullopt;
    hash.update(length_prefixed(relative));
    hash.update(relative);
    hash.update(length_prefixed(content));
    hash.update(content);
  }
  return "sha256:" + hash.hex();
}

std::string utc_now() {
  using namespace std::chrono;
  const auto now = floor<milliseconds>(system_clock::now());
  const auto day = floor<days>(now);
  const year_month_day date(day);
  const hh_mm_ss time(now - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     time.hours().count(), time.minutes().count(), time.seconds().count(),
                     time.subseconds().count());
}

std::shared_ptr<const loaded_bundle> bundle_holder::load(std::string& error) const {
  for (int attempt = 0; attempt < 3; ++attempt) {
    const std::optional<std::string> before = bundle_digest(path_);
    load_result loaded = policy::load(path_);
    if (!loaded) {
      error = loaded.render();
      if (error.empty()) error = fmt::format("the policy `{}` does not load\n", path_);
      return nullptr;
    }
    const std::optional<std::string> after = bundle_digest(path_);
    if (!before || !after) {
      error = fmt::format("the files of `{}` cannot all be read\n", path_);
      return nullptr;
    }
    if (*before != *after) continue;  // a file changed while loading: the load may mix versions
    auto bundle = std::make_shared<loaded_bundle>();
    bundle->policy = std::move(loaded.policy);
    bundle->digest = *after;
    bundle->loaded_at = utc_now();
    bundle->loaded_at_seconds =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    return bundle;
  }
  error = fmt::format("the files of `{}` kept changing while they were loaded\n", path_);
  return nullptr;
}

bool bundle_holder::load_first(std::string& error) {
  std::lock_guard reloading(reload_mutex_);
  std::shared_ptr<const loaded_bundle> bundle = load(error);
  if (!bundle) return false;
  std::unique_lock lock(mutex_);
  current_ = std::move(bundle);
  return true;
}

bundle_holder::reload_result bundle_holder::reload(bool only_if_changed) {
  std::lock_guard reloading(reload_mutex_);
  if (only_if_changed) {
    const std::optional<std::string> digest = bundle_digest(path_);
    if (digest && *digest == current()->digest) return {reload_status::unchanged, {}};
  }
  std::string error;
  std::shared_ptr<const loaded_bundle> bundle = load(error);
  if (!bundle) {
    failed_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(error_mutex_);
    last_error_ = reload_error{utc_now(), error};
    return {reload_status::refused, error};
  }
  std::shared_ptr<const loaded_bundle> previous;
  {
    std::unique_lock lock(mutex_);
    previous = std::exchange(current_, std::move(bundle));
  }
  reloads_.fetch_add(1, std::memory_order_relaxed);
  {
    std::lock_guard lock(error_mutex_);
    last_error_.reset();
  }
  // `previous` is released on return, outside the lock, when no request still holds it.
  return {reload_status::swapped, {}};
}

std::optional<reload_error> bundle_holder::last_error() const {
  std::lock_guard lock(error_mutex_);
  return last_error_;
}

}  // namespace clause::serve
