// The public API of clause: everything a host includes, and all that the `clause` CLI uses.
//
//   clause::load_result loaded = clause::policy::load("rules/mca");
//   if (!loaded) { std::cerr << loaded.render(); return 1; }
//   clause::session session(loaded.policy, {.now = "2024-06-10T12:00:00Z"});  // one per thread
//   const clause::result& r = session.evaluate_json(R"({"partner": …})");
//   for (const clause::decision& d : r.decisions()) use(d.name(), d.outcome(), d.codes());
//
// Guarantees, type by type, are stated where each is declared. In short: loading never throws for
// an author's error (it returns diagnostics); options a host gets wrong are an `options_error`
// thrown by the constructor that takes them; evaluating never throws (a case that does not fit the
// input schema is a result with an error). No type here exposes the compiled form or a third-party
// header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace clause {

namespace runtime {
struct program;
struct raw_case;
struct coverage_counts;
class case_reader;
class case_runner;
class ndjson_feed;
struct resolved_options;
}  // namespace runtime

class coverage;
class policy;
class result;
struct table_row;

// ---------------------------------------------------------------------------------------------
// Loading

enum class severity { error, warning };

// One finding of the checker about the policy's files. Plain values, owned by the caller.
struct diagnostic {
  std::string code;  // `E0201`: documented in lang/README.md
  clause::severity severity = clause::severity::error;
  std::string file;        // as shown to people: `rules/mca/attest.clause`; may be empty
  std::size_t line = 0;    // 1-based; 0 when the finding is about a whole file or the bundle
  std::size_t column = 0;  // 1-based, in characters; 0 as for `line`
  std::string message;     // lowercase, no trailing period, names in `backticks`
  std::string help;        // a suggestion, or empty
};

struct load_result {
  std::shared_ptr<const clause::policy> policy;  // null when the policy has errors
  std::vector<diagnostic> diagnostics;           // errors and warnings, sorted by file and place
  explicit operator bool() const { return policy != nullptr; }
  // The diagnostics as `clause check` prints them: `file:line:col: error[CODE]: …`, the source
  // line and an underline. Empty when there are none.
  const std::string& render() const { return rendered_; }
  // The same as a JSON array of objects (`clause check --format json`); `[]` when there are none.
  const std::string& render_json() const { return rendered_json_; }

 private:
  friend struct policy_loader;
  std::string rendered_, rendered_json_;
};

// What a policy declares that a host may set: a parameter, with its type and default as text.
struct parameter_info {
  std::string name;
  std::string type;  // `bool`, `int`, `string`, `date`, `datetime`, or an enum's name
  std::vector<std::string> values;           // an enum's values; empty otherwise
  std::optional<std::string> default_value;  // absent for an optional parameter without default
};

// A rule of the policy: its id and where it is written (`file:line:column`).
struct rule_info {
  std::string id;
  std::string location;
};

// An outcome a decision may take, with the names of its payload fields (`document(country,
// language)`).
struct outcome_info {
  std::string name;
  std::vector<std::string> payload_fields;
};

// A decision of the policy: its name and its outcomes, from the least to the most severe.
struct decision_info {
  std::string name;
  std::vector<outcome_info> outcomes;
};

// A declaration of a policy, for tools that compare two versions of it (`clause diff`).
struct declaration_info {
  // `input field`, `record field`, `enum value`, `param`, `table row`, `let`, `decision`, `rule`
  // or `message` (a rule's message, and each of its translations).
  std::string kind;
  // Unique within its kind: `partner.type`, `Role.GlobalAdmin`, `countries["SE"]`, a rule's id,
  // `partner-must-attest [ja]` for a translation.
  std::string name;
  std::string location;  // `file:line`
  // Equal for two declarations that mean the same, whatever their layout and comments (a
  // reworded message is a changed `message`, not a changed `rule`). Not meant for people.
  std::string meaning;
  // On one line, for people: a param's type and default, a table row's value, a message's text;
  // empty for rules, lets and decisions.
  std::string shown;
};

