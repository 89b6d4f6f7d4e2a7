// `clause lsp`: the language server on standard input and output (lsp/server.hpp).
#include <fmt/format.h>

#include <cstdio>

#include "clause/clause.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/suggest.hpp"
#include "lsp/server.hpp"

namespace clause::cli {

int run_lsp(std::span<const std::string> args) {
  for (const std::string& a : args) {
    // Editors' clients add `--stdio` to say how they talk to the server: the only way it does.
    if (a == "--stdio") continue;
    throw usage_error(fmt::format("unknown argument `{}` for `clause lsp`", a),
                      lang::did_you_mean(a, {"--stdio", "--help"}));
  }
  return lsp::serve(stdin, stdout, std::string(engine_version()));
}

}  // namespace clause::cli
