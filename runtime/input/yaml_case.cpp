#include "runtime/input/yaml_case.hpp"

#include <new>
#include <vector>

#include "runtime/input/utf8.hpp"

namespace clause::runtime {

bool load_yaml_case(std::string_view text, bool list_item, std::size_t first_line, YAML::Node& out,
                    yaml_case_error& error) {
  // reset, not assignment: assigning to a node writes through to the nodes it shares.
  out.reset();
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    error.at = lang::locate(text, bad);
    error.at.line += static_cast<std::uint32_t>(first_line - 1);
    error.message = invalid_utf8_message(text[bad]);
    return false;
  }
  try {
    // yaml-cpp reads a second node after the first as a document of its own: all are loaded so
    // that one more than the case is seen, never dropped.
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
    if (documents.size() > 1) {
      error.at = lang::locate_yaml_mark(documents[1].Mark(), first_line);
      error.message = list_item ? "more content after this list item: each line of a top-level "
                                  "list starts an item with `- `"
                                : "more content after the case: a document holds one case "
                                  "(start the next one with `---`)";
      return false;
    }
    if (documents.empty()) return true;
    out.reset(list_item && documents[0].IsSequence() && documents[0].size() == 1 ? documents[0][0]
                                                                                 : documents[0]);
    return true;
  } catch (const YAML::Exception& e) {
    error.at = lang::locate_yaml_mark(e.mark, first_line);
    error.message = e.msg;
  } catch (const std::bad_alloc&) {
    error.at = {static_cast<std::uint32_t>(first_line), 1};
    error.message = "out of memory reading this case";
  }
  out.reset();
  return false;
}

}  // namespace clause::runtime
