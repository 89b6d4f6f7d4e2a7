// The binder, shared by every document format (bind_json.cpp, bind_yaml.cpp): the schema walk,
// defaults, strict types and error paths live here once.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lang/calendar.hpp"
#include "lang/limits.hpp"
#include "runtime/input/bind.hpp"
#include "runtime/program/set_order.hpp"
#include "runtime/program/value.hpp"

namespace clause::runtime {

// What a document node is, whatever the format. `invalid`: a YAML node whose tag contradicts its
// value (`!!int abc`) or is not one of the core schema's; it fits no type.
enum class node_kind { null, boolean, integer, number, string, list, map, invalid };

// How a failure names the value it found, in the same words whatever the format (an adapter's
// describe()): `text` is a boolean's, a number's or a string's text as the document holds it, and
// is not read for the other kinds. An `invalid` node is the adapter's to word.
inline std::string found_value(node_kind kind, std::string_view text) {
  switch (kind) {
    case node_kind::null:
      return "nothing";
    case node_kind::boolean:
      return fmt::format("the boolean `{}`", text);
    case node_kind::integer:
    case node_kind::number:
      return fmt::format("the number `{}`", text);
    case node_kind::string:
      return fmt::format("the string `{}`", text);
    case node_kind::list:
      return "a list";
    case node_kind::map:
      return "a mapping";
    case node_kind::invalid:
      break;
  }
  return "a value";
}

namespace detail {

// The binder, over a document format described by `Adapter` (see bind_json.cpp, bind_yaml.cpp):
//   kind(n), boolean(n), integer(n), string(n), elements(n, f(i, child)), member(n, key) -> a
//   pointer or an optional (absent: false),
//   keys(n, f(key)), describe(n), and `aliases`: whether one node can be reached by several paths
//   (YAML's `*name`), so that what binding visits is counted against lang::limits::max_case_bytes.
//   An adapter with `one_pass` also has members(n, f(key, value) -> continue?): a record's members
//   are then bound once each, in their order, rather than each field looked up in turn; such an
//   adapter's caller only learns whether a case fits, and words failures on another path
//   (members_in_turn(), fast_json.hpp). With `stable_strings`, its
//   strings stay valid until the case is decided, and the bound case points at them, uncopied;
//   with `padded_strings`, 16 bytes can be read from any string's start (key_words()).
template <typename Adapter>
class binder {
 public:
  using node = typename Adapter::node;

  binder(const program& p, bound_case& out, bind_error& error) : p_(p), out_(out), error_(error) {}

  bool bind(const node& root) {
    out_.storage.reset();
    out_.has_id = false;
    out_.id = {};
    out_.now = {};
    out_.locale = {};
    out_.params.assign(p_.params.size(), value{});
    spent_ = 0;
    if (Adapter::kind(root) != node_kind::map) {
      return fail(
          fmt::format("expected a case (a mapping of fields), found {}", Adapter::describe(root)));
    }
    value v;
    if constexpr (one_pass) {
      // The envelope's members are noted in the same pass that binds the fields.
      noted_envelope e;
      if (!record_fields(root, p_.input, v, nullptr, &e) || !envelope(e)) return false;
    } else {
      if (!unique_keys(root) || !envelope(find_envelope(root)) ||
          !record_fields(root, p_.input, v)) {
        return false;
      }
    }
    out_.root = v;
    return true;
  }

 private:
  static void append_number(std::string& out, std::size_t n) {
    char digits[24];
    std::size_t k = 0;
    do {
      digits[k++] = static_cast<char>('0' + n % 10);
      n /= 10;
    } while (n);
    while (k)
      out += digits[--k];
  }

  static constexpr bool one_pass = requires { Adapter::one_pass; };

  // A string of the document, for the bound case: copied into the case's storage, unless the
  // adapter's strings stay where they are until the case is decided (`stable_strings`).
  std::string_view keep(std::string_view text) {
    if constexpr (requires { Adapter::stable_strings; }) {
      return text;
    } else {
      return out_.storage.copy(text);
    }
  }