// A loaded, checked and compiled policy. Immutable: one policy is shared by any number of
// sessions on any number of threads. Obtained only from `load` or `load_files`.
class policy {
 public:
  // `path` is a bundle directory (entry `policy.clause`) or a single `.clause` file.
  static load_result load(const std::string& path);
  // A bundle given by the host: relative path -> text (`policy.clause`, `data/countries.yaml`).
  // Imports and data files are looked up in `files` only.
  static load_result load_files(std::map<std::string, std::string> files,
                                const std::string& entry = "policy.clause");
  // The policy at `path` asked one more question, `expression` (`clause eval --expr`): an
  // expression of the language, checked against the input schema with the policy's lets and
  // params in scope (diagnostics name it `--expr`). Each decided case then has the decision
  // `expression_decision`: outcome `value` with the expression's value as its payload field
  // `value`, or outcome `absent`. `expression_type()` is the expression's type, as authors write
  // types (`int`, `list<Role>`).
  static load_result load_with_expression(const std::string& path, std::string_view expression);
  static constexpr std::string_view expression_decision = "clause_expression";
  const std::string& expression_type() const { return expression_type_; }

  std::string_view name() const;
  std::string_view version() const;
  const std::vector<parameter_info>& parameters() const { return parameters_; }
  const std::vector<rule_info>& rules() const { return rules_; }
  // The names of the policy's decisions, in the order records list them.
  const std::vector<std::string>& decision_names() const { return decision_names_; }
  // The same decisions with their outcomes and payload fields (what a test may expect of them).
  const std::vector<decision_info>& decisions() const { return decisions_; }
  // The language tags the policy's messages are translated into, sorted, lowercase (`ja`, `zh-tw`).
  const std::vector<std::string>& locales() const { return locales_; }
  // Every declaration, by kind (in the order `declaration_info::kind` lists them), then in file
  // order. Made on each call.
  std::vector<declaration_info> declarations() const;

  ~policy();
  policy(const policy&) = delete;
  policy& operator=(const policy&) = delete;

 private:
  friend struct policy_access;
  friend struct policy_loader;
  explicit policy(std::shared_ptr<const runtime::program> p);
  std::shared_ptr<const runtime::program> program_;
  std::vector<parameter_info> parameters_;
  std::vector<rule_info> rules_;
  std::vector<std::string> decision_names_;
  std::vector<decision_info> decisions_;
  std::vector<std::string> locales_;
  std::string expression_type_;
};

// ---------------------------------------------------------------------------------------------
// Evaluating

// A parameter set by the host for a session, as text: `true`, `42`, `2024-06-10`,
// `2024-06-10T12:00:00Z`, an enum value's name, or any text for a `string` parameter.
struct parameter_value {
  std::string name;
  std::string value;
};

struct session_options {
  // `2024-06-10T12:00:00Z` or `2024-06-10`; absent: the system clock at each evaluation.
  std::optional<std::string> now = std::nullopt;
  std::string locale = "en";  // for cases without a `locale`
  bool explain = false;       // records say which rules fired and why the others did not
  // With `explain`: each let the case evaluated also says how it got its value (a `bool` let:
  // the part that made it true, or the first part that was false, with what it read).
  bool explain_lets = false;
  std::vector<parameter_value> params = {};  // override the policy's defaults
  // Counts what the session's cases exercise into this collector (see `coverage`), which must
  // outlive the session. Decides by walking the nodes, as `explain` does: slower.
  clause::coverage* coverage = nullptr;
};

// Options a host got wrong: an unparseable `now`, an empty locale, an unknown parameter, a value
// that does not fit a parameter's type. Thrown by the constructors of `session` and `batch`.
class options_error : public std::invalid_argument {
 public:
  enum class option { policy, now, locale, param };
  options_error(option which, std::string message, std::string name, std::string value,
                std::string expected, std::string help)
      : std::invalid_argument(std::move(message)),
        which_(which),
        name_(std::move(name)),
        value_(std::move(value)),
        expected_(std::move(expected)),
        help_(std::move(help)) {}
  option which() const { return which_; }
  const std::string& name() const { return name_; }          // the parameter's name (param)
  const std::string& value() const { return value_; }        // the text that was given
  const std::string& expected() const { return expected_; }  // what would fit, in words
  const std::string& help() const { return help_; }          // a suggestion, or empty

