#include "runtime/api/version.hpp"

namespace clause::runtime {

std::string_view version() {
  return CLAUSE_VERSION;
}

}  // namespace clause::runtime