  bool fail(std::string message) {
    error_.path.clear();  // the callers put their part of the path in front (at_field, list)
    error_.message = std::move(message);
    return false;
  }

  // Counts what binding visits, where aliases can make a small text visit a node many times:
  // every node, the entries of every container and the bytes of every string copied.
  bool spend(std::size_t units) {
    if constexpr (Adapter::aliases) {
      spent_ += units;
      if (spent_ > lang::limits::max_case_bytes) {
        return fail(
            fmt::format("this case is larger than {} MiB once its YAML aliases are "
                        "expanded, the most one case may hold",
                        lang::limits::max_case_bytes >> 20));
      }
    }
    return true;
  }

  // A mapping names each key once: with the same key twice, a reader that keeps the first value
  // and one that keeps the last would decide different cases from one text.
  bool unique_keys(const node& n) {
    std::vector<std::string_view>& keys = key_scratch();
    keys.clear();
    Adapter::keys(n, [&](std::string_view key) { keys.push_back(key); });
    if (keys.size() < 2) return true;
    std::string_view repeated;
    bool found = false;
    if (keys.size() <= 16) {
      for (std::size_t i = 1; i < keys.size() && !found; ++i) {
        for (std::size_t j = 0; j < i && !found; ++j) {
          if (keys[i] == keys[j]) {
            repeated = keys[i];
            found = true;
          }
        }
      }
    } else {
      std::sort(keys.begin(), keys.end());
      const auto at = std::adjacent_find(keys.begin(), keys.end());
      if (at != keys.end()) {
        repeated = *at;
        found = true;
      }
    }
    if (!found) return true;
    return at_field(repeated, [&] {
      return fail(fmt::format("`{}` is given more than once: a field may appear once", repeated));
    });
  }

  // Reused from case to case (binding allocates nothing once warm), one per thread.
  static std::vector<std::string_view>& key_scratch() {
    thread_local std::vector<std::string_view> keys;
    return keys;
  }

  // Runs `f` for the field `name`. The error's path is made from the failing node outwards, each
  // level putting its part in front as the failure returns through it, so that binding a case
  // that fits makes no path at all.
  template <typename F>
  bool at_field(std::string_view name, F&& f) {
    if (f()) return true;
    in_front_of_path(name);
    return false;
  }

  // `name` or `[i]` before the error's path so far: `name.rest`, `name[0]...`, `[0].rest`.
  void in_front_of_path(std::string_view part) {
    std::string& path = error_.path;
    const bool dot = !path.empty() && path[0] != '[';
    path.insert(0, dot ? 1 : 0, '.');
    path.insert(0, part);
  }

  // The members of a case's envelope; the first of each name (keys given twice fail elsewhere).
  struct envelope_members {
    decltype(Adapter::member(std::declval<const node&>(), "")) id, now, locale, params;
  };
  // A member noted in one pass, read as an optional is. Only `given` is set beforehand: four
  // optionals made per case were cleared whole, a string instruction slow to start.
  struct noted_member {
    node value;  // read only when `given`
    bool given = false;
    explicit operator bool() const { return given; }
    const node& operator*() const { return value; }
    noted_member& operator=(const node& v) {
      value = v;
      given = true;
      return *this;
    }
  };
  struct noted_envelope {
    noted_member id, now, locale, params;
  };
  // Notes `v` if `key` names a member of the envelope. Most keys are none: their length says so.
  static void note_envelope(std::string_view key, const node& v, noted_envelope& e) {
    noted_member* slot = nullptr;
    switch (key.size()) {
      case 2:
        if (key == "id") slot = &e.id;
        break;
      case 3:
        if (key == "now") slot = &e.now;
        break;
      case 6:
        slot = key == "locale" ? &e.locale : key == "params" ? &e.params : nullptr;
        break;
    }
    if (slot && !*slot) *slot = v;
  }
  static envelope_members find_envelope(const node& root) {
    return {Adapter::member(root, "id"), Adapter::member(root, "now"),
            Adapter::member(root, "locale"), Adapter::member(root, "params")};
  }

