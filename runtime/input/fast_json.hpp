// The fast path of a JSON case: simdjson's DOM parser, which validates all of RFC 8259 (UTF-8,
// escapes, numbers, structure, nothing after the value) at memory speed, and the binder
// (schema_binder.hpp) reading its tape directly, each record's members bound in one pass in their
// order, the first failure ending it. A case that fails is bound again on the same tape in the
// fields' order, which words its first failure as the contract orders them. What simdjson does not
// parse, or a failure that names a number (whose text simdjson does not keep), is left to the
// reference path (json::document and bind_json), which knows where a syntax error is and holds
// every number's text: so a case's record, error or decision, is the same on both paths, and
// simdjson's own headers stay in fast_json.cpp.
//
// The paths accept the same texts and bind them alike: both refuse what RFC 8259 refuses and nest
// at most json::max_depth levels; a number simdjson does not hold (an integer past 64 bits, a
// double past its range) is a failure here and the reference path's to read; an integer past
// std::int64_t is a number, not an integer, on both. tests/runtime/input/fast_json_test.cpp and the
// bind_eval fuzz target compare them.
#pragma once

#include <memory>
#include <string_view>

#include "runtime/eval/evaluate.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/program/program.hpp"

namespace clause::runtime {

class fast_json {
 public:
  fast_json();
  ~fast_json();
  fast_json(const fast_json&) = delete;
  fast_json& operator=(const fast_json&) = delete;

  // Bytes after a text that the parser may read (not use): with that many readable after it
  // (`readable_after`, a string's capacity past its size, say), `text` is parsed in place rather
  // than copied into a padded buffer first.
  static constexpr std::size_t padding = 64;

  enum class outcome {
    bound,    // `out` holds the case
    refused,  // the case does not fit the input schema: `error` says where and why
    unknown,  // not parsed, or its failure names a number: the reference path's to tell
  };

  // Parses `text` as one JSON value and binds it into `out` (whose storage is reused). On
  // `refused`, `error` holds the first failure in the fields' order, worded as bind_json words it;
  // on `unknown`, neither `out` nor `error` holds anything of use.
  outcome bind(const program& p, std::string_view text, bound_case& out, bind_error& error,
               std::size_t readable_after = 0);

 private:
  struct state;
  std::unique_ptr<state> state_;
};

}  // namespace clause::runtime
