// The subcommands of `clause`. Each takes its arguments after the subcommand's name.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace clause::cli {

struct command {
  std::string_view name;
  std::string_view summary;
  std::string_view help;  // full `clause NAME --help` text
  int (*run)(std::span<const std::string> args);
};

const std::vector<command>& all_commands();

int run_eval(std::span<const std::string> args);
int run_explain(std::span<const std::string> args);
int run_check(std::span<const std::string> args);
int run_test(std::span<const std::string> args);
int run_fmt(std::span<const std::string> args);
int run_diff(std::span<const std::string> args);
int run_verify(std::span<const std::string> args);
int run_lsp(std::span<const std::string> args);
int run_serve(std::span<const std::string> args);

}  // namespace clause::cli
