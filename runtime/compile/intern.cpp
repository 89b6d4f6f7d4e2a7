// Interning the string literals that fields of the case are compared with: see passes.hpp.
#include <memory>
#include <string_view>
#include <unordered_map>

#include "runtime/compile/passes.hpp"

namespace clause::runtime {

namespace {

class interner {
 public:
  // Fields point to their types read-only, as a compiled program is immutable; while it is being
  // compiled, the program is its types' owner (`schema_types`), and marking goes through that.
  explicit interner(program& p) : p_(p) {
    for (const std::unique_ptr<schema_type>& t : p.schema_types)
      owned_.emplace(t.get(), t.get());
  }

  void run() {
    for (const std::vector<node>* nodes : {&p_.nodes, &p_.default_nodes}) {
      for (const node& x : *nodes) {
        const auto c = static_cast<comparison>(x.sub);
        if (x.code != op::compare_constant || (c != comparison::eq && c != comparison::ne))
          continue;
        const node& path = (*nodes)[x.a];
        value& literal = p_.constants[x.b];
        if (literal.kind != value_kind::string || path.code != op::read_path || path.c != 0)
          continue;
        if (!mark(path)) continue;
        literal.literal = number_of(literal.text());
      }
    }
    std::vector<std::pair<value, value>> rows;
    for (const auto& [text, number] : numbers_)
      rows.emplace_back(value::string(text), value::integer(number));
    p_.literals = lookup_table(rows, true);
    for (const std::unique_ptr<schema_type>& t : p_.schema_types)
      note_scalar_fields(*t);
  }

  // A record's fields whose values are scalars the binder reads from their key's slot alone
  // (schema_type::key_entry::scalar): once the intern marks are final.
  static void note_scalar_fields(schema_type& type) {
    if (type.kind != lang::type_kind::record) return;
    for (std::size_t i = 0; i < type.fields.size(); ++i) {
      const schema_field& f = type.fields[i];
      schema_type::key_entry& slot = type.by_key[schema_type::key_slot(f.name)];
      if (slot.field != i + 1) continue;  // a shared slot: the binder reads the field
      if (!schema_type::scalar_kind(f.type->kind)) continue;
      slot.scalar = f.type->kind;
      slot.intern = f.intern;
      slot.type = f.type;
    }
  }

 private:
  // Marks the field a path from the case's root ends at; false when that is not a string field
  // of a record (a path through a table row, say) or there are too many literals already.
  bool mark(const node& path) {
    if (path.b == 0 || numbers_.size() >= value::no_literal - 1) return false;
    schema_type* type = &p_.input;
    for (std::uint32_t i = 0; i < path.b; ++i) {
      const std::uint32_t step = p_.operands[path.a + i];
      if (type->kind != lang::type_kind::record || step >= type->fields.size()) return false;
      schema_field& field = type->fields[step];
      if (i + 1 == path.b) {
        if (field.type->kind != lang::type_kind::string) return false;
        field.intern = true;
        if (field.default_value && field.default_value->kind == value_kind::string) {
          field.default_value->literal = number_of(field.default_value->text());
        }
        return true;
      }
      // Types are shared between fields of the same type: marking one marks every field of that
      // record type.
      type = owned_.at(field.type);
    }
    return false;
  }

  std::uint16_t number_of(std::string_view text) {
    const auto [it, added] =
        numbers_.emplace(text, static_cast<std::uint16_t>(numbers_.size() + 1));
    return it->second;
  }

  program& p_;
  std::unordered_map<const schema_type*, schema_type*> owned_;
  std::unordered_map<std::string_view, std::uint16_t> numbers_;  // views into constants
};

}  // namespace

void intern_literals(program& p) {
  interner(p).run();
}

}  // namespace clause::runtime
