#include "lang/data.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "lang/limits.hpp"
#include "lang/suggest.hpp"
#include "lang/yaml_scalar.hpp"

namespace clause::lang {

namespace {

class yaml_reader {
 public:
  yaml_reader(const source_set& sources, file_id file, const type_table& types, diagnostics& out)
      : sources_(sources), file_(file), types_(types), out_(out) {}

  span where(const YAML::Node& node) const {
    const auto mark = node.Mark();
    const auto size = static_cast<std::uint32_t>(sources_.file(file_).text().size());
    const auto begin = mark.pos < 0 ? 0u : std::min(static_cast<std::uint32_t>(mark.pos), size);
    std::uint32_t length = 1;
    if (node.IsScalar())
      length = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(node.Scalar().size()));
    return {file_, begin, std::min(begin + length, size)};
  }

  // Reports up to a limit, so one systematic mistake does not bury the rest.
  void error(const YAML::Node& node, code c, std::string message, std::string help = {}) {
    if (++errors_ > limits::max_diagnostics_per_file) return;
    if (errors_ == limits::max_diagnostics_per_file) {
      out_.error(c, where(node), "too many errors in this file; stopped reporting them");
      return;
    }
    out_.error(c, where(node), std::move(message), std::move(help));
  }

  std::optional<constant> value(const YAML::Node& node, type_id t, std::size_t depth) {
    if (depth > limits::max_data_depth) {
      error(node, code::limit,
            fmt::format("data nests deeper than {} levels", limits::max_data_depth));
      return std::nullopt;
    }
    constant c;
    c.type = t;
    const type_info& info = types_.info(t);
    auto expected = [&](std::string_view what) {
      error(node, code::data_mismatch,
            fmt::format("expected {}, found {}", what, yaml::describe(node)));
      return std::nullopt;
    };
    switch (info.kind) {
      case type_kind::boolean: {
        auto b = yaml::as_bool(node);
        if (!b) return expected("`true` or `false`");
        c.truth = *b;
        return c;
      }
      case type_kind::integer: {
        auto i = yaml::as_int(node);
        if (!i) return expected("an integer");
        c.number = *i;
        return c;
      }
      case type_kind::string: {
        auto s = yaml::as_string(node);
        if (!s) return expected("a string");
        c.text = std::move(*s);
        return c;
      }
      case type_kind::date: {
        auto s = yaml::as_string(node);
        auto d = s ? parse_date(*s) : std::nullopt;
        if (!d) return expected("a date as `YYYY-MM-DD`");
        c.number = d->days;
        return c;
      }
      case type_kind::datetime: {
        auto s = yaml::as_string(node);
        auto d = s ? parse_datetime(*s) : std::nullopt;
        if (!d) return expected("a datetime as `YYYY-MM-DDThh:mm:ssZ`");
        c.instant = *d;
        return c;
      }
      case type_kind::enumeration: {
        const enum_info& en = types_.enums[info.index];
        auto s = yaml::as_string(node);
        auto v = s ? en.find(*s) : std::nullopt;
        if (!v) {
          error(node, code::data_mismatch,
                fmt::format("expected a value of `{}`, found {}", en.name, yaml::describe(node)),
                s ? did_you_mean(*s, en.values) : std::string{});
          return std::nullopt;
        }
        c.number = *v;
        return c;
      }
      case type_kind::list:
      case type_kind::set: {
        if (!node.IsSequence())
          return expected(fmt::format("a list of {}", types_.name(info.element)));
        std::set<std::string> seen;
        for (const auto& item : node) {
          auto v = value(item, info.element, depth + 1);
          if (!v) return std::nullopt;
          if (info.kind == type_kind::set && !seen.insert(constant_key(*v)).second) continue;
          c.items.push_back(std::move(*v));
        }
        return c;
      }
      case type_kind::record:
        return record(node, t, depth);
      default:
        error(node, code::data_mismatch,
              fmt::format("values of {} cannot be read from a data file", types_.name(t)));
        return std::nullopt;
    }
  }

