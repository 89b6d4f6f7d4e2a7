// The embedding API of clause: everything a host includes.
//
//   auto loaded = clause::policy::load("rules/mca");
//   if (!loaded) { std::cerr << loaded.diagnostics; return 1; }
//   clause::session session(loaded.policy);           // one per thread
//   const clause::result& r = session.evaluate_json(R"({"partner": …})");
//   for (const clause::decision& d : r.decisions()) use(d.name(), d.outcome(), d.codes());
//
// Loading never throws for an author error (it returns diagnostics); evaluation never throws.
// A policy is immutable and shared by any number of sessions and threads; a policy_store swaps in
// a new version and keeps the good one when a new version does not load.
#pragma once

#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clause {

namespace runtime {
struct program;
class case_runner;
class evaluation;
struct evaluation_options;
}  // namespace runtime

class policy;

struct load_result {
  std::shared_ptr<const clause::policy> policy;  // null when the bundle has errors
  std::string diagnostics;                       // rendered as `file:line:col: error[CODE]: …`
  explicit operator bool() const { return policy != nullptr; }
};

class policy {
 public:
  // `path` is a bundle directory (entry `policy.clause`) or a single `.clause` file.
  static load_result load(const std::string& path);
  std::string_view name() const;
  std::string_view version() const;
  const runtime::program& program() const { return *program_; }

 private:
  explicit policy(std::shared_ptr<const runtime::program> p) : program_(std::move(p)) {}
  std::shared_ptr<const runtime::program> program_;
};

struct message {
  std::string_view code;
  std::string_view text;
};

// One decision of a result. Views are valid until the session evaluates its next case.
class decision {
 public:
  std::string_view name() const { return name_; }
  std::string_view outcome() const { return outcome_; }
  std::span<const std::string_view> codes() const { return codes_; }
  std::span<const std::string_view> warnings() const { return warnings_; }
  std::span<const message> messages() const { return messages_; }
  // A payload field of the outcome (`country` of a template `document`), as text.
  std::optional<std::string_view> payload(std::string_view field) const;
  // The ids of the rules that decided, with their `file:line:column`.
  std::span<const std::pair<std::string_view, std::string_view>> rules() const { return rules_; }

 private:
  friend class session;
  std::string_view name_, outcome_;
  std::span<const std::string_view> codes_, warnings_;
  std::vector<message> messages_;
  std::vector<std::pair<std::string_view, std::string_view>> payload_;
  std::vector<std::pair<std::string_view, std::string_view>> rules_;
};

class result {
 public:
  bool ok() const { return error_.empty(); }
  // When not ok: what did not fit the input schema, and where (`partner.type`).
  std::string_view error() const { return error_; }
  std::string_view error_path() const { return error_path_; }
  std::string_view id() const { return id_; }
  std::span<const decision> decisions() const { return {decisions_.data(), count_}; }
  const decision* find(std::string_view name) const;
  // The record as `clause eval --format json` writes it (one line, no newline).
  std::string_view json() const { return json_; }

 private:
  friend class session;
  std::string error_, error_path_, id_, json_;
  std::vector<decision> decisions_;
  std::vector<std::string> payload_text_;
  std::size_t count_ = 0;
};

struct session_options {
  std::optional<std::string> now;  // a datetime; empty: the system clock at each evaluation
  std::string locale = "en";
  bool explain = false;
};

// Evaluates cases one after another on one thread, reusing its buffers.
class session {
 public:
  explicit session(std::shared_ptr<const policy> p, session_options options = {});
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  const result& evaluate_json(std::string_view case_json);
  const result& evaluate_yaml(std::string_view case_yaml);

 private:
  const result& finish(bool ok);
  std::shared_ptr<const policy> policy_;
  session_options session_options_;
  std::unique_ptr<runtime::evaluation_options> options_;
  std::unique_ptr<runtime::case_runner> runner_;
  std::string record_;
  result result_;
};

// The current policy of a service, reloadable while readers evaluate. A reload loads and checks
// the new version first, with no lock held, and swaps it in only when it loaded: readers never wait
// for a reload's work, only (rarely) for the pointer exchange itself, and they never see a
// version that does not load. Sessions keep the policy they started with.
class policy_store {
 public:
  explicit policy_store(std::shared_ptr<const policy> initial) : current_(std::move(initial)) {}
  std::shared_ptr<const policy> current() const {
    std::shared_lock lock(mutex_);
    return current_;
  }
  // Loads `path`; on success swaps it in and returns it, else keeps the current policy and
  // returns the diagnostics.
  load_result reload(const std::string& path);

 private:
  mutable std::shared_mutex mutex_;
  std::shared_ptr<const policy> current_;
};

}  // namespace clause