  // `e`: an envelope_members, or a noted_envelope.
  template <typename Members>
  bool envelope(const Members& e) {
    if (const auto& id = e.id; id && Adapter::kind(*id) != node_kind::null) {
      if (Adapter::kind(*id) != node_kind::string) {
        return at_field("id", [&] {
          return fail(fmt::format("expected a string, found {}", Adapter::describe(*id)));
        });
      }
      out_.id = keep(Adapter::string(*id));
      out_.has_id = true;
    }
    if (const auto& now = e.now; now && Adapter::kind(*now) != node_kind::null) {
      if (!at_field("now",
                    [&] { return scalar(*now, lang::type_kind::datetime, nullptr, out_.now); })) {
        return false;
      }
    }
    if (const auto& locale = e.locale; locale && Adapter::kind(*locale) != node_kind::null) {
      if (Adapter::kind(*locale) != node_kind::string) {
        return at_field("locale", [&] {
          return fail(fmt::format("expected a string, found {}", Adapter::describe(*locale)));
        });
      }
      std::string_view tag = Adapter::string(*locale);
      while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t'))
        tag.remove_prefix(1);
      while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t'))
        tag.remove_suffix(1);
      out_.locale = keep(tag);  // blank: the `--locale` or `en` applies
    }
    if (const auto& params = e.params; params && Adapter::kind(*params) != node_kind::null) {
      return at_field("params", [&] {
        if (Adapter::kind(*params) != node_kind::map) {
          return fail(fmt::format("expected a mapping of parameters, found {}",
                                  Adapter::describe(*params)));
        }
        if (!unique_keys(*params)) return false;
        for (std::size_t i = 0; i < p_.params.size(); ++i) {
          const auto given = Adapter::member(*params, p_.params[i].name);
          if (!given || Adapter::kind(*given) == node_kind::null) continue;
          if (!at_field(p_.params[i].name,
                        [&] { return bind_value(*given, *p_.params[i].type, out_.params[i]); })) {
            return false;
          }
        }
        return true;
      });
    }
    return true;
  }

  // Binds a record into its flat block (schema_type::flat_size): `block` when it is laid out
  // inside its parent's, else a new one. The block starts zeroed, so every field of a record left
  // out is absent.
  bool record(const node& n, const schema_type& type, value& out, value* block = nullptr) {
    if (Adapter::kind(n) != node_kind::map) {
      return fail(fmt::format("expected a mapping with the fields of {}, found {}",
                              type.name.empty() ? "the record" : "`" + type.name + "`",
                              Adapter::describe(n)));
    }
    return (one_pass || unique_keys(n)) && record_fields(n, type, out, block);
  }

  // A mapping whose kind was checked, bound field by field: in the fields' order, each member
  // looked up (unique_keys() checked the keys first), or, for a one-pass adapter, in the members'
  // order (members_in_turn()).
  // A one-pass adapter's root also notes the members of the envelope (`envelope`) as it goes.
  bool record_fields(const node& n, const schema_type& type, value& out, value* block = nullptr,
                     noted_envelope* envelope = nullptr) {
    if (!spend(1 + Adapter::size(n))) return false;
    value* fields = block ? block : out_.storage.make_zeroed_array<value>(type.flat_size);
    if constexpr (one_pass) {
      if (!(envelope ? members_in_turn<true>(n, type, fields, envelope)
                     : members_in_turn<false>(n, type, fields, nullptr))) {
        return false;
      }
    } else {
      for (std::size_t i = 0; i < type.fields.size(); ++i) {
        const schema_field& f = type.fields[i];
        value* inside = f.block == schema_field::no_block ? nullptr : fields + f.block;
        const auto given = Adapter::member(n, f.name);
        if (!given || Adapter::kind(*given) == node_kind::null) {
          if (!absent_field(f, fields[i], inside)) return false;
          continue;
        }
        if (!at_field(f.name, [&] { return field(*given, f, fields[i], inside); })) return false;
      }
    }
    out = value::list(fields, static_cast<std::uint32_t>(type.fields.size()), value_kind::record);
    return true;
  }

