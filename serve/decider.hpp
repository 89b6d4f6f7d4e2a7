// Deciding for requests, on one serving thread: a request's query parameters (`now`, `locale`,
// `explain`, `param.NAME`) over the server's defaults, a session for each query string kept for
// the next request (sessions reuse their buffers), and the records, made by the public API exactly
// as `clause eval --format json` makes them. The bundle is the one live when the request started;
// sessions of a replaced bundle are dropped once no request holds them.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "clause/clause.hpp"
#include "serve/bundle.hpp"
#include "serve/decision_log.hpp"
#include "serve/metrics.hpp"

namespace clause::serve {

struct decided {
  unsigned status;  // 200, 400 (unreadable JSON, a wrong option) or 422 (a case that does not fit)
  std::string body;
};

class decider {
 public:
  decider(const session_options& defaults, metrics::shard& counts, decision_log* log,
          bool log_input)
      : defaults_(defaults), counts_(counts), log_(log), log_input_(log_input) {}

  // POST /v1/decide: one case, a JSON object. Throws request_error for a wrong query parameter.
  decided decide(std::shared_ptr<const loaded_bundle> live, std::string_view query,
                 const std::string& body, const std::string& request_id);

  // POST /v1/decide/batch: NDJSON fed as it arrives, one record per case out, in order, made a
  // part at a time while the response is written.
  class batch_run {
   public:
    void feed(std::string_view bytes) { feed_.feed(bytes); }  // the body's next bytes
    void finish() { feed_.finish(); }                         // its end
    // Appends the records of the next cases fed to `out`; false when there are none until more
    // bytes are fed (or, after finish(), at the end).
    bool next(std::string& out);
    ~batch_run();

   private:
    friend class decider;
    batch_run() = default;
    decider* owner_ = nullptr;
    std::shared_ptr<const loaded_bundle> live_;
    std::shared_ptr<session> session_;
    ndjson_feed feed_{"request.ndjson"};
    case_input input_;
    std::string request_id_;
  };
  // Throws request_error for a wrong query parameter, before any record is made.
  std::unique_ptr<batch_run> start_batch(std::shared_ptr<const loaded_bundle> live,
                                         std::string_view query, const std::string& request_id);

 private:
  struct cached {
    std::shared_ptr<const loaded_bundle> live;
    std::string query;
    std::shared_ptr<session> s;
    std::uint64_t used = 0;
  };
  std::shared_ptr<session> session_for(const std::shared_ptr<const loaded_bundle>& live,
                                       std::string_view query);
  void count_and_log(const loaded_bundle& live, const result& r, std::string_view record,
                     std::string_view input, const std::string& request_id);

  session_options defaults_;
  metrics::shard& counts_;
  decision_log* log_;
  bool log_input_;
  std::vector<cached> sessions_;
  std::uint64_t clock_ = 0;
};

}  // namespace clause::serve
