#include "serve/decider.hpp"

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "lang/json_string.hpp"
#include "lang/language_tag.hpp"
#include "lang/limits.hpp"
#include "lang/suggest.hpp"
#include "serve/query.hpp"
#include "serve/request_error.hpp"

namespace clause::serve {

namespace {

constexpr std::size_t cached_sessions = 8;

// A request's options: the server's defaults, then its query parameters.
session_options request_options(const session_options& defaults, std::string_view query) {
  session_options o = defaults;
  for (query_parameter& p : parse_query(query)) {
    if (p.name == "now") {
      o.now = p.value;
    } else if (p.name == "locale") {
      if (!lang::well_formed_language_tag(p.value)) {
        throw request_error(400, "INVALID_OPTION",
                            fmt::format("`locale={}` is not a language tag", p.value),
                            "a BCP 47 language tag, such as `ja`, `ja-JP` or `zh-Hant-TW`");
      }
      o.locale = p.value;
    } else if (p.name == "explain") {
      if (!p.has_value || p.value.empty() || p.value == "true" || p.value == "1") {
        o.explain = true;
      } else if (p.value == "false" || p.value == "0") {
        o.explain = false;
      } else {
        throw request_error(400, "INVALID_OPTION",
                            fmt::format("`explain={}` is not `true` or `false`", p.value),
                            "write `?explain` alone, or `explain=true`");
      }
    } else if (p.name.starts_with("param.") && p.name.size() > 6) {
      std::string name = p.name.substr(6);
      auto same = std::find_if(o.params.begin(), o.params.end(),
                               [&](const parameter_value& v) { return v.name == name; });
      if (same != o.params.end()) {
        same->value = std::move(p.value);
      } else {
        o.params.push_back({std::move(name), std::move(p.value)});
      }
    } else {
      const std::string hint = lang::did_you_mean(p.name, {"now", "locale", "explain"});
      throw request_error(400, "INVALID_OPTION",
                          fmt::format("unknown query parameter `{}`", p.name),
                          hint.empty() ? "the query parameters are `now`, `locale`, `explain` and "
                                         "`param.NAME`"
                                       : hint);
    }
  }
  return o;
}

request_error as_request_error(const options_error& e) {
  switch (e.which()) {
    case options_error::option::now:
      return request_error(400, "INVALID_OPTION",
                           fmt::format("`now={}` is not a datetime", e.value()), e.help());
    case options_error::option::param:
      if (!e.expected().empty()) {
        return request_error(
            400, "INVALID_OPTION",
            fmt::format("`param.{}={}`: expected {}", e.name(), e.value(), e.expected()), e.help());
      }
      return request_error(400, "INVALID_OPTION", e.what(), e.help());
    case options_error::option::locale:
      return request_error(400, "INVALID_OPTION", "`locale` needs a language tag, such as `ja-JP`");
    case options_error::option::policy:
      break;
  }
  return request_error(400, "INVALID_OPTION", e.what(), e.help());
}

// The body as an open file, so the case reader reads it by the rules of `clause eval`.
int body_file(std::string_view body) {
  const int fd = ::memfd_create("clause-request", MFD_CLOEXEC);
  if (fd < 0) {
    throw request_error(503, "UNAVAILABLE",
                        fmt::format("the request body cannot be held: {}", std::strerror(errno)));
  }
  std::size_t done = 0;
  while (done < body.size()) {
    const ssize_t n = ::write(fd, body.data() + done, body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      throw request_error(503, "UNAVAILABLE",
                          fmt::format("the request body cannot be held: {}", std::strerror(error)));
    }
    done += static_cast<std::size_t>(n);
  }
  return fd;
}

}  // namespace

std::shared_ptr<session> decider::session_for(const std::shared_ptr<const loaded_bundle>& live,
                                              std::string_view query) {
  // Sessions of a bundle that is no longer live are not asked for again.
  std::erase_if(sessions_, [&](const cached& c) { return c.live != live; });
  ++clock_;
  // Keyed by the query as written: a query seen before parsed then, and is not parsed again.
  for (cached& c : sessions_) {
    if (c.query == query) {
      c.used = clock_;
      return c.s;
    }
  }
  const session_options o = request_options(defaults_, query);
  std::shared_ptr<session> made;
  try {
    made = std::make_shared<session>(live->policy, o);
  } catch (const options_error& e) {
    throw as_request_error(e);
  }
  if (sessions_.size() >= cached_sessions) {
    sessions_.erase(
        std::min_element(sessions_.begin(), sessions_.end(),
                         [](const cached& a, const cached& b) { return a.used < b.used; }));
  }
  sessions_.push_back({live, std::string(query), made, clock_});
  return made;
}

void decider::count_and_log(const loaded_bundle& live, const result& r, std::string_view record,
                            std::string_view input, const std::string& request_id) {
  counts_.decided(r);
  if (!log_) return;
  std::string line = "{\"time\":\"" + utc_now() + "\",\"requestId\":";
  lang::append_json_string(line, request_id);
  line += ",\"policyDigest\":\"";
  line += live.digest;
  line += "\",";
  line.append(record.substr(1, record.size() - 2));  // the record's members, without its braces
  if (log_input_) {
    // As a string: the case as sent may span lines, and a log line must not.
    line += ",\"input\":";
    lang::append_json_string(line, input);
  }
  line += "}\n";
  log_->add(std::move(line));
}

decided decider::decide(std::shared_ptr<const loaded_bundle> live, std::string_view query,
                        const std::string& body, const std::string& request_id) {
  const std::shared_ptr<session> s = session_for(live, query);
  // Most requests are a case that parses and fits: decided from the body as it is.
  if (body.size() <= lang::limits::max_case_bytes) {
    const result& r = s->evaluate_json(body);
    if (r.ok()) {
      const std::string_view record = r.json();
      count_and_log(*live, r, record, body, request_id);
      return {200, std::string(record) + '\n'};
    }
  }
  // Otherwise the body is read as `clause eval request.json` reads a file, so its error record
  // is that command's, and an unreadable body is told from a case that does not fit.
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '[') {
    throw request_error(400, "INVALID_INPUT",
                        "`POST /v1/decide` takes one case, a JSON object, not an array",
                        "send several cases to `POST /v1/decide/batch`, one per line");
  }
  case_reader reader(body_file(body), "request.json");
  case_input in;
  if (!reader.next(in)) {
    throw request_error(400, "INVALID_INPUT", "the request body is empty: a case is a JSON object");
  }
  const result& r = s->evaluate(in);
  const unsigned status = !in.readable() ? 400 : r.ok() ? 200 : 422;
  const std::string_view record = r.json();
  count_and_log(*live, r, record, body, request_id);
  return {status, std::string(record) + '\n'};
}

std::unique_ptr<decider::batch_run> decider::start_batch(std::shared_ptr<const loaded_bundle> live,
                                                         std::string_view query,
                                                         const std::string& request_id) {
  std::unique_ptr<batch_run> run(new batch_run);
  run->owner_ = this;
  run->session_ = session_for(live, query);
  run->live_ = std::move(live);
  run->request_id_ = request_id;
  return run;
}

decider::batch_run::~batch_run() = default;

bool decider::batch_run::next(std::string& out) {
  constexpr std::size_t part_cases = 256, part_bytes = 64 << 10;
  std::size_t cases = 0;
  while (cases < part_cases && out.size() < part_bytes && feed_.next(input_)) {
    const result& r = session_->evaluate(input_);
    const std::size_t start = out.size();
    r.write(out, record_format::json);
    owner_->count_and_log(*live_, r, std::string_view(out).substr(start),
                          owner_->log_input_ ? input_.text() : std::string(), request_id_);
    out += '\n';
    ++cases;
  }
  return cases > 0;
}

}  // namespace clause::serve