  // Field `f` given the node `n` (not null), bound into `out` (and its block `inside`).
  // A scalar field, most of a case's, is bound here rather than through bind_value(), which
  // binding a record calls again and so is not inlined.
  bool field(const node& n, const schema_field& f, value& out, value* inside) {
    const schema_type& t = *f.type;
    bool ok;
    if (inside) {
      ok = record(n, t, out, inside);
    } else if (t.kind == lang::type_kind::record || t.kind == lang::type_kind::list ||
               t.kind == lang::type_kind::set) {
      ok = bind_value(n, t, out);
    } else {
      ok = scalar(n, t.kind, &t, out);
    }
    if (!ok) return false;
    if (f.intern) intern(out);
    return true;
  }

  // Field `f` absent or null: its default, nothing, or the error that it is required.
  bool absent_field(const schema_field& f, value& out, value* inside) {
    if (f.default_value) {
      out = inside ? place(*f.default_value, *f.type, inside) : *f.default_value;
      return true;
    }
    if (!f.required) return true;
    return at_field(f.name, [&] {
      return fail(
          fmt::format("`{}` is required: expected {}, found nothing", f.name, expected(*f.type)));
    });
  }

  // One pass over the members of the mapping `n`, each bound into its field's place among
  // `fields` as it comes: the first failure ends binding, whichever field it is in. The failure
  // then is not the first in the fields' order the contract words, so a one-pass adapter's caller
  // words failures on another path (fast_json.hpp); this path only decides whether a case fits,
  // and that does not depend on the order. A key given twice fails, as do a record of more than
  // 64 fields (a bit a field marks those given) and more than sixteen members of no field
  // (compared in turn; a hostile case may hold thousands, which unique_keys() sorts).
  template <bool Root>
  bool members_in_turn(const node& n, const schema_type& type, value* fields,
                       noted_envelope* envelope) {
    if (type.fields.size() > 64) return fail("more fields than one pass marks");
    std::uint64_t given = 0, bound = 0;  // a bit a field: its key seen; its value bound
    struct text {  // no constructor: sixteen of them are not zeroed each record
      const char* data;
      std::size_t size;
    } others[16];
    std::size_t other_count = 0;
    bool ok = true;
    Adapter::members(n, [&](std::string_view key, const node& v) {
      if constexpr (Root) note_envelope(key, v, *envelope);
      const schema_type::key_entry& slot = type.by_key[schema_type::key_slot(key)];
      const std::size_t i = field_of(type, slot, key);
      if (i == no_field) {
        for (std::size_t k = 0; k < other_count; ++k) {
          if (same_short_text({others[k].data, others[k].size}, key)) {
            return ok = fail("a key given twice");
          }
        }
        if (other_count == 16) return ok = fail("more members of no field than one pass compares");
        others[other_count++] = {key.data(), key.size()};
        return true;
      }
      const std::uint64_t bit = std::uint64_t{1} << i;
      if (given & bit) return ok = fail("a key given twice");
      given |= bit;
      if (Adapter::kind(v) == node_kind::null) return true;
      bound |= bit;
      if (slot.scalar != lang::type_kind::error) {  // the slot says all that binding it needs
        if (!scalar(v, slot.scalar, slot.type, fields[i])) return ok = false;
        if (slot.intern) intern(fields[i]);
        return true;
      }
      const schema_field& f = type.fields[i];
      value* inside = f.block == schema_field::no_block ? nullptr : fields + f.block;
      return ok = field(v, f, fields[i], inside);
    });
    if (!ok) return false;
    // The fields not bound (absent or null) that have a default or are required.
    for (std::uint64_t todo = type.filled_when_absent & ~bound; todo; todo &= todo - 1) {
      const auto i = static_cast<std::size_t>(std::countr_zero(todo));
      const schema_field& f = type.fields[i];
      value* inside = f.block == schema_field::no_block ? nullptr : fields + f.block;
      if (!absent_field(f, fields[i], inside)) return false;
    }
    return true;
  }

