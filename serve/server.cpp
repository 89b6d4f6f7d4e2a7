// The HTTP side of `clause serve`, on Boost.Beast and Asio: one io_context per serving thread
// (a connection stays on one thread, so a connection, its decider and its metrics shard need no
// lock), C++20 coroutines for each connection, limits answered with their status, and a drain
// on SIGTERM. Everything about deciding is in decider.cpp, and about reloading in bundle.cpp.
#include <fmt/format.h>

#include <utility>  // Asio 1.74's awaitable.hpp uses std::exchange without it

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "serve/bundle.hpp"
#include "serve/decider.hpp"
#include "serve/decision_log.hpp"
#include "serve/metrics.hpp"
#include "serve/options.hpp"
#include "serve/query.hpp"
#include "serve/reloader.hpp"
#include "serve/request_error.hpp"
#include "serve/routes.hpp"

namespace clause::serve {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;
using net::awaitable;

auto with(error_code& ec) {
  return net::redirect_error(net::use_awaitable, ec);
}

using steady = std::chrono::steady_clock;

struct connection {
  explicit connection(tcp::socket s) : socket(std::move(s)) {}
  tcp::socket socket;
  // When what is pending is cancelled (by the worker's watchdog): a time rather than a timer per
  // operation, so arming one costs no system call.
  steady::time_point deadline = steady::time_point::max();
  bool idle = false;       // waiting for a request: a drain closes it
  bool timed_out = false;  // the watchdog cancelled what was pending
  bool unread = false;     // a request's body was left unread: the close lingers
};

// A serving thread: its io_context, and what its connections share without locks.
struct worker {
  worker(const options& o, metrics& counts, decision_log* log)
      : guard(net::make_work_guard(context)),
        shard(counts.new_shard()),
        decide(o.defaults, shard, log, o.log_input) {}
  net::io_context context{1};
  net::executor_work_guard<net::io_context::executor_type> guard;
  metrics::shard& shard;
  decider decide;
  std::list<connection*> open;
  std::thread thread;
};

struct server {
  const options& o;
  bundle_holder& bundle;
  metrics& counts;
  reloader& reloads;
  std::vector<std::unique_ptr<worker>> workers;
  net::thread_pool reload_thread{1};  // POST /v1/reload
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::signal_set> signals;
  std::atomic<bool> draining{false};
  std::atomic<std::uint64_t> request_ids{0};
};

// Past the deadline, the watchdog cancels the socket's pending operation; the connection then
// sees `timed_out`.
void arm(const std::shared_ptr<connection>& c, std::chrono::milliseconds after) {
  c->timed_out = false;
  c->deadline = steady::now() + after;
}

void disarm(const std::shared_ptr<connection>& c) {
  c->deadline = steady::time_point::max();
}

// A worker's watchdog: every tick, the connections past their deadline are cancelled. Ends once
// the server drains and the worker's last connection has closed.
awaitable<void> watchdog(const std::atomic<bool>& draining, std::list<connection*>& open) {
  constexpr auto tick = std::chrono::milliseconds(20);
  net::steady_timer timer(co_await net::this_coro::executor);
  for (;;) {
    timer.expires_after(tick);
    error_code ec;
    co_await timer.async_wait(with(ec));
    const auto now = steady::now();
    for (connection* c : open) {
      if (c->deadline > now) continue;
      c->deadline = steady::time_point::max();
      c->timed_out = true;
      c->socket.cancel(ec);
    }
    if (draining.load() && open.empty()) co_return;
  }
}

using response = http::response<http::string_body>;

response make_response(unsigned status, std::string body, std::string_view type,
                       const std::string& request_id) {
  response res{static_cast<http::status>(status), 11};
  res.set(http::field::server, "clause");
  res.set(http::field::content_type, type);
  if (!request_id.empty()) res.set("X-Request-Id", request_id);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

response error_response(unsigned status, std::string_view code, std::string_view message,
                        std::string_view help, const std::string& request_id) {
  return make_response(status, error_body(code, message, help), "application/json", request_id);
}

awaitable<bool> send(const std::shared_ptr<connection>& c, response& res,
                     std::chrono::milliseconds timeout) {
  arm(c, timeout);
  error_code ec;
  co_await http::async_write(c->socket, res, with(ec));
  disarm(c);
  co_return !ec;
}

// A client's own id when it is short and printable (it is echoed and logged), else one of ours.
std::string request_id_of(const http::request<http::string_body>& req, server& s) {
  const auto given = req["X-Request-Id"];
  if (!given.empty() && given.size() <= 128 &&
      std::all_of(given.begin(), given.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; })) {
    return std::string(given);
  }
  return fmt::format("r{:x}", s.request_ids.fetch_add(1, std::memory_order_relaxed) + 1);
}

// A failed read of a request: what to answer, if anything (0: close without a word).
std::pair<unsigned, std::string> read_failure(const error_code& ec, bool timed_out, const server& s,
                                              std::size_t limit) {
  if (timed_out) {
    return {408, fmt::format("the request did not arrive whole within {} ms",
                             s.o.request_timeout.count())};
  }
  if (ec == http::error::header_limit) {
    return {431, fmt::format("the request's headers are larger than {} bytes", s.o.max_header)};
  }
  if (ec == http::error::body_limit) {
    return {413, fmt::format("the request body is larger than {} bytes, the most this route takes",
                             limit)};
  }
  if (ec == http::error::end_of_stream || ec == net::error::eof ||
      ec == net::error::connection_reset || ec == net::error::operation_aborted) {
    return {0, {}};
  }
  return {400, fmt::format("the request is not well-formed HTTP/1.1: {}", ec.message())};
}

std::string_view status_code_name(unsigned status) {
  switch (status) {
    case 408:
      return "REQUEST_TIMEOUT";
    case 413:
      return "BODY_TOO_LARGE";
    case 431:
      return "HEADERS_TOO_LARGE";
    default:
      return "BAD_REQUEST";
  }
}

// POST /v1/decide/batch: NDJSON, each part of the body decided as it arrives and its records
// written as a chunk, so neither the body nor the records are ever held whole. The status (200)
// is sent before the body is read: a body that grows past `--max-batch-body` or stops arriving
// ends the response with one more line, its error, and the connection is closed.
awaitable<bool> answer_fed_batch(server& s, worker& w, const std::shared_ptr<connection>& c,
                                 http::request_parser<http::string_body>& parser,
                                 beast::flat_buffer& buffer, unsigned& status) {
  auto& req = parser.get();
  const std::string request_id = request_id_of(req, s);
  std::unique_ptr<decider::batch_run> run;
  std::optional<response> refusal;
  try {
    run = w.decide.start_batch(s.bundle.current(), split_target(req.target()).second, request_id);
  } catch (const request_error& e) {
    status = e.status;
    refusal = error_response(e.status, e.code, e.what(), e.help, request_id);
  }
  if (refusal) {
    refusal->keep_alive(false);  // the rest of the body is not read
    c->unread = true;
    co_await send(c, *refusal, s.o.request_timeout);
    co_return false;
  }
  status = 200;
  const bool keep_alive = req.keep_alive() && !s.draining.load();
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::server, "clause");
  res.set(http::field::content_type, "application/x-ndjson");
  res.set("X-Request-Id", request_id);
  res.chunked(true);
  res.keep_alive(keep_alive);
  http::response_serializer<http::empty_body> header{res};
  error_code ec;
  arm(c, s.o.request_timeout);
  co_await http::async_write_header(c->socket, header, with(ec));
  // A read fills what the buffer has room for (at least 512 bytes): room for many cases a read,
  // so that each chunk written carries many records.
  buffer.reserve(64 << 10);
  std::string out;
  bool whole = false;
  while (!ec) {
    run->feed(req.body());
    req.body().clear();
    whole = parser.is_done();
    if (whole) run->finish();
    while (!ec && run->next(out)) {
      arm(c, s.o.request_timeout);
      co_await net::async_write(c->socket, http::make_chunk(net::buffer(out)), with(ec));
      out.clear();
    }
    if (ec || whole) break;
    arm(c, s.o.request_timeout);
    co_await http::async_read_some(c->socket, buffer, parser, with(ec));
    if (ec) {
      const auto [code, message] = read_failure(ec, c->timed_out, s, s.o.max_batch_body);
      if (code == 0) break;  // the client is gone
      out = error_body(status_code_name(code), message, "");
      ec = {};
      arm(c, s.o.request_timeout);
      co_await net::async_write(c->socket, http::make_chunk(net::buffer(out)), with(ec));
      c->unread = true;
      break;  // the rest of the body is not read: the connection closes after the last chunk
    }
  }
  if (!ec) {
    arm(c, s.o.request_timeout);
    co_await net::async_write(c->socket, http::make_chunk_last(), with(ec));
  }
  disarm(c);
  co_return !ec && whole && keep_alive;
}

