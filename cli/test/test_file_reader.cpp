#include "cli/test/test_file_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <new>
#include <set>
#include <sstream>

#include "lang/location.hpp"
#include "lang/suggest.hpp"
#include "lang/yaml_scalar.hpp"

namespace clause::cli::test {

std::string place::text() const {
  return column ? lang::format_location(file, line, column) : lang::format_location(file, line);
}

namespace {

// A test file is read whole (its cases are checked before any runs): this much at most.
constexpr std::uintmax_t max_file_bytes = std::uintmax_t{64} << 20;

// The keys a test may give for a decision, besides its payload fields.
const std::vector<std::string> decision_keys = {"outcome", "codes", "warnings", "messages"};

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    out += fmt::format("{}`{}`", i == 0 ? "" : ", ", names[i]);
  return out.empty() ? "none" : out;
}

// "did you mean `x`? " when a name is close, then `rest`.
std::string suggest(std::string_view wanted, const std::vector<std::string>& names,
                    const std::string& rest) {
  const std::string guess = lang::did_you_mean(wanted, names);
  return guess.empty() ? rest : guess + " " + rest;
}

class reader {
 public:
  reader(const std::string& path, const policy& p) : p_(p) { out_.path = path; }

  test_file read() {
    std::string text;
    if (!load(text)) return std::move(out_);
    std::vector<YAML::Node> documents;
    try {
      documents = YAML::LoadAll(text);
    } catch (const YAML::Exception& e) {
      fail(mark(e.mark), {}, fmt::format("not valid YAML: {}", e.msg),
           "a test file holds YAML documents, each a test case or a list of them");
      return std::move(out_);
    } catch (const std::bad_alloc&) {
      fail({out_.path, 1, 0}, {}, "out of memory reading this file", {});
      return std::move(out_);
    }
    out_.parsed = true;
    // As `clause::case_reader` cuts the file: an empty document holds no case, a list holds a
    // case per item, anything else is one case.
    for (const YAML::Node& document : documents) {
      try {
        if (!document || document.IsNull()) continue;
        if (document.IsSequence()) {
          for (const YAML::Node& item : document)
            one_case(item);
        } else {
          one_case(document);
        }
      } catch (const YAML::Exception& e) {
        // (Not expected: every node is looked at by its kind first.)
        fail(mark(e.mark), {}, fmt::format("cannot read this document: {}", e.msg), {});
      }
    }
    if (out_.cases.empty()) {
      fail({out_.path, 1, 0}, {}, "the file holds no test case",
           "a test case is a mapping of the case's fields with an `expect` key");
    }
    return std::move(out_);
  }

 private:
  bool load(std::string& text) {
    std::error_code ec;
    if (const auto size = std::filesystem::file_size(out_.path, ec); !ec && size > max_file_bytes) {
      fail({out_.path, 1, 0}, {},
           fmt::format("this test file is larger than {} MiB, the most one may hold",
                       max_file_bytes >> 20),
           "split it into several files");
      return false;
    }
    std::ifstream in(out_.path, std::ios::binary);
    std::ostringstream buffer;
    if (in) buffer << in.rdbuf();
    if (!in || in.bad()) {
      fail({out_.path, 1, 0}, {}, "cannot read this file", {});
      return false;
    }
    text = std::move(buffer).str();
    return true;
  }

  place mark(const YAML::Mark& m) const {
    if (m.is_null()) return {out_.path, 1, 0};
    const lang::line_column at = lang::locate_yaml_mark(m);
    return {out_.path, at.line, at.column};
  }

  void fail(place at, std::string case_id, std::string message, std::string help) {
    out_.mistakes.push_back(
        make_mistake(std::move(at), std::move(case_id), std::move(message), std::move(help)));
  }

  // The keys of a mapping, each once: a key given twice is a mistake (YAML keeps both).
  std::vector<std::pair<YAML::Node, YAML::Node>> members(const YAML::Node& map, bool& ok) {
    std::vector<std::pair<YAML::Node, YAML::Node>> out;
    std::set<std::string> seen;
    for (const auto& kv : map) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      if (!kv.first.IsScalar()) {
        fail(mark(kv.first.Mark()), id_, "a key must be a name", {});
        ok = false;
        continue;
      }
      if (!seen.insert(key).second) {
        fail(mark(kv.first.Mark()), id_, fmt::format("`{}` is given twice", key),
             "keep one of them");
        ok = false;
        continue;
      }
      out.emplace_back(kv.first, kv.second);
    }
    return out;
  }

