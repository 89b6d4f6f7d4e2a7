// Properties of `clause fmt` over every .clause file of the repository (the shipped rules, the
// tests' inputs, the fuzz corpus): formatting is idempotent, keeps the AST, and keeps a bundle's
// diagnostics.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <tuple>

#include "lang/ast_dump.hpp"
#include "lang/bundle.hpp"
#include "lang/format/format.hpp"
#include "lang/parser.hpp"

using namespace clause::lang;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir = CLAUSE_SOURCE_DIR;

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> clause_files() {
  std::vector<fs::path> out;
  for (const char* root : {"rules", "tests"}) {
    for (const auto& e : fs::recursive_directory_iterator(source_dir / root))
      if (e.is_regular_file() && e.path().extension() == ".clause") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct parsed {
  source_set sources;
  diagnostics diags;
  ast::module module;
};

void parse(parsed& p, const std::string& text) {
  p.module = parse_module(p.sources, p.sources.add("t.clause", text), p.diags);
}

std::optional<std::string> fmt(const std::string& text) {
  std::string errors;
  return format_source(text, errors);
}

// The bundle's files (relative path -> text), its .clause files formatted when they parse.
std::map<std::string, std::string> files_of_bundle(const fs::path& dir, bool format) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string text = read(e.path());
    if (format && e.path().extension() == ".clause") text = fmt(text).value_or(text);
    files[fs::relative(e.path(), dir).generic_string()] = text;
  }
  return files;
}

// A message may name another place (`the first is at x.clause:8:6`): places may move.
const std::regex place(R"((\.clause):\d+:\d+)");

using said = std::tuple<std::string, int, std::string, std::string>;

std::vector<said> diagnostics_of(std::map<std::string, std::string> files,
                                 const std::string& entry) {
  const load_result r = load_bundle(memory_files(std::move(files)), entry);
  std::vector<said> out;
  for (const diagnostic& d : r.diags.items())
    out.emplace_back(std::string(code_id(d.id)), static_cast<int>(d.level),
                     std::regex_replace(d.message, place, "$1:LINE:COLUMN"), d.help);
  return out;
}

}  // namespace

TEST_CASE(
    "fmt over every .clause file: idempotent, same AST, refused only when it does not parse") {
  const auto files = clause_files();
  REQUIRE(files.size() > 40);
  std::size_t formatted_files = 0;
  for (const fs::path& path : files) {
    INFO(path.string());
    const std::string text = read(path);
    parsed before;
    parse(before, text);
    const auto once = fmt(text);
    CHECK(once.has_value() == before.diags.empty());
    if (!once) continue;
    ++formatted_files;
    CHECK(fmt(*once) == once);
    parsed after;
    parse(after, *once);
    CHECK(after.diags.empty());
    CHECK(dump(after.module) == dump(before.module));
  }
  CHECK(formatted_files > 30);
}

TEST_CASE("fmt keeps a bundle's diagnostics: codes, messages and help") {
  std::vector<std::pair<fs::path, std::string>> bundles;  // directory, entry
  for (const auto& e : fs::recursive_directory_iterator(source_dir)) {
    const fs::path rel = fs::relative(e.path(), source_dir);
    const std::string top = rel.begin()->string();
    if (top != "rules" && top != "tests") continue;
    if (e.path().filename() == "policy.clause")
      bundles.emplace_back(e.path().parent_path(), "policy.clause");
  }
  for (const auto& e : fs::directory_iterator(source_dir / "tests/golden"))
    if (e.path().extension() == ".clause") bundles.emplace_back(e.path(), "");
  REQUIRE(bundles.size() > 30);
  for (const auto& [where, entry] : bundles) {
    INFO(where.string());
    if (entry.empty()) {
      // A single file, checked as a bundle of its own.
      const std::string name = where.filename().string();
      const std::string text = read(where);
      CHECK(diagnostics_of({{name, fmt(text).value_or(text)}}, name) ==
            diagnostics_of({{name, text}}, name));
    } else {
      CHECK(diagnostics_of(files_of_bundle(where, true), entry) ==
            diagnostics_of(files_of_bundle(where, false), entry));
    }
  }
}

#ifdef CLAUSE_SANITIZED
constexpr int mutation_rounds = 40;  // each round is slow under ASan; the fuzz targets go further
#else
constexpr int mutation_rounds = 400;
#endif

TEST_CASE("fmt on mutated rule files: never throws, and what it formats stays formatted") {
  // A fixed seed: the same mutations on every run.
  std::uint32_t state = 12345;
  auto next = [&](std::uint32_t bound) {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) % bound;
  };
  const std::vector<std::string> pieces = {"(",  ")",  "{",     "}",    "[",   "]",      "#",
                                           "\"", "\n", " and ", " or ", "if ", " else ", "->",
                                           "<",  ">=", ",",     "\\",   " ",   "\n\n\n"};
  std::size_t formatted_mutants = 0;
  for (const fs::path& path : clause_files()) {
    if (path.string().find("/rules/") == std::string::npos) continue;
    const std::string original = read(path);
    for (int round = 0; round < mutation_rounds; ++round) {
      std::string text = original;
      for (std::uint32_t edits = 1 + next(3); edits > 0 && !text.empty(); --edits) {
        const std::size_t at = next(static_cast<std::uint32_t>(text.size()));
        switch (next(3)) {
          case 0:
            text.erase(at, 1 + next(8));
            break;
          case 1:
            text.insert(at, pieces[next(static_cast<std::uint32_t>(pieces.size()))]);
            break;
          default:
            text.insert(at, text.substr(at, next(40)));
        }
      }
      INFO(path.string() << " round " << round << ":\n" << text);
      const auto once = fmt(text);
      parsed before;
      parse(before, text);
      CHECK(once.has_value() == before.diags.empty());
      if (!once) continue;
      ++formatted_mutants;
      CHECK(fmt(*once) == once);
    }
  }
  CHECK(formatted_mutants > static_cast<std::size_t>(mutation_rounds) / 4);
}