awaitable<bundle_holder::reload_result> reload_now(bundle_holder& bundle) {
  co_return reload_and_say(bundle, "POST /v1/reload", false);
}

// One request whose headers and body are read: its answer, written. False: close the connection.
awaitable<bool> answer(server& s, worker& w, const std::shared_ptr<connection>& c,
                       http::request<http::string_body>& req, route r, bool keep_alive,
                       unsigned& status) {
  const std::string request_id = request_id_of(req, s);
  const auto [path, query] = split_target(req.target());
  std::string_view type = "application/json";
  std::string body;
  status = 200;
  try {
    switch (r) {
      case route::decide: {
        decided d = w.decide.decide(s.bundle.current(), query, req.body(), request_id);
        status = d.status;
        body = std::move(d.body);
        break;
      }
      case route::policy:
        body = policy_body(s.bundle);
        break;
      case route::reload: {
        // Loading takes milliseconds: on a thread of its own, not this connection's.
        const auto result =
            co_await net::co_spawn(s.reload_thread, reload_now(s.bundle), net::use_awaitable);
        if (result.status == bundle_holder::reload_status::refused) {
          status = 422;
          body = error_body("RELOAD_REFUSED", result.error,
                            "the bundle does not load: the live bundle stays, see GET /v1/policy");
        } else {
          body = policy_body(s.bundle);
        }
        break;
      }
      case route::healthz:
        body = "{\"status\":\"ok\"}\n";
        break;
      case route::readyz:
        if (s.draining.load()) {
          status = 503;
          body = "{\"status\":\"draining\"}\n";
        } else {
          body = "{\"status\":\"ready\"}\n";
        }
        break;
      case route::metrics:
        type = "text/plain; version=0.0.4; charset=utf-8";
        body = s.counts.render(s.bundle);
        break;
      case route::decide_batch:  // decided as its body arrives: answer_fed_batch
      case route::other:
        break;
    }
  } catch (const request_error& e) {
    status = e.status;
    body = error_body(e.code, e.what(), e.help);
  } catch (const std::bad_alloc&) {
    status = 503;
    body = error_body("UNAVAILABLE", "the server ran out of memory for this request",
                      "send fewer cases at a time");
  } catch (const std::exception& e) {
    // Nothing else is known to throw here; should something, the client learns what, and the
    // server goes on.
    status = 500;
    body =
        error_body("NOT_ANSWERED", fmt::format("the request could not be answered: {}", e.what()));
  }
  response res = make_response(status, std::move(body), type, request_id);
  res.keep_alive(keep_alive);
  co_return co_await send(c, res, s.o.request_timeout) && keep_alive;
}

