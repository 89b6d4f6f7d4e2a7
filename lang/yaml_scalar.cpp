#include "lang/yaml_scalar.hpp"

#include <charconv>

#include "lang/data_tree.hpp"

namespace clause::lang::yaml {

namespace {

bool is_plain(const YAML::Node& node) {
  return node.Tag() == "?";
}

}  // namespace

static bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool is_core_int(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.starts_with("0o"))
    return s.size() > 2 && s.find_first_not_of("01234567", 2) == std::string_view::npos;
  if (s.starts_with("0x")) {
    return s.size() > 2 &&
           s.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string_view::npos;
  }
  return all_digits(s);
}

bool is_core_float(std::string_view s) {
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "-.inf" || s == "-.Inf" || s == "-.INF" ||
      s == "+.inf" || s == "+.Inf" || s == "+.INF" || s == ".nan" || s == ".NaN" || s == ".NAN") {
    return true;
  }
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  const std::size_t e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  if (e != std::string_view::npos) {
    std::string_view exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.remove_prefix(1);
    if (!all_digits(exponent)) return false;
  }
  const std::size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos) return e != std::string_view::npos && all_digits(mantissa);
  const std::string_view whole = mantissa.substr(0, dot), fraction = mantissa.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return false;
  return (whole.empty() || all_digits(whole)) && (fraction.empty() || all_digits(fraction));
}

scalar_kind classify(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return scalar_kind::null;
  if (!node.IsScalar()) return scalar_kind::collection;
  if (!is_plain(node)) return scalar_kind::string;
  switch (classify_plain(node.Scalar())) {
    case plain_kind::null:
      return scalar_kind::null;
    case plain_kind::boolean:
      return scalar_kind::boolean;
    case plain_kind::integer:
      return scalar_kind::integer;
    case plain_kind::floating:
      return scalar_kind::floating;
    case plain_kind::string:
      break;
  }
  return scalar_kind::string;
}

std::optional<bool> as_bool(const YAML::Node& node) {
  if (!node.IsScalar() || classify(node) != scalar_kind::boolean) return std::nullopt;
  return node.Scalar()[0] == 't' || node.Scalar()[0] == 'T';
}

std::optional<std::int64_t> as_int(const YAML::Node& node) {
  if (!node.IsScalar() || classify(node) != scalar_kind::integer) return std::nullopt;
  return parse_core_int(node.Scalar());
}

std::optional<std::int64_t> parse_core_int(std::string_view s) {
  if (!is_core_int(s)) return std::nullopt;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.starts_with("0o")) {
    base = 8;
    s.remove_prefix(2);
  } else if (s.starts_with("0x")) {
    base = 16;
    s.remove_prefix(2);
  }
  std::uint64_t magnitude = 0;
  auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), magnitude, base);
  if (error != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  if (negative) {
    if (magnitude > std::uint64_t{1} << 63) return std::nullopt;
    return static_cast<std::int64_t>(0 - magnitude);
  }
  if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<std::int64_t>(magnitude);
}

std::optional<std::string> as_string(const YAML::Node& node) {
  if (!node.IsScalar() || classify(node) != scalar_kind::string) return std::nullopt;
  return node.Scalar();
}

std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a mapping";
  switch (classify(node)) {
    case scalar_kind::null:
      return "nothing";
    case scalar_kind::collection:
      break;
    case scalar_kind::boolean:
      return "the boolean `" + node.Scalar() + "`";
    case scalar_kind::integer:
    case scalar_kind::floating:
      return "the number `" + node.Scalar() + "`";
    case scalar_kind::string:
      break;
  }
  return "the string `" + node.Scalar() + "`";
}

}  // namespace clause::lang::yaml
