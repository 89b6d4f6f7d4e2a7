#include "lang/data.hpp"

#include <fmt/format.h>

#include <set>

#include "lang/data_tree.hpp"
#include "lang/limits.hpp"
#include "lang/suggest.hpp"
#include "lang/yaml_scalar.hpp"

namespace clause::lang {

namespace {

// The core schema on the data tree: a quoted scalar is a string; a plain one is what it looks like.
std::string describe(const data_node& n) {
  switch (n.form) {
    case data_node::kind::null:
      return "nothing";
    case data_node::kind::sequence:
      return "a list";
    case data_node::kind::mapping:
      return "a mapping";
    case data_node::kind::scalar:
      break;
  }
  if (!n.quoted) {
    switch (classify_plain(n.text)) {
      case plain_kind::boolean:
        return "the boolean `" + n.text + "`";
      case plain_kind::integer:
      case plain_kind::floating:
        return "the number `" + n.text + "`";
      default:
        break;
    }
  }
  return "the string `" + n.text + "`";
}

std::optional<bool> as_bool(const data_node& n) {
  if (n.form != data_node::kind::scalar || n.quoted ||
      classify_plain(n.text) != plain_kind::boolean) {
    return std::nullopt;
  }
  return n.text[0] == 't' || n.text[0] == 'T';
}

std::optional<std::int64_t> as_int(const data_node& n) {
  if (n.form != data_node::kind::scalar || n.quoted) return std::nullopt;
  return yaml::parse_core_int(n.text);
}

std::optional<std::string> as_string(const data_node& n) {
  if (n.form != data_node::kind::scalar) return std::nullopt;
  if (!n.quoted && classify_plain(n.text) != plain_kind::string) return std::nullopt;
  return n.text;
}

class yaml_reader {
 public:
  yaml_reader(const source_set& sources, file_id file, const type_table& types, diagnostics& out)
      : sources_(sources), file_(file), types_(types), out_(out) {}

  span where(const data_node& node) const {
    const auto size = static_cast<std::uint32_t>(sources_.file(file_).text().size());
    const auto begin = std::min(node.offset, size);
    const std::uint32_t length = node.form == data_node::kind::scalar ? node.length : 1;
    return {file_, begin, std::min(begin + length, size)};
  }

  // Reports up to a limit, so one systematic mistake does not bury the rest.
  void error(const data_node& node, code c, std::string message, std::string help = {}) {
    if (++errors_ > limits::max_diagnostics_per_file) return;
    if (errors_ == limits::max_diagnostics_per_file) {
      out_.error(c, where(node), "too many errors in this file; stopped reporting them");
      return;
    }
    out_.error(c, where(node), std::move(message), std::move(help));
  }