// Closing a socket with bytes of the client's still unread resets the connection, and the client
// may then lose the answer it has not read yet (the error that says why its body was refused).
// So, the answer sent and the sending side shut, what the client still sends is read and dropped
// for a moment (at most a second, a megabyte) before the socket is closed.
awaitable<void> linger(const std::shared_ptr<connection>& c) {
  std::array<char, 16384> sink;
  std::size_t dropped = 0;
  arm(c, std::chrono::milliseconds(1000));
  for (error_code ec; !ec && dropped < (1u << 20);)
    dropped += co_await c->socket.async_read_some(net::buffer(sink), with(ec));
  disarm(c);
}

awaitable<void> serve_connection(server& s, worker& w, tcp::socket socket) {
  auto c = std::make_shared<connection>(std::move(socket));
  const auto registered = w.open.insert(w.open.end(), c.get());
  beast::flat_buffer buffer;
  const std::size_t largest = std::max(s.o.max_body, s.o.max_batch_body);
  for (bool go_on = true; go_on;) {
    error_code ec;
    if (buffer.size() == 0) {
      if (s.draining.load()) break;
      c->idle = true;
      arm(c, s.o.idle_timeout);
      co_await c->socket.async_wait(tcp::socket::wait_read, with(ec));
      disarm(c);
      c->idle = false;
      if (ec) break;  // kept alive too long with nothing asked, or draining
    }
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(s.o.max_header));
    parser.body_limit(largest);
    arm(c, s.o.request_timeout);
    co_await http::async_read_header(c->socket, buffer, parser, with(ec));
    const auto started = std::chrono::steady_clock::now();
    route r = route::other;
    unsigned status = 0;
    std::optional<response> refusal;
    bool fed = false;  // a batch decided as its body arrives
    if (ec) {
      disarm(c);
      const auto [code, message] = read_failure(ec, c->timed_out, s, largest);
      if (code == 0) break;
      refusal = error_response(code, status_code_name(code), message, {}, {});
      status = code;
    } else {
      auto& req = parser.get();
      r = route_of(split_target(req.target()).first);
      const std::size_t limit = r == route::decide_batch ? s.o.max_batch_body : s.o.max_body;
      if (r == route::other) {
        status = 404;
        refusal = error_response(404, "NOT_FOUND",
                                 fmt::format("no route `{}`", split_target(req.target()).first),
                                 "the routes are " + route_list(), {});
      } else if (req.method_string() != method_of(r)) {
        status = 405;
        refusal =
            error_response(405, "METHOD_NOT_ALLOWED",
                           fmt::format("`{} {}` is not a route: `{}` takes {}", req.method_string(),
                                       route_name(r), route_name(r), method_of(r)),
                           {}, {});
        refusal->set(http::field::allow, method_of(r));
      } else if (parser.content_length() && *parser.content_length() > limit) {
        status = 413;
        refusal = error_response(
            413, "BODY_TOO_LARGE",
            fmt::format("the request body is {} bytes, more than the {} bytes `{}` takes",
                        *parser.content_length(), limit, route_name(r)),
            r == route::decide ? "send cases in several requests" : "", {});
      } else {
        parser.body_limit(limit);
        if (beast::iequals(req[http::field::expect], "100-continue")) {
          co_await net::async_write(c->socket, net::buffer("HTTP/1.1 100 Continue\r\n\r\n", 25),
                                    with(ec));
        }
        fed = r == route::decide_batch;
        if (!ec && !fed && !parser.is_done())
          co_await http::async_read(c->socket, buffer, parser, with(ec));
        disarm(c);
        if (ec) {
          const auto [code, message] = read_failure(ec, c->timed_out, s, limit);
          if (code == 0) break;
          refusal = error_response(code, status_code_name(code), message, {}, {});
          status = code;
        }
      }
    }
    if (refusal) {
      // The rest of the request is not read: the connection cannot be reused.
      disarm(c);
      c->unread = !parser.is_done();
      refusal->keep_alive(ec ? false
                             : parser.is_done() && parser.get().keep_alive() && !s.draining.load());
      go_on = co_await send(c, *refusal, s.o.request_timeout) && refusal->keep_alive();
    } else if (fed) {
      go_on = co_await answer_fed_batch(s, w, c, parser, buffer, status);
    } else {
      auto& req = parser.get();
      const bool keep_alive = req.keep_alive() && !s.draining.load();
      go_on = co_await answer(s, w, c, req, r, keep_alive, status);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    w.shard.request(r, status, seconds);
  }
  disarm(c);
  error_code ignored;
  c->socket.shutdown(tcp::socket::shutdown_send, ignored);
  if (c->unread) co_await linger(c);
  c->socket.close(ignored);
  w.open.erase(registered);
  s.counts.connections.fetch_sub(1);
}