  static const YAML::Node* find(const std::vector<std::pair<YAML::Node, YAML::Node>>& members,
                                std::string_view key) {
    for (const auto& [k, v] : members) {
      if (k.Scalar() == key) return &v;
    }
    return nullptr;
  }

  // A scalar that is text (a quoted scalar, or a plain one that is not a number, a bool or null).
  bool text_of(const YAML::Node& n, std::string_view what, std::string& out,
               std::string help = {}) {
    if (const auto s = lang::yaml::as_string(n)) {
      out = *s;
      return true;
    }
    const std::string found = lang::yaml::describe(n);
    if (n.IsScalar()) help = fmt::format("quote it: `\"{}\"`", n.Scalar());
    fail(mark(n.Mark()), id_, fmt::format("{} must be a string, found {}", what, found), help);
    return false;
  }

  bool text_list(const YAML::Node& n, std::string_view key, std::vector<std::string>& out) {
    if (!n.IsSequence()) {
      fail(mark(n.Mark()), id_,
           fmt::format("`{}` must be a list, found {}", key, lang::yaml::describe(n)),
           fmt::format("write `{}: [{}]`, or `{}: []` for none", key,
                       n.IsScalar() ? n.Scalar() : "CODE", key));
      return false;
    }
    for (const YAML::Node& item : n) {
      std::string text;
      if (!text_of(item, fmt::format("each of `{}`", key), text)) return false;  // (once a list)
      out.push_back(std::move(text));
    }
    std::sort(out.begin(), out.end());
    return true;
  }

  void one_case(const YAML::Node& node) {
    test_case& c = out_.cases.emplace_back();
    c.id = std::to_string(out_.cases.size());
    c.at = mark(node.Mark());
    id_.clear();
    if (!node.IsMap()) {
      fail(c.at, {},
           fmt::format("a test case is a mapping of the case's fields and `expect`, found {}",
                       lang::yaml::describe(node)),
           "a test file holds YAML documents (separated by `---`), each a test case or a list of "
           "them");
      return;
    }
    bool ok = true;
    const auto keys = members(node, ok);
    if (const YAML::Node* id = find(keys, "id"); id && !id->IsNull()) {
      std::string text;
      if (text_of(*id, "`id`", text)) {
        c.id = text;
        c.named = true;
        id_ = text;
      } else {
        ok = false;
      }
    }
    const YAML::Node* expect = find(keys, "expect");
    if (!expect) {
      std::vector<std::string> names;
      for (const auto& kv : keys)
        names.push_back(kv.first.Scalar());
      std::string help;
      for (const std::string& name : names) {
        if (name != "expect" && lang::closest_name(name, {"expect"})) {
          help = fmt::format("`{}` is not `expect`: did you mean `expect`?", name);
        }
      }
      if (help.empty()) {
        bool holds_cases = false;
        for (const auto& kv : keys) {
          holds_cases = holds_cases || kv.second.IsSequence() ||
                        (kv.second.IsMap() && kv.second["expect"].IsDefined());
        }
        help = holds_cases && names.size() <= 2
                   ? "a test file is not a mapping of cases: write each case as a document of "
                     "its own (separated by `---`) or as an item of a top-level list"
                   : "add `expect:`, naming the decisions the case gets (`{}` for none) or the "
                     "error it gives (`error: {path: FIELD}`)";
      }
      fail(c.at, id_, "the case has no `expect`", help);
      return;
    }
    if (!expectation(*expect, c)) ok = false;
    c.runnable = ok;
  }

