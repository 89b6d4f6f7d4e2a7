// Evaluating through the public API: sessions, their results, and the cases a reader cuts out.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "clause/clause.hpp"
#include "lang/limits.hpp"
#include "lang/location.hpp"
#include "runtime/api/case_runner.hpp"
#include "runtime/api/options.hpp"
#include "runtime/api/policy_access.hpp"
#include "runtime/input/case_reader.hpp"
#include "runtime/input/ndjson_feed.hpp"
#include "runtime/input/yaml_case.hpp"
#include "runtime/output/json_scalars.hpp"

namespace clause {

// ----- case_input and case_reader

case_input::case_input() : raw_(std::make_unique<runtime::raw_case>()) {}
case_input::~case_input() = default;
case_input::case_input(case_input&&) noexcept = default;
case_input& case_input::operator=(case_input&&) noexcept = default;
std::string_view case_input::file() const {
  return raw_ ? std::string_view(raw_->file) : std::string_view();
}
std::size_t case_input::line() const {
  return raw_ ? raw_->origin.line : 0;
}
std::size_t case_input::position() const {
  return raw_ ? raw_->origin.position : 0;
}

bool case_input::readable() const {
  return raw_ && raw_->form != runtime::raw_case::kind::error;
}
std::string_view case_input::unreadable_reason() const {
  return readable() || !raw_ ? std::string_view() : std::string_view(raw_->error.message);
}
std::string case_input::text() const {
  if (!readable()) return {};
  if (raw_->form == runtime::raw_case::kind::json_text) return raw_->text;
  YAML::Emitter out;
  out << raw_->node;
  return out.c_str();
}

std::size_t case_input::bytes() const {
  return raw_ ? raw_->bytes : 0;
}

case_reader::case_reader(std::vector<std::string> files)
    : impl_(std::make_unique<runtime::case_reader>(std::move(files))) {}
case_reader::case_reader(int fd, std::string name)
    : impl_(std::make_unique<runtime::case_reader>(fd, std::move(name))) {}
case_reader::~case_reader() = default;
bool case_reader::next(case_input& out) {
  if (!out.raw_) out.raw_ = std::make_unique<runtime::raw_case>();
  return impl_->next(*out.raw_);
}

ndjson_feed::ndjson_feed(std::string name)
    : impl_(std::make_unique<runtime::ndjson_feed>(std::move(name))) {}
ndjson_feed::~ndjson_feed() = default;
void ndjson_feed::feed(std::string_view bytes) {
  impl_->feed(bytes);
}
void ndjson_feed::finish() {
  impl_->finish();
}
bool ndjson_feed::next(case_input& out) {
  if (!out.raw_) out.raw_ = std::make_unique<runtime::raw_case>();
  return impl_->next(*out.raw_);
}

// ----- decision and result

std::optional<std::string_view> decision::payload(std::string_view field) const {
  for (const auto& [name, text] : payload_) {
    if (name == field) return text;
  }
  return std::nullopt;
}

result::result(const runtime::case_runner& runner) : runner_(runner) {}
result::~result() = default;

void result::reset() {
  json_.reset();
  decisions_made_ = false;
}

bool result::ok() const {
  return runner_.last_ok();
}
std::string_view result::error() const {
  return ok() ? std::string_view() : std::string_view(runner_.last_error().message);
}
std::string_view result::error_path() const {
  return ok() ? std::string_view() : std::string_view(runner_.last_error().path);
}
std::string_view result::id() const {
  return runner_.last_id();
}

void result::write(std::string& out, record_format format) const {
  runtime::write_record(out, runner_.last_record(), format);
}

std::string_view result::json() const {
  if (!json_) {
    json_.emplace();
    write(*json_, record_format::json);
  }
  return *json_;
}

std::span<const decision> result::decisions() const {
  if (!ok()) return {};
  const runtime::evaluation& e = runner_.last();
  if (decisions_made_) return {decisions_.data(), e.decision_count};
  const runtime::program& p = runner_.compiled();
  if (decisions_.size() < e.decision_count) decisions_.resize(e.decision_count);
  payload_text_.clear();
  payload_json_text_.clear();
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const runtime::decision_result& dr = e.decisions[i];
    const runtime::compiled_decision& d = p.decisions[dr.decision];
    decision& out = decisions_[i];
    out.name_ = d.name;
    out.outcome_ = d.outcomes[dr.outcome].name;
    out.outcome_index_ = dr.outcome;
    out.outcome_count_ = d.outcomes.size();
    out.codes_ = dr.codes;
    out.warnings_ = dr.warnings;
    out.messages_.clear();
    for (const auto& m : dr.messages)
      out.messages_.push_back({m.code, e.message_text(m)});
    const auto& fields = d.outcomes[dr.outcome].payload_fields;
    for (std::size_t f = 0; f < fields.size() && f < dr.payload.size(); ++f) {
      std::string text;
      runtime::append_payload_text(text, dr.payload[f],
                                   d.outcomes[dr.outcome].payload_enum_names[f]);
      payload_text_.push_back(std::move(text));
      std::string json;
      runtime::append_payload_value(json, dr.payload[f], true,
                                    d.outcomes[dr.outcome].payload_enum_names[f]);
      payload_json_text_.push_back(std::move(json));
    }
    out.rules_.clear();
    for (std::uint32_t rule : dr.rules)
      out.rules_.emplace_back(p.rules[rule].id, p.rules[rule].location);
    out.conflicts_.clear();
    for (std::uint32_t rule : dr.conflicts)
      out.conflicts_.push_back(p.rules[rule].id);
  }
  // Payload views point into payload_text_, which is complete now.
  std::size_t next = 0;
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const runtime::decision_result& dr = e.decisions[i];
    const auto& fields = p.decisions[dr.decision].outcomes[dr.outcome].payload_fields;
    decisions_[i].payload_.clear();
    decisions_[i].payload_json_.clear();
    for (std::size_t f = 0; f < fields.size() && f < dr.payload.size(); ++f, ++next) {
      decisions_[i].payload_.emplace_back(fields[f], payload_text_[next]);
      decisions_[i].payload_json_.emplace_back(fields[f], payload_json_text_[next]);
    }
  }
  decisions_made_ = true;
  return {decisions_.data(), e.decision_count};
}