awaitable<void> refuse_connection(server& s, worker& w, tcp::socket socket) {
  auto c = std::make_shared<connection>(std::move(socket));
  const auto registered = w.open.insert(w.open.end(), c.get());
  response res =
      error_response(503, "TOO_MANY_CONNECTIONS",
                     fmt::format("the server holds {} connections, its most", s.o.max_connections),
                     "retry later, or reuse a connection (keep-alive)", {});
  res.keep_alive(false);
  co_await send(c, res, std::chrono::milliseconds(1000));
  error_code ignored;
  c->socket.close(ignored);
  w.open.erase(registered);
}

awaitable<void> accept_loop(server& s) {
  std::size_t next = 0;
  for (;;) {
    worker& w = *s.workers[next++ % s.workers.size()];
    tcp::socket socket(w.context);
    error_code ec;
    co_await s.acceptor->async_accept(socket, with(ec));
    if (ec) {
      if (!s.acceptor->is_open()) co_return;
      // Out of descriptors, or a connection reset before it was accepted: wait and go on.
      net::steady_timer pause(co_await net::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(with(ec));
      continue;
    }
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (s.counts.connections.load() >= s.o.max_connections) {
      s.counts.refused_connections.fetch_add(1);
      net::co_spawn(w.context, refuse_connection(s, w, std::move(socket)), net::detached);
      continue;
    }
    s.counts.connections.fetch_add(1);
    net::co_spawn(w.context, serve_connection(s, w, std::move(socket)), net::detached);
  }
}

// SIGTERM or SIGINT: stop accepting, close idle connections, let requests in flight finish (their
// responses say `Connection: close`); the threads end when the last connection does.
void start_drain(server& s) {
  if (s.draining.exchange(true)) return;
  fmt::print(stderr, "clause serve: stopping: finishing the requests in flight\n");
  std::fflush(stderr);
  error_code ignored;
  s.acceptor->close(ignored);
  s.signals->cancel(ignored);
  s.reloads.stop();
  for (auto& w : s.workers) {
    net::post(w->context, [&w = *w] {
      for (connection* c : w.open) {
        error_code ignored_too;
        if (c->idle) c->socket.cancel(ignored_too);
      }
      w.guard.reset();
    });
  }
}

awaitable<void> signal_loop(server& s) {
  for (;;) {
    error_code ec;
    const int signal = co_await s.signals->async_wait(with(ec));
    if (ec) co_return;
    if (signal == SIGHUP) {
      s.reloads.reload_soon();
    } else {
      start_drain(s);
      co_return;
    }
  }
}

}  // namespace

