// The routes of the service and the bodies of those that are not decisions.
#pragma once

#include <string>
#include <string_view>

#include "serve/bundle.hpp"
#include "serve/metrics.hpp"

namespace clause::serve {

// The route of a path (`route::other` when none); its one method is `method_of`.
route route_of(std::string_view path);
std::string_view method_of(route r);
// For a 404: the routes there are, with their methods.
std::string route_list();

// GET /v1/policy: name, version, digest, when it was loaded, the last reload error (or null).
std::string policy_body(const bundle_holder& bundle);

}  // namespace clause::serve
