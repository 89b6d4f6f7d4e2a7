// Loading policies: `policy::load`, `policy::load_files`, the diagnostics hosts read, and the
// reloadable `policy_store`.
#include "clause/clause.hpp"

#include <algorithm>
#include <mutex>
#include <utility>

#include "lang/bundle.hpp"
#include "lang/declarations.hpp"
#include "lang/diagnostic.hpp"
#include "runtime/api/options.hpp"
#include "runtime/api/policy_access.hpp"
#include "runtime/api/policy_loader.hpp"
#include "runtime/eval/evaluate.hpp"

namespace clause {

namespace {

std::vector<diagnostic> listed(const lang::diagnostics& ds, const lang::source_set& sources) {
  std::vector<diagnostic> out;
  out.reserve(ds.size());
  for (const lang::diagnostic& d : ds.items()) {
    diagnostic item;
    item.code = lang::code_id(d.id);
    item.severity = d.level == lang::severity::error ? severity::error : severity::warning;
    item.message = d.message;
    item.help = d.help;
    if (d.where) {
      const lang::source_file& file = sources.file(d.where->file);
      const lang::line_column at = file.locate(d.where->begin);
      item.file = file.path();
      item.line = at.line;
      item.column = at.column;
    } else {
      item.file = d.path;
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

load_result policy_loader::finish(lang::load_result loaded, std::string expression_type) {
  load_result out;
  try {
    loaded.diags.sort();
    out.diagnostics = listed(loaded.diags, *loaded.sources);
    out.rendered_ = lang::render(loaded.diags, *loaded.sources);
    out.rendered_json_ = lang::render_json(loaded.diags, *loaded.sources);
    if (loaded.bundle) {
      auto made = std::shared_ptr<policy>(new policy(runtime::compile(loaded.bundle)));
      made->expression_type_ = std::move(expression_type);
      out.policy = std::move(made);
    }
  } catch (const std::exception& e) {  // out of memory and the like: still not an exception
    out.policy.reset();
    out.rendered_ = std::string("error: the policy could not be loaded: ") + e.what() + "\n";
  }
  return out;
}

load_result policy_loader::finish_error(const char* what) {
  load_result out;
  out.rendered_ = std::string("error: the policy could not be loaded: ") + what + "\n";
  return out;
}

load_result policy::load(const std::string& path) {
  try {
    return policy_loader::finish(lang::load_bundle_path(path));
  } catch (const std::exception& e) {
    return policy_loader::finish_error(e.what());
  }
}

load_result policy::load_files(std::map<std::string, std::string> files, const std::string& entry) {
  try {
    const lang::memory_files source(std::move(files));
    return policy_loader::finish(lang::load_bundle(source, entry));
  } catch (const std::exception& e) {
    return policy_loader::finish_error(e.what());
  }
}

policy::policy(std::shared_ptr<const runtime::program> p) : program_(std::move(p)) {
  for (const runtime::compiled_param& param : program_->params) {
    parameter_info info;
    info.name = param.name;
    info.type = runtime::type_name(*param.type);
    if (param.type->kind == lang::type_kind::enumeration && param.type->enum_values) {
      info.values = *param.type->enum_values;
    }
    if (param.default_value.kind != runtime::value_kind::absent) {
      std::string text;
      runtime::append_value(text, param.default_value, param.type->enum_values);
      info.default_value = std::move(text);
    }
    parameters_.push_back(std::move(info));
  }
  for (const runtime::compiled_rule& rule : program_->rules) {
    rules_.push_back({rule.id, rule.location});
    for (const auto& [tag, text] : rule.translations)
      locales_.push_back(tag);
  }
  std::sort(locales_.begin(), locales_.end());
  locales_.erase(std::unique(locales_.begin(), locales_.end()), locales_.end());
  for (const runtime::compiled_decision& d : program_->decisions) {
    decision_names_.push_back(d.name);
    decision_info info{d.name, {}};
    for (const runtime::compiled_outcome& o : d.outcomes)
      info.outcomes.push_back({o.name, o.payload_fields});
    decisions_.push_back(std::move(info));
  }
}

policy::~policy() = default;

std::string_view policy::name() const {
  return program_->source->header.id.text;
}
std::string_view policy::version() const {
  return program_->source->header.version;
}

std::vector<declaration_info> policy::declarations() const {
  const lang::checked_bundle& b = *program_->source;
  std::vector<declaration_info> out;
  for (lang::declaration& d : lang::list_declarations(b)) {
    const lang::source_file& file = b.sources->file(d.where.file);
    out.push_back({std::string(d.kind), std::move(d.name),
                   lang::format_location(file.path(), file.locate(d.where.begin).line),
                   std::move(d.meaning), std::move(d.shown)});
  }
  return out;
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