  // A key of up to schema_type::short_name bytes as words (words_of_short_text()); without a
  // branch on its length where the adapter's strings can be read past their end (`padded_strings`:
  // 16 bytes readable from a string's start).
  static short_text_words key_words(std::string_view key) {
    if constexpr (requires { Adapter::padded_strings; }) {
      return words_of_padded_text(key.data(), key.size());
    } else {
      return words_of_short_text(key);
    }
  }

  // What field_of() and value_of() answer for a key no field or value has.
  static constexpr std::size_t no_field = SIZE_MAX;

  // The index of the field named `key` (whose slot in the key table is `slot`), or `no_field`.
  static std::size_t field_of(const schema_type& type, const schema_type::key_entry& slot,
                              std::string_view key) {
    return index_by_key(slot, key, type.fields.size(),
                        [&](std::size_t i) -> std::string_view { return type.fields[i].name; });
  }

  // The index of the enumeration's value named `key`, or `no_field`.
  static std::size_t value_of(const schema_type& type, std::string_view key) {
    return index_by_key(type.by_key[schema_type::key_slot(key)], key, type.enum_values->size(),
                        [&](std::size_t i) -> std::string_view { return (*type.enum_values)[i]; });
  }

  // The name among `count` (`name(i)`) equal to `key`, by its slot in the type's key table
  // (schema_type::by_key).
  template <typename Name>
  static std::size_t index_by_key(const schema_type::key_entry& slot, std::string_view key,
                                  std::size_t count, Name&& name) {
    if (slot.field == 0) return no_field;
    if (slot.field != schema_type::shared_slot) {
      if (key.size() != slot.length) return no_field;
      if (key.size() > schema_type::short_name) {
        return name(slot.field - 1u) == key ? slot.field - 1u : no_field;
      }
      const short_text_words w = key_words(key);
      return ((w.head ^ slot.words.head) | (w.tail ^ slot.words.tail)) == 0 ? slot.field - 1u
                                                                            : no_field;
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (name(i) == key) return i;
    }
    return no_field;
  }

  // A record default (a constant) copied into its place in a flat block, its own record fields
  // into theirs.
  static value place(const value& record, const schema_type& type, value* block) {
    for (std::size_t i = 0; i < type.fields.size(); ++i) {
      const schema_field& f = type.fields[i];
      const value& v = record.items[i];
      block[i] =
          f.block != schema_field::no_block && v.present() ? place(v, *f.type, block + f.block) : v;
    }
    value out = record;
    out.items = block;
    return out;
  }

  // A field compared with string literals: its text's literal number, or `no_literal`.
  void intern(value& v) const {
    const value* number = p_.literals.find(v);
    v.literal = number ? static_cast<std::uint16_t>(number->number) : value::no_literal;
  }

  static std::string expected(const schema_type& type) {
    switch (type.kind) {
      case lang::type_kind::boolean:
        return "`true` or `false`";
      case lang::type_kind::integer:
        return "an integer";
      case lang::type_kind::string:
        return "a string";
      case lang::type_kind::date:
        return "a date as `YYYY-MM-DD`";
      case lang::type_kind::datetime:
        return "a datetime as `YYYY-MM-DDThh:mm:ssZ`";
      case lang::type_kind::duration:
        return std::string(lang::duration_forms);
      case lang::type_kind::enumeration: {
        std::string out = "one of ";
        const auto& values = *type.enum_values;
        for (std::size_t i = 0; i < values.size(); ++i) {
          out += (i == 0 ? "`" : i + 1 == values.size() ? "` or `" : "`, `") + values[i];
        }
        return out + "`";
      }
      case lang::type_kind::list:
      case lang::type_kind::set:
        if (type.element->kind == lang::type_kind::enumeration) {
          return "a list of `" + type.element->name + "` values (" + expected(*type.element) + ")";
        }
        return "a list of " + expected(*type.element);
      case lang::type_kind::record:
        return "a mapping";
      default:
        return type.name;
    }
  }

  bool bind_value(const node& n, const schema_type& type, value& out) {
    switch (type.kind) {
      case lang::type_kind::record:
        return record(n, type, out);
      case lang::type_kind::list:
      case lang::type_kind::set:
        return list(n, type, out);
      default:
        return scalar(n, type.kind, &type, out);
    }
  }

