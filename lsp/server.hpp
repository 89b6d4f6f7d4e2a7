// `clause lsp`: the language server. Reads JSON-RPC messages, answers requests and publishes the
// bundle's diagnostics after every change. A message it cannot use gets a JSON-RPC error, never
// a crash: the server keeps serving.
#pragma once

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "lsp/protocol.hpp"
#include "lsp/transport.hpp"
#include "lsp/workspace.hpp"

namespace clause::lsp {

class server {
 public:
  explicit server(std::string version) : version_(std::move(version)) {}
  // Handles one frame; appends the messages to send (replies and notifications), in order.
  void handle(const frame& f, std::vector<std::string>& out);
  bool exited() const { return exited_; }
  // 0 after `shutdown` then `exit`, 1 when the client exits (or leaves) without `shutdown`.
  int exit_code() const { return shutdown_ ? 0 : 1; }

 private:
  json request(const std::string& method, const json& params, std::vector<std::string>& out);
  void notification(const std::string& method, const json& params, std::vector<std::string>& out);
  json initialize(const json& params);
  void change(const json& params);
  void publish(const std::string& path, std::vector<std::string>& out);

  std::string version_;
  workspace files_;
  bool initialized_ = false, shutdown_ = false, exited_ = false;
  // What was last published for each file, and by which bundle (its root and entry): only what
  // changed is sent again, and a file a bundle no longer holds is cleared.
  struct shown {
    std::pair<std::string, std::string> bundle;
    std::string diagnostics;  // as sent: the JSON array, written out
  };
  std::map<std::string, shown> shown_;
  // The bundle each published file was last checked in (its root and entry).
  std::map<std::string, std::pair<std::string, std::string>> homes_;
};

// Serves `in` and `out` until `exit` or the end of the input; returns the process's exit code.
int serve(std::FILE* in, std::FILE* out, const std::string& version);

}  // namespace clause::lsp