  std::optional<constant> value(const data_node& node, type_id t, std::size_t depth) {
    if (depth > limits::max_data_depth) {
      error(node, code::limit,
            fmt::format("data nests deeper than {} levels", limits::max_data_depth));
      return std::nullopt;
    }
    constant c;
    c.type = t;
    const type_info& info = types_.info(t);
    auto expected = [&](std::string_view what) {
      error(node, code::data_mismatch, fmt::format("expected {}, found {}", what, describe(node)));
      return std::nullopt;
    };
    switch (info.kind) {
      case type_kind::boolean: {
        auto b = as_bool(node);
        if (!b) return expected("`true` or `false`");
        c.truth = *b;
        return c;
      }
      case type_kind::integer: {
        auto i = as_int(node);
        if (!i) return expected("an integer");
        c.number = *i;
        return c;
      }
      case type_kind::string: {
        auto s = as_string(node);
        if (!s) return expected("a string");
        c.text = std::move(*s);
        return c;
      }
      case type_kind::date: {
        auto s = as_string(node);
        auto d = s ? parse_date(*s) : std::nullopt;
        if (!d) return expected("a date as `YYYY-MM-DD`");
        c.number = d->days;
        return c;
      }
      case type_kind::datetime: {
        auto s = as_string(node);
        auto d = s ? parse_datetime(*s) : std::nullopt;
        if (!d) return expected("a datetime as `YYYY-MM-DDThh:mm:ssZ`");
        c.instant = *d;
        return c;
      }
      case type_kind::duration: {
        auto s = as_string(node);
        auto d = s ? parse_duration(*s) : std::nullopt;
        if (!d) return expected(duration_forms);
        c.number = d->amount;
        c.months = d->months;
        return c;
      }
      case type_kind::enumeration: {
        const enum_info& en = types_.enums[info.index];
        auto s = as_string(node);
        auto v = s ? en.find(*s) : std::nullopt;
        if (!v) {
          error(node, code::data_mismatch,
                fmt::format("expected a value of `{}`, found {}", en.name, describe(node)),
                s ? did_you_mean(*s, en.values) : std::string{});
          return std::nullopt;
        }
        c.number = *v;
        return c;
      }
      case type_kind::list:
      case type_kind::set: {
        if (node.form != data_node::kind::sequence)
          return expected(fmt::format("a list of {}", types_.name(info.element)));
        std::set<std::string> seen;
        for (const auto& item : node.items) {
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

  std::optional<constant> record(const data_node& node, type_id t, std::size_t depth) {
    const record_info& r = types_.records[types_.info(t).index];
    if (node.form != data_node::kind::mapping) {
      error(node, code::data_mismatch,
            fmt::format("expected a mapping with the fields of `{}`, found {}", r.name,
                        describe(node)));
      return std::nullopt;
    }
    constant c;
    c.type = t;
    bool ok = true;
    for (const field_info& f : r.fields) {
      const data_node* child = node.find(f.name);
      if (!child || child->form == data_node::kind::null) {
        if (f.default_constant) {
          c.items.push_back(*f.default_constant);
        } else if (f.optional) {
          constant absent;
          absent.type = f.type;
          absent.present = false;
          c.items.push_back(std::move(absent));
        } else {
          error(child ? *child : node, code::data_mismatch,
                child ? fmt::format("field `{}` of `{}` is empty", f.name, r.name)
                      : fmt::format("this `{}` is missing its field `{}`", r.name, f.name));
          ok = false;
        }
        continue;
      }
      auto v = value(*child, f.type, depth + 1);
      if (!v) {
        ok = false;
        continue;
      }
      c.items.push_back(std::move(*v));
    }
    // A key the record does not declare is most likely a typo of one it does.
    for (std::size_t k = 0; k + 1 < node.items.size(); k += 2) {
      const data_node& key = node.items[k];
      if (key.form != data_node::kind::scalar || r.find(key.text)) continue;
      std::vector<std::string> names;
      for (const auto& f : r.fields)
        names.push_back(f.name);
      error(key, code::data_mismatch, fmt::format("`{}` has no field `{}`", r.name, key.text),
            did_you_mean(key.text, names).empty()
                ? fmt::format("declare it in `{}`, or remove it from the data", r.name)
                : did_you_mean(key.text, names));
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
  data_error syntax;
  std::optional<data_node> root = read_yaml(src.text(), syntax);
  if (!root) {
    out.error(syntax.limit ? code::limit : code::yaml_syntax,
              span{file, syntax.offset, syntax.offset + 1}, syntax.message);
    return;
  }
  yaml_reader reader(sources, file, types, out);
  const data_node* rows = &*root;
  if (at_key) {
    rows = root->find(*at_key);
    if (!rows) {
      std::vector<std::string> keys;
      for (std::size_t k = 0; k + 1 < root->items.size(); k += 2) {
        if (root->items[k].form == data_node::kind::scalar) keys.push_back(root->items[k].text);
      }
      out.error(code::data_key_missing, declared_at,
                fmt::format("`{}` has no top-level key `{}`", src.path(), *at_key),
                did_you_mean(*at_key, keys));
      return;
    }
  }
  if (rows->form == data_node::kind::null) return;  // an empty table
  if (rows->form != data_node::kind::mapping) {
    reader.error(*rows, code::data_mismatch,
                 fmt::format("expected a mapping from key to value, found {}", describe(*rows)));
    return;
  }
  if (rows->size() > limits::max_table_entries) {
    reader.error(*rows, code::limit,
                 fmt::format("a table holds at most {} entries", limits::max_table_entries));
    return;
  }
  std::set<std::string> seen;
  for (std::size_t k = 0; k + 1 < rows->items.size(); k += 2) {
    const data_node& key_node = rows->items[k];
    auto key = reader.value(key_node, table.key, 1);
    auto value = reader.value(rows->items[k + 1], table.value, 1);
    if (!key || !value) continue;
    if (!seen.insert(constant_key(*key)).second) {
      reader.error(key_node, code::data_duplicate_key,
                   fmt::format("table `{}` has the key `{}` twice", table.name,
                               key_node.form == data_node::kind::scalar ? key_node.text : "?"));
      continue;
    }
    table.rows.emplace_back(std::move(*key), std::move(*value));
    table.row_where.push_back(span{file, key_node.offset, key_node.offset + key_node.length});
  }
}

}  // namespace clause::lang
