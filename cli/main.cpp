// `clause`: argument dispatch only. Usage errors exit 2 with one line and a hint; nothing a user
// types may end in a crash or a C++ exception text.
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <vector>

#include "clause/clause.hpp"
#include "cli/commands.hpp"
#include "cli/usage_error.hpp"
#include "lang/suggest.hpp"

namespace {

using namespace clause::cli;

std::string main_help() {
  std::string out =
      "usage: clause <command> [options] [args]\n"
      "\n"
      "clause evaluates agreement policies written in the clause language.\n"
      "\n"
      "commands:\n";
  for (const command& c : all_commands())
    out += fmt::format("  {:<8}{}\n", c.name, c.summary);
  out +=
      "\n"
      "options:\n"
      "  -h, --help   show this help (also `clause <command> --help`)\n"
      "  --version    show the version\n"
      "\n"
      "exit codes: 0 success, 1 errors found, 2 usage error, 3 the run stopped (output not\n"
      "written, or out of memory)\n";
  return out;
}

const std::vector<std::string> global_flags = {"--help", "-h", "--version"};

int dispatch(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(main_help().c_str(), stdout);
    return exit_ok;
  }
  const std::string& first = args[0];
  if (first == "--help" || first == "-h" || first == "help") {
    std::fputs(main_help().c_str(), stdout);
    return exit_ok;
  }
  if (first == "--version") {
    fmt::print("clause {}\n", clause::engine_version());
    return exit_ok;
  }
  if (first.starts_with("-")) {
    throw usage_error(fmt::format("unknown option `{}`", first),
                      clause::lang::did_you_mean(first, global_flags));
  }
  std::vector<std::string> names;
  for (const command& c : all_commands()) {
    names.emplace_back(c.name);
    if (c.name != first) continue;
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const std::string& a : rest) {
      if (a == "--") break;
      if (a == "--help" || a == "-h") {
        std::fputs(std::string(c.help).c_str(), stdout);
        return exit_ok;
      }
    }
    return c.run(rest);
  }
  throw usage_error(fmt::format("unknown command `{}`", first),
                    clause::lang::did_you_mean(first, names));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int code = dispatch(std::vector<std::string>(argv + 1, argv + argc));
    flush_out();  // what is still buffered: a full disk shows here
    return code;
  } catch (const usage_error& e) {
    fmt::print(stderr, "clause: error: {}\n", e.what());
    if (!e.help.empty()) fmt::print(stderr, "  help: {}\n", e.help);
    fmt::print(stderr, "  run `clause --help` for usage\n");
    return exit_usage;
  } catch (const output_error& e) {
    fmt::print(stderr, "clause: error: {}; the run stopped\n", e.what());
    return exit_stopped;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "clause: error: out of memory; the run stopped\n");
    return exit_stopped;
  } catch (const std::exception& e) {
    fmt::print(stderr, "clause: error: {}; the run stopped\n", e.what());
    return exit_stopped;
  }
}