 private:
  option which_;
  std::string name_, value_, expected_, help_;
};

struct message {
  std::string_view code;
  std::string_view text;
};

// One decision of a result. Its views are valid until the session that made it evaluates again.
class decision {
 public:
  std::string_view name() const { return name_; }
  std::string_view outcome() const { return outcome_; }
  // The outcome's place in the decision's `outcomes` list (0 first) and the list's length:
  // policies list outcomes from the most favourable to the least, so tools can shade by it.
  std::size_t outcome_index() const { return outcome_index_; }
  std::size_t outcome_count() const { return outcome_count_; }
  std::span<const std::string_view> codes() const { return codes_; }
  std::span<const std::string_view> warnings() const { return warnings_; }
  std::span<const message> messages() const { return messages_; }
  // A payload field of the outcome (`country` of a template `document`), as text.
  std::optional<std::string_view> payload(std::string_view field) const;
  std::span<const std::pair<std::string_view, std::string_view>> payload() const {
    return payload_;
  }
  // The same fields as JSON, as the record writes them: a text quoted, an int or bool bare, a
  // list or set as an array (`["AdminAgent","SalesAgent"]`).
  std::span<const std::pair<std::string_view, std::string_view>> payload_json() const {
    return payload_json_;
  }
  // The rules that decided: their ids with their `file:line:column`.
  std::span<const std::pair<std::string_view, std::string_view>> rules() const { return rules_; }
  // In a `unique` decision where more than one rule matched, the ids of all of them, the one that
  // decided first (the decision then carries the warning `RULE_CONFLICT`); otherwise empty.
  std::span<const std::string_view> conflicts() const { return conflicts_; }

 private:
  friend class result;
  std::string_view name_, outcome_;
  std::size_t outcome_index_ = 0, outcome_count_ = 0;
  std::span<const std::string_view> codes_, warnings_;
  std::vector<message> messages_;
  std::vector<std::pair<std::string_view, std::string_view>> payload_, payload_json_;
  std::vector<std::pair<std::string_view, std::string_view>> rules_;
  std::vector<std::string_view> conflicts_;
};

// How a record is written (contract sections 4 to 6): a line of JSON (no newline), a YAML document
// (`---` first), or the explanation text people read (`clause eval --format table --explain`).
enum class record_format { json, yaml, explanation };

// The outcome of one case: its decisions, or the error that kept it from being decided. Owned by
// the session that made it and valid until that session evaluates again; a result is never copied.
// Records and decision views are made only when asked for, and then kept until the next case.
class result {
 public:
  bool ok() const;
  // When not ok: what is wrong, and where (`partner.type`; empty for the whole case).
  std::string_view error() const;
  std::string_view error_path() const;
  std::string_view id() const;  // the case's `id`, or its 1-based position in its input
  std::span<const decision> decisions() const;
  const decision* find(std::string_view name) const;
  // Appends the record in `format` to `out`.
  void write(std::string& out, record_format format) const;
  // The record as `clause eval --format json` writes it (one line, no newline).
  std::string_view json() const;

  result(const result&) = delete;
  result& operator=(const result&) = delete;
  ~result();

 private:
  friend class session;
  friend void table_rows(const result& r, std::vector<table_row>& rows);
  explicit result(const runtime::case_runner& runner);
  void reset();
  const runtime::case_runner& runner_;
  mutable std::optional<std::string> json_;
  mutable std::vector<decision> decisions_;
  mutable std::vector<std::string> payload_text_, payload_json_text_;
  mutable bool decisions_made_ = false;
};