  bool expectation(const YAML::Node& expect, test_case& c) {
    if (!expect.IsMap()) {
      fail(mark(expect.Mark()), id_,
           fmt::format("`expect` must be a mapping, found {}", lang::yaml::describe(expect)),
           "name the decisions the case gets, as in `expect: {decision: {outcome: ...}}`, or the "
           "error, as in `expect: {error: {path: FIELD}}`");
      return false;
    }
    bool ok = true;
    const auto keys = members(expect, ok);
    if (const YAML::Node* error = find(keys, "error")) {
      if (keys.size() > 1) {
        fail(mark(expect.Mark()), id_, "`expect` names an `error` and decisions",
             "a case that does not fit the input gets no decision: keep `error` alone");
        ok = false;
      }
      return expected_error(*error, c) && ok;
    }
    std::vector<std::string> names;
    for (const decision_info& d : p_.decisions())
      names.push_back(d.name);
    for (const auto& [key, value] : keys) {
      const decision_info* d = nullptr;
      for (const decision_info& candidate : p_.decisions()) {
        if (candidate.name == key.Scalar()) d = &candidate;
      }
      if (!d) {
        std::vector<std::string> known = names;
        known.push_back("error");
        fail(mark(key.Mark()), id_, fmt::format("the policy has no decision `{}`", key.Scalar()),
             suggest(key.Scalar(), known,
                     fmt::format("the policy's decisions are {}", quoted_list(names))));
        ok = false;
        continue;
      }
      expected_decision want;
      want.name = d->name;
      if (expected(*d, value, want)) {
        c.decisions.push_back(std::move(want));
      } else {
        ok = false;
      }
    }
    return ok;
  }

  bool expected_error(const YAML::Node& error, test_case& c) {
    if (!error.IsMap()) {
      fail(mark(error.Mark()), id_,
           fmt::format("`error` must be a mapping, found {}", lang::yaml::describe(error)),
           "write `error: {path: FIELD}`, naming the field at fault (`\"\"` for the whole case)");
      return false;
    }
    bool ok = true;
    const auto keys = members(error, ok);
    for (const auto& [key, value] : keys) {
      const std::string& name = key.Scalar();
      if (name == "path") {
        if (value.IsScalar()) {
          c.error_path = value.Scalar();  // a path is text whatever it looks like
        } else {
          fail(mark(value.Mark()), id_,
               fmt::format("`path` must be a field path, found {}", lang::yaml::describe(value)),
               "as in `path: partner.type` or `path: actor.roles[0]`");
          ok = false;
        }
      } else if (name == "code") {
        if (!value.IsScalar() || value.Scalar() != "INVALID_INPUT") {
          fail(mark(value.Mark()), id_, "the only error code is `INVALID_INPUT`",
               "leave `code` out, or write `code: INVALID_INPUT`");
          ok = false;
        }
      } else {
        fail(mark(key.Mark()), id_, fmt::format("`error` has no key `{}`", name),
             suggest(name, {"path", "code"}, "an expected error has a `path` and a `code`"));
        ok = false;
      }
    }
    if (!find(keys, "path") && ok) {
      fail(mark(error.Mark()), id_, "`error` needs the `path` of the field at fault",
           "as in `error: {path: partner.type}`; `path: \"\"` for the whole case");
      ok = false;
    }
    return ok;
  }