const decision* result::find(std::string_view name) const {
  for (const decision& d : decisions()) {
    if (d.name() == name) return &d;
  }
  return nullptr;
}

void table_rows(const result& r, std::vector<table_row>& rows) {
  runtime::append_table_rows(r.runner_.last_record(), rows);
}

// ----- session

session::session(std::shared_ptr<const clause::policy> p, session_options options)
    : policy_(std::move(p)), options_(std::make_unique<runtime::resolved_options>()) {
  if (!policy_) {
    throw options_error(options_error::option::policy,
                        "a session needs a policy, and this one is null: did the load fail? "
                        "(`load_result::render()` says why)",
                        {}, {}, "a policy that loaded", {});
  }
  const auto& program = policy_access::program(*policy_);
  runtime::resolve_options(*program, options, *options_);
  if (options.coverage) {
    if (policy_access::program(*options.coverage->policy_) != program) {
      throw options_error(options_error::option::policy,
                          "the coverage collector was made for another policy", {}, {},
                          "a collector made for this session's policy", {});
    }
    options_->evaluation.coverage = options.coverage->counts_.get();
  }
  runner_ = std::make_unique<runtime::case_runner>(program, options_->evaluation);
  result_.reset(new result(*runner_));
}

session::~session() = default;

namespace {

void tick(runtime::resolved_options& options) {
  if (!options.fixed_now) options.evaluation.now = runtime::system_now();
}

}  // namespace

namespace {

// A host's text as one case: capped as the reader caps a case, and memory running out on it is
// its error, never an exception out of `evaluate`.
template <typename Run>
void guarded(runtime::case_runner& runner, std::string_view text, Run run) {
  runtime::case_error error;
  error.id = "1";
  if (text.size() > lang::limits::max_case_bytes) {
    error.message =
        fmt::format("case:1:1: this case is larger than {} MiB, the most one case may hold",
                    lang::limits::max_case_bytes >> 20);
    runner.run_error(error);
    return;
  }
  try {
    run();
  } catch (const std::bad_alloc&) {
    error.message = "case:1:1: out of memory";
    runner.run_error(error);
  }
}

}  // namespace

const result& session::evaluate_json(std::string_view case_json) {
  tick(*options_);
  result_->reset();
  guarded(*runner_, case_json, [&] { runner_->run_json_text(case_json, {"case", 1, 1}); });
  return *result_;
}

const result& session::evaluate_yaml(std::string_view case_yaml) {
  tick(*options_);
  result_->reset();
  guarded(*runner_, case_yaml, [&] {
    YAML::Node root;
    runtime::yaml_case_error e;
    if (!runtime::load_yaml_case(case_yaml, false, 1, root, e)) {
      runtime::case_error error;
      error.id = "1";
      error.message = lang::format_location("case", e.at.line, e.at.column) + ": " + e.message;
      runner_->run_error(error);
      return;
    }
    runner_->run_yaml(root, {"case", 1, 1});
  });
  return *result_;
}

const result& session::evaluate(const case_input& input) {
  tick(*options_);
  result_->reset();
  if (input.raw_) {
    runner_->run(*input.raw_);
  } else {
    runtime::case_error error;
    error.message = "an empty case_input (moved from): nothing to evaluate";
    runner_->run_error(error);
  }
  return *result_;
}

}  // namespace clause
