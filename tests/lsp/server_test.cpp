// The server driven in-process where a scripted session cannot: files that change on disk while
// the editor is open.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "lsp/server.hpp"
#include "lsp/uri.hpp"

using namespace clause::lsp;
using nlohmann::json;

namespace {

std::vector<json> send(server& s, const json& message) {
  std::vector<std::string> out;
  s.handle({message.dump(), {}}, out);
  std::vector<json> messages;
  for (const auto& body : out)
    messages.push_back(json::parse(body));
  return messages;
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a file written on disk while the editor is open is checked again on its event") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("clause-lsp-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string policy =
      "policy p \"P\" version \"1\"\nimport \"more.clause\"\n"
      "decision d\n  outcomes ok | no\n  combine first\n  default ok\n"
      "rule r -> d\n  when limit > 3\n  no TOO \"Too.\"\n";
  write(dir / "policy.clause", policy);
  const std::string uri = path_to_uri((dir / "policy.clause").string());

  server s("test");
  send(s, {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", json::object()}});
  json document = {{"uri", uri}, {"languageId", "clause"}, {"version", 1}, {"text", policy}};
  auto opened = send(s, {{"jsonrpc", "2.0"},
                         {"method", "textDocument/didOpen"},
                         {"params", {{"textDocument", document}}}});
  REQUIRE(opened.size() == 1);
  // The import that fails, and the name it would have declared.
  REQUIRE(opened[0]["params"]["diagnostics"].size() == 2);
  CHECK(opened[0]["params"]["diagnostics"][0]["code"] == "E0403");
  CHECK(opened[0]["params"]["diagnostics"][1]["code"] == "E0201");

  write(dir / "more.clause", "let limit = 2\n");
  json event = {{"uri", path_to_uri((dir / "more.clause").string())}, {"type", 1}};
  auto changed = send(s, {{"jsonrpc", "2.0"},
                          {"method", "workspace/didChangeWatchedFiles"},
                          {"params", {{"changes", json::array({event})}}}});
  REQUIRE(changed.size() == 1);
  CHECK(changed[0]["params"]["uri"] == uri);
  CHECK(changed[0]["params"]["diagnostics"].empty());
  std::filesystem::remove_all(dir);
}