  bool expected(const decision_info& d, const YAML::Node& n, expected_decision& want) {
    if (!n.IsMap()) {
      fail(mark(n.Mark()), id_,
           fmt::format("what `{}` expects must be a mapping, found {}", d.name,
                       lang::yaml::describe(n)),
           "as in `{outcome: ..., codes: [...]}`; `{}` when only its presence is expected");
      return false;
    }
    std::vector<std::string> outcomes, fields;
    for (const outcome_info& o : d.outcomes) {
      outcomes.push_back(o.name);
      for (const std::string& f : o.payload_fields) {
        if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
      }
    }
    bool ok = true;
    const auto keys = members(n, ok);
    for (const auto& [key, value] : keys) {
      const std::string& name = key.Scalar();
      if (name == "outcome") {
        std::string outcome;
        if (!text_of(
                value, "`outcome`", outcome,
                fmt::format("one of the outcomes of `{}`: {}", d.name, quoted_list(outcomes)))) {
          ok = false;
        } else if (std::find(outcomes.begin(), outcomes.end(), outcome) == outcomes.end()) {
          fail(mark(value.Mark()), id_,
               fmt::format("decision `{}` has no outcome `{}`", d.name, outcome),
               suggest(outcome, outcomes,
                       fmt::format("its outcomes are {}", quoted_list(outcomes))));
          ok = false;
        } else {
          want.outcome = outcome;
        }
      } else if (name == "codes" || name == "warnings") {
        std::vector<std::string> list;
        if (text_list(value, name, list)) {
          (name == "codes" ? want.codes : want.warnings) = std::move(list);
        } else {
          ok = false;
        }
      } else if (name == "messages") {
        ok = messages(value, want) && ok;
      } else if (std::find(fields.begin(), fields.end(), name) != fields.end()) {
        if (value.IsScalar()) {
          want.payload.emplace_back(name, value.Scalar());
        } else {
          fail(mark(value.Mark()), id_,
               fmt::format("payload field `{}` must be a value, found {}", name,
                           lang::yaml::describe(value)),
               {});
          ok = false;
        }
      } else if (name == "error") {
        fail(mark(key.Mark()), id_, fmt::format("`error` is not expected of decision `{}`", d.name),
             "an error goes directly under `expect`: `expect: {error: {path: FIELD}}`");
        ok = false;
      } else {
        std::vector<std::string> known = decision_keys;
        known.insert(known.end(), fields.begin(), fields.end());
        known.push_back("error");
        std::string keys_text = fields.empty() ? "`outcome`, `codes`, `warnings` and `messages`"
                                               : "`outcome`, `codes`, `warnings`, `messages`";
        if (!fields.empty())
          keys_text += fmt::format(" and its payload fields {}", quoted_list(fields));
        fail(mark(key.Mark()), id_,
             fmt::format("`{}` is not something a test expects of decision `{}`", name, d.name),
             suggest(name, known, fmt::format("a test may expect {} of it", keys_text)));
        ok = false;
      }
    }
    return ok;
  }

  bool messages(const YAML::Node& n, expected_decision& want) {
    if (!n.IsSequence()) {
      fail(mark(n.Mark()), id_,
           fmt::format("`messages` must be a list, found {}", lang::yaml::describe(n)),
           "as in `messages: [{code: CODE, text: \"...\"}]`");
      return false;
    }
    bool ok = true;
    for (const YAML::Node& m : n) {
      if (!m.IsMap()) {
        fail(mark(m.Mark()), id_,
             fmt::format("a message must be a mapping of `code` and `text`, found {}",
                         lang::yaml::describe(m)),
             "as in `{code: CODE, text: \"...\"}`");
        ok = false;
        continue;
      }
      bool fine = true;
      const auto keys = members(m, fine);
      expected_message message;
      for (const auto& [key, value] : keys) {
        const std::string& name = key.Scalar();
        if (name == "code" || name == "text") {
          if (value.IsScalar()) {
            (name == "code" ? message.code : message.text) = value.Scalar();
          } else {
            fail(mark(value.Mark()), id_,
                 fmt::format("`{}` must be a string, found {}", name, lang::yaml::describe(value)),
                 {});
            fine = false;
          }
        } else {
          fail(mark(key.Mark()), id_, fmt::format("a message has no key `{}`", name),
               suggest(name, {"code", "text"}, "a message has a `code` and a `text`"));
          fine = false;
        }
      }
      if (fine && (!find(keys, "code") || !find(keys, "text"))) {
        fail(mark(m.Mark()), id_,
             fmt::format("a message needs its `{}`", find(keys, "code") ? "text" : "code"),
             "as in `{code: CODE, text: \"...\"}`");
        fine = false;
      }
      if (fine) want.messages.push_back(std::move(message));
      ok = ok && fine;
    }
    return ok;
  }

  const policy& p_;
  test_file out_;
  std::string id_;  // the id of the case being read, once known
};

}  // namespace

test_file read_test_file(const std::string& path, const policy& p) {
  try {
    return reader(path, p).read();
  } catch (const YAML::Exception& e) {
    test_file out;
    out.path = path;
    const lang::line_column at = lang::locate_yaml_mark(e.mark);
    out.mistakes.push_back(
        make_mistake({path, at.line, at.column}, {}, "cannot read this file: " + e.msg, {}));
    return out;
  }
}

}  // namespace clause::cli::test