// A case cut out of its input by a `case_reader`, ready to be evaluated: JSON text, a YAML
// document, or the reason it could not be read (which evaluates to an error record). Movable;
// reusing one for the next case reuses its storage.
class case_input {
 public:
  case_input();
  ~case_input();
  case_input(case_input&&) noexcept;
  case_input& operator=(case_input&&) noexcept;
  std::string_view file() const;  // as given; `-` for standard input
  std::size_t line() const;       // where the case starts in it, 1-based
  std::size_t position() const;   // the case's 1-based position in its file
  // False when the case could not be read (a YAML document or JSON text that does not parse, a
  // file that cannot be opened); evaluating it gives the error record.
  bool readable() const;
  std::string_view unreadable_reason() const;  // `file:line:column: what`, when not readable
  // The case as text: JSON as read, a YAML case written out again; empty when not readable.
  std::string text() const;
  // The size of its text as read: about what holding it weighs (a page of cases can be bounded
  // by it as well as by a count).
  std::size_t bytes() const;

 private:
  friend class case_reader;
  friend class ndjson_feed;
  friend class session;
  std::unique_ptr<runtime::raw_case> raw_;
};

// Cuts files into cases (contract section 5): YAML (one or several `---` documents, a document
// holding a list of cases), JSON (an object or an array of cases) or NDJSON (an object per line),
// told apart by their first characters. All three are streamed (a JSON document is read twice,
// element by element; from a pipe, through a temporary file): memory stays flat whatever the size.
// A file that cannot be read, or a part of one that does not parse, becomes a `case_input` that
// evaluates to an error record naming `file:line:column`; reading goes on.
class case_reader {
 public:
  explicit case_reader(std::vector<std::string> files);  // `-`: standard input
  // One input a host already holds open, `fd` (taken over: the reader closes it), named `name`
  // in records and told apart by `name`'s extension as a file is (`request.ndjson`): how a
  // service reads a request's body with the rules of `clause eval`.
  case_reader(int fd, std::string name);
  ~case_reader();
  case_reader(const case_reader&) = delete;
  case_reader& operator=(const case_reader&) = delete;
  // The next case, or false when every file is read.
  bool next(case_input& out);

 private:
  std::unique_ptr<runtime::case_reader> impl_;
};

// NDJSON that arrives a part at a time, as a service reads a request body from its socket: the
// cases of its lines by the rules `case_reader` applies to an NDJSON file named `name` (lines
// numbered across parts, blank lines skipped, a line larger than the largest case an error record
// naming its line). It holds the part not yet handed out and the line being completed, never more
// of that line than the largest case: memory stays flat however long the stream.
class ndjson_feed {
 public:
  explicit ndjson_feed(std::string name);
  ~ndjson_feed();
  ndjson_feed(const ndjson_feed&) = delete;
  ndjson_feed& operator=(const ndjson_feed&) = delete;
  void feed(std::string_view bytes);  // the next bytes of the stream
  void finish();                      // no more bytes: a last line without a newline is a case too
  // The case of the next complete line; false when more bytes are needed (after finish(): at the
  // end).
  bool next(case_input& out);

 private:
  std::unique_ptr<runtime::ndjson_feed> impl_;
};

// Evaluates cases one after another on one thread, reusing its buffers: after the first cases, a
// session allocates nothing per case. Not thread-safe: give each thread its own session.
class session {
 public:
  // Throws `options_error` when `p` is null (a failed load) or an option does not fit the policy.
  explicit session(std::shared_ptr<const policy> p, session_options options = {});
  ~session();
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  const result& evaluate_json(std::string_view case_json);
  const result& evaluate_yaml(std::string_view case_yaml);
  const result& evaluate(const case_input& input);

  const clause::policy& loaded_policy() const { return *policy_; }

 private:
  std::shared_ptr<const clause::policy> policy_;
  std::unique_ptr<runtime::resolved_options> options_;
  std::unique_ptr<runtime::case_runner> runner_;
  std::unique_ptr<result> result_;
};

// What a run of cases exercised of a policy beyond its rules (`clause test`'s coverage): which
// `let`s were evaluated, and for each `and` / `or` in a rule's condition or a let's value, which of
// its parts ever decided it. In `a and b`, `a` decides when it is false and `b` when `a` is true
// (and `or` the other way round); in a longer chain, the part evaluation stops at decides. A `not`
// over a chain does not change which part decides. Chains inside an `if` or a quantifier count
// each time they are evaluated (for a quantifier, once per element). A let whose value is a
// constant is never computed and is not listed. Given to sessions through
// `session_options::coverage`, a collector is filled case after case, by one session at a time
// (not by a `batch` of several threads).
class coverage {
 public:
  // Throws `options_error` when `p` is null.
  explicit coverage(std::shared_ptr<const policy> p);
  ~coverage();
  coverage(const coverage&) = delete;
  coverage& operator=(const coverage&) = delete;

