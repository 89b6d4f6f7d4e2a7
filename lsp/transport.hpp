// JSON-RPC messages over a byte stream, framed as the Language Server Protocol frames them: a
// header block (`Content-Length: N`, other headers ignored) and a blank line, then N bytes of JSON.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace clause::lsp {

// A message body, or why the header block that should have announced one was unusable (the body,
// if any, has then been skipped, so the next message is read from a clean start).
struct frame {
  std::string body;
  std::string error;  // non-empty: no body; a JSON-RPC parse error should answer it
};

class transport {
 public:
  transport(std::FILE* in, std::FILE* out) : in_(in), out_(out) {}
  // The next frame, or nothing at the end of the input.
  std::optional<frame> read();
  // Writes one message, with its header, and flushes: a client waits for each reply.
  void write(const std::string& body);

 private:
  std::FILE* in_;
  std::FILE* out_;
};

}  // namespace clause::lsp
