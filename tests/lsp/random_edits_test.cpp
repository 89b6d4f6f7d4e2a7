// The server on random edits of the MCA files: every request after every edit gets exactly one
// reply, never an internal error, and nothing crashes or hangs (the sanitizer build runs it too).
// CLAUSE_LSP_EDIT_ROUNDS sets the number of edits (and CLAUSE_LSP_SEED the seed) for longer runs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "lsp/positions.hpp"
#include "lsp/server.hpp"
#include "lsp/uri.hpp"

using namespace clause::lsp;
using nlohmann::json;

namespace {

#ifdef CLAUSE_SANITIZED
constexpr int default_rounds = 10;
#else
constexpr int default_rounds = 400;
#endif

// What an author types, and what a buffer holds when things go wrong.
const std::vector<std::string> snippets = {"rule ",
                                           "when ",
                                           "let ",
                                           "enum ",
                                           "record ",
                                           "input {",
                                           "decision ",
                                           "-> ",
                                           "(",
                                           ")",
                                           "{",
                                           "}",
                                           "[",
                                           "]",
                                           "\"",
                                           "{x}",
                                           "#",
                                           ".",
                                           "..",
                                           "==",
                                           " and ",
                                           " or ",
                                           "not ",
                                           "params.",
                                           "now",
                                           "any r in ",
                                           "where ",
                                           "has ",
                                           "Role.",
                                           "actor.",
                                           "customer.",
                                           "x",
                                           "42",
                                           "2024-02-30",
                                           "30 days",
                                           "\n",
                                           "\n\n",
                                           "\t",
                                           "é",
                                           "😀",
                                           "\x01",
                                           "reject CODE \"m\"",
                                           "import \"x.clause\"",
                                           "import \"../../etc/passwd\"",
                                           "table t: map<string, int> = {}",
                                           "policy p \"t\" version \"1\"",
                                           "length(",
                                           "matches(x, \"(\")",
                                           "if ",
                                           " then ",
                                           " else ",
                                           "warn ",
                                           ":",
                                           ",",
                                           "|",
                                           "??"};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class client {
 public:
  client() : server_("test") {}
  // Sends one message; returns what the server sent back, each checked.
  std::vector<json> send(const json& message) {
    std::vector<std::string> out;
    server_.handle({message.dump(-1, ' ', false, json::error_handler_t::replace), {}}, out);
    std::vector<json> replies;
    int answers = 0;
    for (const auto& body : out) {
      json reply = json::parse(body);  // throws (and fails the test) on anything but JSON
      if (reply.contains("error")) {
        INFO(body);
        CHECK(reply["error"]["code"] != -32603);
      }
      if (reply.contains("id")) ++answers;
      replies.push_back(std::move(reply));
    }
    CHECK(answers == (message.contains("id") ? 1 : 0));
    return replies;
  }
  json request(const std::string& method, json params) {
    return send({{"jsonrpc", "2.0"}, {"id", ++id_}, {"method", method}, {"params", params}});
  }
  void notify(const std::string& method, json params) {
    send({{"jsonrpc", "2.0"}, {"method", method}, {"params", params}});
  }

 private:
  server server_;
  int id_ = 0;
};

json position_json(position p) {
  return {{"line", p.line}, {"character", p.character}};
}

}  // namespace

TEST_CASE("random edits of the MCA files never crash the server or make it fail a request") {
  int rounds = default_rounds;
  if (const char* env = std::getenv("CLAUSE_LSP_EDIT_ROUNDS")) rounds = std::atoi(env);
  unsigned seed = 19;
  if (const char* env = std::getenv("CLAUSE_LSP_SEED")) seed = std::atoi(env);
  std::mt19937 random(seed);
  auto below = [&](std::size_t n) { return n == 0 ? 0 : random() % n; };

  const std::filesystem::path root = std::filesystem::path(CLAUSE_SOURCE_DIR) / "rules/mca";
  std::vector<std::pair<std::string, std::string>> files;  // uri, text
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.path().extension() == ".clause")
      files.emplace_back(path_to_uri(entry.path().string()), read_file(entry.path()));
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 5);

  client c;
  c.request("initialize", {{"rootUri", path_to_uri(root.string())}, {"capabilities", json{}}});
  c.notify("initialized", json::object());
  for (const auto& [uri, text] : files) {
    c.notify("textDocument/didOpen",
             {{"textDocument",
               {{"uri", uri}, {"languageId", "clause"}, {"version", 1}, {"text", text}}}});
  }
  for (int round = 0; round < rounds; ++round) {
    auto& [uri, text] = files[below(files.size())];
    const line_map before(text);
    const auto size = static_cast<std::uint32_t>(text.size());
    const std::uint32_t begin = static_cast<std::uint32_t>(below(size + 1));
    const std::uint32_t end = std::min<std::uint32_t>(size, begin + below(40));
    std::string inserted;
    switch (below(4)) {
      case 0:  // delete
        break;
      case 1:  // copy a piece of the file elsewhere
        inserted = text.substr(below(size), below(80));
        break;
      default:
        for (std::size_t n = 1 + below(3); n > 0; --n)
          inserted += snippets[below(snippets.size())];
    }
    json range = {{"start", position_json(before.to_position(begin))},
                  {"end", position_json(before.to_position(end))}};
    // Now and then a range the client got wrong: past the end of its line or of the file.
    if (below(20) == 0) range["end"] = {{"line", 100000}, {"character", 7}};
    c.notify("textDocument/didChange",
             {{"textDocument", {{"uri", uri}, {"version", round + 2}}},
              {"contentChanges", json::array({{{"range", range}, {"text", inserted}}})}});
    if (range["end"]["line"] == 100000) {
      text.replace(begin, std::string::npos, inserted);
    } else {
      text.replace(begin, end - begin, inserted);
    }
    // The server's copy must be the same as ours: formatting a file that parses gives it back
    // laid out, so compare through a full replacement every so often instead.
    if (below(10) == 0) {
      c.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", round + 2}}},
                                          {"contentChanges", json::array({{{"text", text}}})}});
    }
    const line_map after(text);
    const json at =
        position_json(after.to_position(static_cast<std::uint32_t>(below(text.size() + 1))));
    const json doc = {{"uri", uri}};
    c.request("textDocument/hover", {{"textDocument", doc}, {"position", at}});
    c.request("textDocument/definition", {{"textDocument", doc}, {"position", at}});
    c.request(
        "textDocument/references",
        {{"textDocument", doc}, {"position", at}, {"context", {{"includeDeclaration", true}}}});
    c.request("textDocument/completion", {{"textDocument", doc}, {"position", at}});
    c.request("textDocument/codeAction",
              {{"textDocument", doc},
               {"range", {{"start", position_json({0, 0})}, {"end", at}}},
               {"context", {{"diagnostics", json::array()}}}});
    if (below(5) == 0) c.request("textDocument/documentSymbol", {{"textDocument", doc}});
    if (below(10) == 0)
      c.request("textDocument/formatting",
                {{"textDocument", doc}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
    if (below(25) == 0)
      c.request("workspace/symbol", {{"query", snippets[below(snippets.size())]}});
  }
  c.request("shutdown", nullptr);
}
