#include "clause/clause.hpp"

namespace clause {

std::string_view engine_version() {
  return CLAUSE_VERSION;
}

}  // namespace clause