  std::optional<constant> record(const YAML::Node& node, type_id t, std::size_t depth) {
    const record_info& r = types_.records[types_.info(t).index];
    if (!node.IsMap()) {
      error(node, code::data_mismatch,
            fmt::format("expected a mapping with the fields of `{}`, found {}", r.name,
                        yaml::describe(node)));
      return std::nullopt;
    }
    constant c;
    c.type = t;
    bool ok = true;
    for (const field_info& f : r.fields) {
      const YAML::Node child = node[f.name];
      if (!child.IsDefined() || yaml::classify(child) == yaml::scalar_kind::null) {
        if (f.default_constant) {
          c.items.push_back(*f.default_constant);
        } else if (f.optional) {
          constant absent;
          absent.type = f.type;
          absent.present = false;
          c.items.push_back(std::move(absent));
        } else {
          error(child.IsDefined() ? child : node, code::data_mismatch,
                child.IsDefined()
                    ? fmt::format("field `{}` of `{}` is empty", f.name, r.name)
                    : fmt::format("this `{}` is missing its field `{}`", r.name, f.name));
          ok = false;
        }
        continue;
      }
      auto v = value(child, f.type, depth + 1);
      if (!v) {
        ok = false;
        continue;
      }
      c.items.push_back(std::move(*v));
    }
    // A key the record does not declare is most likely a typo of one it does.
    for (const auto& kv : node) {
      if (!kv.first.IsScalar() || r.find(kv.first.Scalar())) continue;
      std::vector<std::string> names;
      for (const auto& f : r.fields)
        names.push_back(f.name);
      error(kv.first, code::data_mismatch,
            fmt::format("`{}` has no field `{}`", r.name, kv.first.Scalar()),
            did_you_mean(kv.first.Scalar(), names).empty()
                ? fmt::format("declare it in `{}`, or remove it from the data", r.name)
                : did_you_mean(kv.first.Scalar(), names));
      ok = false;
    }
    if (!ok) return std::nullopt;
    return c;
  }

 private:
  const source_set& sources_;
  file_id file_;
  const type_table& types_;
  diagnostics& out_;
  std::size_t errors_ = 0;
};

}  // namespace

void load_yaml_table(const source_set& sources, file_id file,
                     const std::optional<std::string>& at_key, span declared_at,
                     const type_table& types, table_info& table, diagnostics& out) {
  const source_file& src = sources.file(file);
  if (src.text().size() > limits::max_data_bytes) {
    out.error(code::limit, declared_at,
              fmt::format("`{}` is larger than {} MiB", src.path(), limits::max_data_bytes >> 20));
    return;
  }
  YAML::Node root;
  try {
    root = YAML::Load(src.text());
  } catch (const YAML::Exception& e) {
    const auto pos = static_cast<std::uint32_t>(std::max(0, e.mark.pos));
    out.error(code::yaml_syntax, span{file, pos, pos + 1}, e.msg);
    return;
  }
  yaml_reader reader(sources, file, types, out);
  YAML::Node rows = root;
  if (at_key) {
    if (!root.IsMap() || !root[*at_key].IsDefined()) {
      std::vector<std::string> keys;
      if (root.IsMap()) {
        for (const auto& kv : root) {
          if (kv.first.IsScalar()) keys.push_back(kv.first.Scalar());
        }
      }
      out.error(code::data_key_missing, declared_at,
                fmt::format("`{}` has no top-level key `{}`", src.path(), *at_key),
                did_you_mean(*at_key, keys));
      return;
    }
    rows = root[*at_key];
  }
  if (rows.IsNull()) return;  // an empty table
  if (!rows.IsMap()) {
    reader.error(
        rows, code::data_mismatch,
        fmt::format("expected a mapping from key to value, found {}", yaml::describe(rows)));
    return;
  }
  if (rows.size() > limits::max_table_entries) {
    reader.error(rows, code::limit,
                 fmt::format("a table holds at most {} entries", limits::max_table_entries));
    return;
  }
  std::set<std::string> seen;
  for (const auto& kv : rows) {
    auto key = reader.value(kv.first, table.key, 1);
    auto value = reader.value(kv.second, table.value, 1);
    if (!key || !value) continue;
    if (!seen.insert(constant_key(*key)).second) {
      reader.error(kv.first, code::data_duplicate_key,
                   fmt::format("table `{}` has the key `{}` twice", table.name,
                               kv.first.IsScalar() ? kv.first.Scalar() : "?"));
      continue;
    }
    table.rows.emplace_back(std::move(*key), std::move(*value));
  }
}

}  // namespace clause::lang
