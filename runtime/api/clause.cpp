#include "clause/clause.hpp"

#include <yaml-cpp/yaml.h>

#include <mutex>
#include <utility>

#include "lang/bundle.hpp"
#include "lang/calendar.hpp"
#include "runtime/api/case_runner.hpp"

namespace clause {

load_result policy::load(const std::string& path) {
  load_result out;
  try {
    lang::load_result loaded = lang::load_bundle_path(path);
    out.diagnostics = lang::render(loaded.diags, *loaded.sources);
    if (loaded.bundle) {
      out.policy = std::shared_ptr<const policy>(new policy(runtime::compile(loaded.bundle)));
    }
  } catch (const std::exception& e) {  // out of memory and the like: still not an exception
    out.policy.reset();
    out.diagnostics = std::string("error: the policy could not be loaded: ") + e.what() + "\n";
  }
  return out;
}

std::string_view policy::name() const {
  return program_->source->header.id.text;
}
std::string_view policy::version() const {
  return program_->source->header.version;
}

std::optional<std::string_view> decision::payload(std::string_view field) const {
  for (const auto& [name, text] : payload_) {
    if (name == field) return text;
  }
  return std::nullopt;
}

const decision* result::find(std::string_view name) const {
  for (std::size_t i = 0; i < count_; ++i) {
    if (decisions_[i].name() == name) return &decisions_[i];
  }
  return nullptr;
}

session::session(std::shared_ptr<const policy> p, session_options options)
    : policy_(std::move(p)),
      session_options_(std::move(options)),
      options_(std::make_unique<runtime::evaluation_options>()) {
  options_->locale = session_options_.locale;
  options_->explain = session_options_.explain;
  if (session_options_.now) {
    if (auto t = lang::parse_datetime(*session_options_.now)) {
      options_->now = runtime::value::datetime(t->seconds, t->nanos);
    }
  }
  runner_ = std::make_unique<runtime::case_runner>(
      std::shared_ptr<const runtime::program>(policy_, &policy_->program()), *options_,
      runtime::record_format::json);
}

session::~session() = default;

const result& session::evaluate_json(std::string_view case_json) {
  if (!session_options_.now) options_->now = runtime::system_now();
  record_.clear();
  return finish(runner_->run_json_text(case_json, {"case", 1, 1}, record_));
}

const result& session::evaluate_yaml(std::string_view case_yaml) {
  if (!session_options_.now) options_->now = runtime::system_now();
  record_.clear();
  YAML::Node root;
  try {
    root = YAML::Load(std::string(case_yaml));
  } catch (const YAML::Exception& e) {
    runtime::case_error error;
    error.id = "1";
    const lang::line_column at = lang::locate_yaml_mark(e.mark);
    error.message = lang::format_location("case", at.line, at.column) + ": " + e.msg;
    return finish(runner_->run_error(error, record_));
  }
  return finish(runner_->run_yaml(root, {"case", 1, 1}, record_));
}

const result& session::finish(bool ok) {
  result& r = result_;
  r.json_ = record_;
  r.id_ = runner_->last_id();
  r.count_ = 0;
  if (!ok) {
    r.error_ = runner_->last_error().message;
    r.error_path_ = runner_->last_error().path;
    return r;
  }
  r.error_.clear();
  r.error_path_.clear();
  const runtime::program& p = policy_->program();
  const runtime::evaluation& e = runner_->last();
  if (r.decisions_.size() < e.decision_count) r.decisions_.resize(e.decision_count);
  r.payload_text_.clear();
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const runtime::decision_result& dr = e.decisions[i];
    const runtime::compiled_decision& d = p.decisions[dr.decision];
    decision& out = r.decisions_[i];
    out.name_ = d.name;
    out.outcome_ = d.outcomes[dr.outcome].name;
    out.codes_ = dr.codes;
    out.warnings_ = dr.warnings;
    out.messages_.clear();
    for (const auto& m : dr.messages)
      out.messages_.push_back({m.code, e.message_text(m)});
    out.payload_.clear();
    const auto& fields = d.outcomes[dr.outcome].payload_fields;
    for (std::size_t f = 0; f < fields.size() && f < dr.payload.size(); ++f) {
      std::string text;
      if (dr.payload[f].kind == runtime::value_kind::string) {
        text = std::string(dr.payload[f].text());
      } else {
        runtime::append_value(text, dr.payload[f], nullptr);
      }
      r.payload_text_.push_back(std::move(text));
    }
    out.rules_.clear();
    for (std::uint32_t rule : dr.rules)
      out.rules_.emplace_back(p.rules[rule].id, p.rules[rule].location);
  }
  // Payload views point into payload_text_, which is complete now.
  std::size_t next = 0;
  for (std::size_t i = 0; i < e.decision_count; ++i) {
    const runtime::decision_result& dr = e.decisions[i];
    const auto& fields = p.decisions[dr.decision].outcomes[dr.outcome].payload_fields;
    for (std::size_t f = 0; f < fields.size() && f < dr.payload.size(); ++f) {
      r.decisions_[i].payload_.emplace_back(fields[f], r.payload_text_[next++]);
    }
  }
  r.count_ = e.decision_count;
  return r;
}

load_result policy_store::reload(const std::string& path) {
  load_result loaded = policy::load(path);  // outside the lock: readers go on meanwhile
  if (loaded) {
    std::shared_ptr<const policy> previous;
    {
      std::unique_lock lock(mutex_);
      previous = std::exchange(current_, loaded.policy);
    }
    // `previous` is released here, outside the lock, if no session still holds it.
  }
  return loaded;
}

}  // namespace clause
