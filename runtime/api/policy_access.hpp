// The runtime's own way into a public `clause::policy`: its compiled program. Hosts never see it.
#pragma once

#include <memory>

#include "clause/clause.hpp"
#include "runtime/program/program.hpp"

namespace clause {

struct policy_access {
  static const std::shared_ptr<const runtime::program>& program(const policy& p) {
    return p.program_;
  }
};

}  // namespace clause
