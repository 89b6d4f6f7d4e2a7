// Text from a case (ids, values, error messages) shown to people on a terminal: control
// characters would shift a table's columns or drive the terminal (an escape sequence can set the
// window title or clear the screen), so they are written as escapes. JSON and YAML records escape
// on their own.
#pragma once

#include <string>
#include <string_view>

namespace clause::runtime {

// `\t`, `\n`, `\r` and `\xHH` for the other C0 controls and DEL; `\u0080`..`\u009f` for the C1
// controls (UTF-8 `C2 80`..`C2 9F`). Everything else as it is.
void append_printable(std::string& out, std::string_view text);
std::string printable(std::string_view text);
// Whether `text` has anything `append_printable` would escape.
bool needs_escaping(std::string_view text);

}  // namespace clause::runtime
