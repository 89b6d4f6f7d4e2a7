#include "serve/routes.hpp"

#include <array>

#include "lang/json_string.hpp"

namespace clause::serve {

namespace {

struct route_entry {
  std::string_view path;
  route r;
  std::string_view method;
};

constexpr std::array<route_entry, 7> routes = {{
    {"/v1/decide", route::decide, "POST"},
    {"/v1/decide/batch", route::decide_batch, "POST"},
    {"/v1/policy", route::policy, "GET"},
    {"/v1/reload", route::reload, "POST"},
    {"/healthz", route::healthz, "GET"},
    {"/readyz", route::readyz, "GET"},
    {"/metrics", route::metrics, "GET"},
}};

}  // namespace

route route_of(std::string_view path) {
  for (const route_entry& e : routes) {
    if (e.path == path) return e.r;
  }
  return route::other;
}

std::string_view method_of(route r) {
  for (const route_entry& e : routes) {
    if (e.r == r) return e.method;
  }
  return {};
}

std::string route_list() {
  std::string out;
  for (const route_entry& e : routes) {
    if (!out.empty()) out += ", ";
    out += e.method;
    out += ' ';
    out += e.path;
  }
  return out;
}

std::string policy_body(const bundle_holder& bundle) {
  const auto live = bundle.current();
  std::string out = "{\"name\":";
  lang::append_json_string(out, live->policy->name());
  out += ",\"version\":";
  lang::append_json_string(out, live->policy->version());
  out += ",\"digest\":";
  lang::append_json_string(out, live->digest);
  out += ",\"loadedAt\":";
  lang::append_json_string(out, live->loaded_at);
  out += ",\"path\":";
  lang::append_json_string(out, bundle.path());
  out += ",\"reloads\":" + std::to_string(bundle.reloads());
  out += ",\"failedReloads\":" + std::to_string(bundle.failed_reloads());
  out += ",\"lastReloadError\":";
  if (const auto error = bundle.last_error()) {
    out += "{\"at\":";
    lang::append_json_string(out, error->at);
    out += ",\"message\":";
    lang::append_json_string(out, error->message);
    out += '}';
  } else {
    out += "null";
  }
  out += "}\n";
  return out;
}

}  // namespace clause::serve
