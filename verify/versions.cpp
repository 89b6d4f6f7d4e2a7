// `clause verify --against OLD NEW`: for each decision, a case decided differently, or none.
#include "verify/verify.hpp"

namespace clause::verify {

report verify_against(const std::string&, const std::string&, const options&) {
  return {"", "not yet\n", exit_unknown};
}

}  // namespace clause::verify
