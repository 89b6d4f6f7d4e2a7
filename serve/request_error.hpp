// What a client got wrong in a request, as the HTTP status and the error body that say so:
// `{"error":{"code":"…","message":"…","help":"…"}}`, the shape of the contract's error records.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace clause::serve {

struct request_error : std::runtime_error {
  request_error(unsigned status_code, std::string error_code, const std::string& message,
                std::string help_text = {})
      : std::runtime_error(message),
        status(status_code),
        code(std::move(error_code)),
        help(std::move(help_text)) {}
  unsigned status;
  std::string code;
  std::string help;
};

// The error body, one line of JSON with a newline.
std::string error_body(std::string_view code, std::string_view message, std::string_view help = {});

}  // namespace clause::serve