  bool list(const node& n, const schema_type& type, value& out) {
    if (Adapter::kind(n) != node_kind::list) {
      return fail(fmt::format("expected {}, found {}", expected(type), Adapter::describe(n)));
    }
    const std::size_t count = Adapter::size(n);
    if (!spend(1 + count)) return false;
    value* items = type.enum_set ? nullptr : out_.storage.make_zeroed_array<value>(count);
    std::uint64_t bits = 0;
    bool ok = true;
    value bit;  // an enum set's element, before it becomes a bit
    Adapter::elements(n, [&](std::size_t i, const node& element) {
      // Bound in its place: a value built field by field and then copied whole is a load the
      // processor cannot forward from the stores of its parts.
      value& v = items ? items[i] : bit;
      if (Adapter::kind(element) == node_kind::null) {
        ok = fail(fmt::format("expected {}, found nothing", expected(*type.element)));
      } else {
        ok = bind_value(element, *type.element, v);
      }
      if (!ok) {
        std::string index = "[";
        append_number(index, i);
        index += ']';
        in_front_of_path(index);
        return false;
      }
      if (!items) bits |= std::uint64_t{1} << v.number;
      return true;
    });
    if (!ok) return false;
    if (type.enum_set) {
      out.kind = value_kind::enum_set;
      out.number = static_cast<std::int64_t>(bits);
    } else {
      auto kept = static_cast<std::uint32_t>(count);
      if (type.kind == lang::type_kind::set) kept = canonical_set(items, kept);
      out = value::list(items, kept);
    }
    return true;
  }

  // A scalar of `kind` from `n`; what does not fit is worded out of line (mismatch()). `type` is
  // read for an enumeration only (its values and their key table).
  bool scalar(const node& n, lang::type_kind kind, const schema_type* type, value& out) {
    const node_kind k = Adapter::kind(n);
    switch (kind) {
      case lang::type_kind::boolean:
        if (k != node_kind::boolean) break;
        out = value::boolean(Adapter::boolean(n));
        return true;
      case lang::type_kind::integer:
        if (k != node_kind::integer) break;
        out = value::integer(Adapter::integer(n));
        return true;
      case lang::type_kind::string:
        if (k != node_kind::string) break;
        if (!spend(1 + Adapter::string(n).size())) return false;
        out = value::string(keep(Adapter::string(n)));
        return true;
      case lang::type_kind::date:
        if (k != node_kind::string) break;
        if (const auto d = lang::parse_date(Adapter::string(n))) {
          out = value::date(d->days);
          return true;
        }
        break;
      case lang::type_kind::datetime:
        if (k != node_kind::string) break;
        if (const auto t = lang::parse_datetime(Adapter::string(n))) {
          out = value::datetime(t->seconds, t->nanos);
          return true;
        }
        break;
      case lang::type_kind::duration:
        if (k != node_kind::string) break;
        if (const auto d = lang::parse_duration(Adapter::string(n))) {
          out = value::duration(d->amount, d->months);
          return true;
        }
        break;
      case lang::type_kind::enumeration:
        if (k != node_kind::string) break;
        if (const std::size_t i = value_of(*type, Adapter::string(n)); i != no_field) {
          out = value::enumeration(static_cast<std::uint32_t>(i));
          return true;
        }
        break;
      default:
        break;
    }
    return mismatch(n, kind, type);
  }

  // `n` is not a scalar of `kind`: "expected <what kind wants>, found <what n is>".
  [[gnu::cold, gnu::noinline]] bool mismatch(const node& n, lang::type_kind kind,
                                             const schema_type* type) {
    schema_type t;
    t.kind = kind;
    t.enum_values = type ? type->enum_values : nullptr;
    return fail(fmt::format(
        "expected {}, found {}",
        schema_type::scalar_kind(kind) ? expected(t) : "a value of a type cases cannot hold",
        Adapter::describe(n)));
  }

  const program& p_;
  bound_case& out_;
  bind_error& error_;
  std::size_t spent_ = 0;  // see spend()
};

}  // namespace detail

}  // namespace clause::runtime