  struct let_use {
    std::string name;
    std::string location;  // `file:line:column` of its name
    bool evaluated = false;
  };
  struct condition_part {
    std::string owner;           // `rule ID` or `let NAME`: whose condition or value holds it
    std::string owner_location;  // `file:line:column` of the rule or the let
    std::string location;        // of the part
    std::string text;            // the part as written, on one line
    bool decisive = false;       // it decided its chain in at least one case
  };
  // In declaration order; parts in the order they are written, rule by rule, then let by let.
  std::vector<let_use> lets() const;
  std::vector<condition_part> parts() const;

 private:
  friend class session;
  std::shared_ptr<const policy> policy_;
  std::unique_ptr<runtime::coverage_counts> counts_;
};

// Many cases on several threads, each thread with a session of its own. `start` hands out
// inputs[i] for every i and returns; `each(i, r)` is called once per case, in no particular order,
// on the thread that decided it, while `r` is valid: it must only touch what belongs to case i,
// and must not throw. `wait` returns when all are done; a `start` waits for the batch before it.
// The threads are made by the first `start` and kept until the batch is destroyed, so a host may
// start a small batch per request; they take the cases a few at a time, so slow cases do not hold
// one thread back while the others idle. With one thread, `start` decides everything itself
// before it returns (no thread is made).
class batch {
 public:
  // Throws `options_error` as `session` does; `threads` from 1.
  batch(std::shared_ptr<const policy> p, const session_options& options, unsigned threads);
  ~batch();
  batch(const batch&) = delete;
  batch& operator=(const batch&) = delete;
  using callback = std::function<void(std::size_t, const result&)>;
  void start(std::span<const case_input> inputs, callback each);
  void wait();

 private:
  struct workers;
  std::unique_ptr<workers> workers_;
};

// ---------------------------------------------------------------------------------------------
// Tables for people (`clause eval --format table`)

// A row: one decision of a case, or a case's error. `tone` shades the outcome: the first of a
// decision's outcomes is `good`, the last `bad`, those between `neutral`.
struct table_row {
  enum class shade { good, neutral, bad, error };
  std::string id, decision, outcome, payload, codes, warnings;
  shade tone = shade::neutral;
};

// Appends the rows of `r` to `rows`: a row per decision (one row of dashes when none applies), or
// one error row whose `codes` cell holds the error.
void table_rows(const result& r, std::vector<table_row>& rows);

struct table_options {
  // The widest a line may be, in characters: long cells wrap onto more lines within their column.
  // 0: no limit (every cell on one line).
  std::size_t width = 0;
  bool colour = false;  // ANSI colours for the header and the outcomes
};

// Writes rows page by page: each `write` aligns the rows added since the last one (so memory stays
// flat whatever the number of cases), the header above the first page only, and lists the errors
// of the page below it.
class table {
 public:
  explicit table(table_options options = {}) : options_(options) {}
  void add(table_row row) { rows_.push_back(std::move(row)); }
  void write(std::string& out);
  std::size_t pending() const { return rows_.size(); }  // rows added and not yet written
  std::size_t errors() const { return errors_; }        // error rows written so far

 private:
  table_options options_;
  std::vector<table_row> rows_;
  bool header_written_ = false;
  std::size_t errors_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Services

// The current policy of a service, reloadable while readers evaluate. A reload loads and checks
// the new version first, with no lock held, and swaps it in only when it loaded: readers never wait
// for a reload's work, only (rarely) for the pointer exchange itself, and they never see a
// version that does not load. Sessions keep the policy they started with. Thread-safe.
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

// The version of the engine (not of a policy).
std::string_view engine_version();

}  // namespace clause