int run(const options& o) {
  bundle_holder bundle(o.policy);
  std::string error;
  if (!bundle.load_first(error)) {
    std::fputs(error.c_str(), stderr);
    throw std::runtime_error(fmt::format("the policy `{}` does not load", o.policy));
  }
  metrics counts;
  std::optional<decision_log> log;
  if (!o.decision_log.empty())
    log.emplace(o.decision_log, o.decision_log_max_bytes, o.decision_log_queue, counts);
  reloader reloads(bundle, o.watch);
  server s{o, bundle, counts, reloads, {}, {}, {}, {}, {}};
  for (unsigned i = 0; i < o.jobs; ++i)
    s.workers.push_back(std::make_unique<worker>(o, counts, log ? &*log : nullptr));
  net::io_context& first = s.workers.front()->context;
  error_code ec;
  const auto address = net::ip::make_address(o.host, ec);
  if (ec) throw std::runtime_error(fmt::format("`{}` is not an IP address", o.host));
  s.acceptor.emplace(first);
  const tcp::endpoint endpoint(address, o.port);
  s.acceptor->open(endpoint.protocol(), ec);
  if (!ec) s.acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s.acceptor->bind(endpoint, ec);
  if (!ec) s.acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("cannot listen on {}:{}: {}", o.host, o.port, ec.message()));
  }
  s.signals.emplace(first, SIGINT, SIGTERM, SIGHUP);
  const auto live = bundle.current();
  fmt::print("clause serve: listening on http://{}:{} with the policy {} {} ({})\n", o.host,
             s.acceptor->local_endpoint().port(), live->policy->name(), live->policy->version(),
             live->digest);
  std::fflush(stdout);
  for (auto& w : s.workers)
    net::co_spawn(w->context, watchdog(s.draining, w->open), net::detached);
  net::co_spawn(first, accept_loop(s), net::detached);
  net::co_spawn(first, signal_loop(s), net::detached);
  for (auto& w : s.workers)
    w->thread = std::thread([&context = w->context] { context.run(); });
  for (auto& w : s.workers)
    w->thread.join();
  s.reload_thread.join();
  // What is left (the decision log's last lines) must not be cut short by a second SIGTERM.
  s.signals.reset();
  std::signal(SIGTERM, SIG_IGN);
  std::signal(SIGINT, SIG_IGN);
  fmt::print(stderr, "clause serve: stopped\n");
  return 0;
}

}  // namespace clause::serve
