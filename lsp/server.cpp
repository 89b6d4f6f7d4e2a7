#include "lsp/server.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <new>
#include <system_error>

#include "lsp/diagnostics.hpp"
#include "lsp/features.hpp"
#include "lsp/uri.hpp"

namespace clause::lsp {

namespace {

std::string dump(const json& j) {
  // A buffer may hold bytes that are not UTF-8; what is echoed of it must not stop the reply.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string reply(const json& id, json result) {
  return dump({{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

std::string error_reply(const json& id, int code, const std::string& message) {
  return dump({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

std::string notification_message(const std::string& method, json params) {
  return dump({{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}});
}

json capabilities() {
  return {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync",
       {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"completionProvider", {{"triggerCharacters", {"."}}}},
      {"documentSymbolProvider", true},
      {"workspaceSymbolProvider", true},
      {"documentFormattingProvider", true},
      {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
  };
}

// A request about a place in a document: the bundle's analysis, the file and the byte offset.
struct place {
  std::shared_ptr<const analysis> a;
  std::optional<lang::file_id> file;
  std::uint32_t offset = 0;
};

place locate(workspace& files, const json& params, bool with_position) {
  place p;
  const std::string path = document_path(params);
  const position at = with_position ? position_member(params, "position", "position") : position{};
  p.a = files.analyse(path);
  p.file = p.a->file_of(path);
  if (p.file) p.offset = line_map(p.a->sources().file(*p.file).text()).to_offset(at);
  return p;
}

}  // namespace

void server::handle(const frame& f, std::vector<std::string>& out) {
  if (!f.error.empty()) {
    out.push_back(error_reply(nullptr, error_code::parse_error, f.error));
    return;
  }
  json message;
  try {
    message = json::parse(f.body);
  } catch (const json::parse_error& e) {
    out.push_back(error_reply(nullptr, error_code::parse_error,
                              fmt::format("the message is not JSON (at byte {})", e.byte)));
    return;
  }
  if (!message.is_object()) {
    out.push_back(
        error_reply(nullptr, error_code::invalid_request, "a message must be a JSON object"));
    return;
  }
  json id = nullptr;
  const bool has_id = message.contains("id");
  if (has_id) {
    id = message["id"];
    if (!id.is_string() && !id.is_number_integer() && !id.is_null()) {
      out.push_back(
          error_reply(nullptr, error_code::invalid_request, "`id` must be a string or an integer"));
      return;
    }
  }
  if (!message.contains("method")) {
    if (message.contains("result") || message.contains("error")) return;  // a client's reply
    out.push_back(error_reply(id, error_code::invalid_request, "`method` is missing"));
    return;
  }
  if (!message["method"].is_string() || message.value("jsonrpc", json()) != "2.0") {
    out.push_back(error_reply(id, error_code::invalid_request,
                              !message["method"].is_string() ? "`method` must be a string"
                                                             : "`jsonrpc` must be \"2.0\""));
    return;
  }
  const std::string method = message["method"].get<std::string>();
  // Omitted and null both mean no parameters (clients differ, for `shutdown` and `exit`).
  json params = message.value("params", json::object());
  if (params.is_null()) params = json::object();
  if (!params.is_object() && !params.is_array()) {
    if (has_id)
      out.push_back(error_reply(id, error_code::invalid_params, "`params` must be an object"));
    return;
  }
  try {
    if (has_id) {
      json result = request(method, params, out);
      out.push_back(reply(id, std::move(result)));
    } else {
      notification(method, params, out);
    }
  } catch (const rpc_error& e) {
    if (has_id) {
      out.push_back(error_reply(id, e.code(), e.what()));
    } else {
      out.push_back(notification_message(
          "window/logMessage",
          {{"type", 1}, {"message", fmt::format("clause: `{}`: {}", method, e.what())}}));
    }
  } catch (const std::bad_alloc&) {
    if (has_id) out.push_back(error_reply(id, error_code::request_failed, "out of memory"));
  } catch (const std::exception& e) {
    // A bug of the server's: the tests (tests/lsp/) make sure no message ever reaches this.
    if (has_id) out.push_back(error_reply(id, error_code::internal_error, e.what()));
  }
}

json server::initialize(const json& params) {
  std::string root;
  if (params.contains("rootUri") && params["rootUri"].is_string()) {
    if (auto p = uri_to_path(params["rootUri"].get<std::string>())) root = *p;
  } else if (params.contains("rootPath") && params["rootPath"].is_string()) {
    root = params["rootPath"].get<std::string>();
  }
  if (root.empty() && params.contains("workspaceFolders") &&
      params["workspaceFolders"].is_array() && !params["workspaceFolders"].empty()) {
    const json& folder = params["workspaceFolders"][0];
    if (folder.is_object() && folder.contains("uri") && folder["uri"].is_string()) {
      if (auto p = uri_to_path(folder["uri"].get<std::string>())) root = *p;
    }
  }
  if (!root.empty()) files_.set_root(normal_path(root));
  initialized_ = true;
  return {{"capabilities", capabilities()},
          {"serverInfo", {{"name", "clause"}, {"version", version_}}}};
}

json server::request(const std::string& method, const json& params, std::vector<std::string>& out) {
  (void)out;
  if (method == "initialize") {
    if (initialized_) throw rpc_error(error_code::invalid_request, "the server is initialized");
    return initialize(params);
  }
  if (!initialized_) {
    throw rpc_error(error_code::server_not_initialized,
                    fmt::format("`{}` before `initialize`", method));
  }
  if (shutdown_) {
    throw rpc_error(error_code::invalid_request,
                    fmt::format("`{}` after `shutdown`: only `exit` is expected", method));
  }
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "textDocument/hover") {
    const place p = locate(files_, params, true);
    return p.file ? hover(*p.a, *p.file, p.offset) : json(nullptr);
  }
  if (method == "textDocument/definition") {
    const place p = locate(files_, params, true);
    return p.file ? definition(*p.a, *p.file, p.offset) : json(nullptr);
  }
  if (method == "textDocument/references") {
    const place p = locate(files_, params, true);
    bool declaration = true;
    if (params.contains("context") && params["context"].is_object())
      declaration = params["context"].value("includeDeclaration", true);
    return p.file ? references(*p.a, *p.file, p.offset, declaration) : json::array();
  }
  if (method == "textDocument/completion") {
    const place p = locate(files_, params, true);
    if (!p.file) return json::array();
    return completion(*p.a, *p.file, p.a->sources().file(*p.file).text(), p.offset);
  }
  if (method == "textDocument/documentSymbol") {
    const place p = locate(files_, params, false);
    return p.file ? document_symbols(*p.a, *p.file) : json::array();
  }
  if (method == "workspace/symbol") {
    const json& query = member(params, "query", "query");
    if (!query.is_string()) throw rpc_error(error_code::invalid_params, "`query` must be a string");
    return workspace_symbols(files_.all_bundles(), query.get<std::string>());
  }
  if (method == "textDocument/formatting") {
    const std::string path = document_path(params);
    if (const std::string* text = files_.buffer(path)) return formatting(path, *text);
    const auto a = files_.analyse(path);
    const auto file = a->file_of(path);
    return file ? formatting(path, a->sources().file(*file).text()) : json::array();
  }
  if (method == "textDocument/codeAction") {
    const place p = locate(files_, params, false);
    if (!p.file) return json::array();
    const json& range = member(params, "range", "range");
    const line_map lines(p.a->sources().file(*p.file).text());
    const lang::span wanted{*p.file,
                            lines.to_offset(position_member(range, "start", "range.start")),
                            lines.to_offset(position_member(range, "end", "range.end"))};
    return code_actions(*p.a, *p.file, wanted, path_to_uri(p.a->path_of(*p.file)));
  }
  throw rpc_error(error_code::method_not_found, fmt::format("no method `{}`", method));
}

void server::change(const json& params) {
  const std::string path = document_path(params);
  std::string* text = files_.buffer(path);
  if (!text) {
    throw rpc_error(error_code::invalid_params, fmt::format("`{}` is not open", path_to_uri(path)));
  }
  const json& changes = member(params, "contentChanges", "contentChanges");
  if (!changes.is_array())
    throw rpc_error(error_code::invalid_params, "`contentChanges` must be an array");
  for (const json& c : changes) {
    std::string replacement = string_member(c, "text", "contentChanges[].text");
    if (!c.contains("range")) {
      *text = std::move(replacement);
      continue;
    }
    const json& range = member(c, "range", "contentChanges[].range");
    const line_map lines(*text);
    const std::uint32_t begin = lines.to_offset(position_member(range, "start", "range.start"));
    const std::uint32_t end =
        std::max(begin, lines.to_offset(position_member(range, "end", "range.end")));
    text->replace(begin, end - begin, replacement);
  }
  files_.touch();
}

void server::notification(const std::string& method, const json& params,
                          std::vector<std::string>& out) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  if (!initialized_ || shutdown_) return;  // the protocol drops them
  if (method == "textDocument/didOpen") {
    const std::string path = document_path(params);
    const json& doc = member(params, "textDocument", "textDocument");
    files_.open(path, string_member(doc, "text", "textDocument.text"));
    publish(path, out);
  } else if (method == "textDocument/didChange") {
    change(params);
    publish(document_path(params), out);
  } else if (method == "textDocument/didSave") {
    const std::string path = document_path(params);
    if (params.contains("text") && params["text"].is_string() && files_.buffer(path))
      *files_.buffer(path) = params["text"].get<std::string>();
    files_.touch();  // what is on disk changed
    publish(path, out);
  } else if (method == "textDocument/didClose") {
    const std::string path = document_path(params);
    files_.close(path);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) {
      publish(path, out);
    } else if (auto home = homes_.find(path); home != homes_.end()) {
      // A buffer never saved: its bundle goes on without it, and it has nothing left to show.
      publish(home->second.first + "/" + home->second.second, out);
      homes_.erase(path);
      if (auto it = shown_.find(path); it != shown_.end() && it->second.diagnostics != "[]") {
        out.push_back(
            notification_message("textDocument/publishDiagnostics",
                                 {{"uri", path_to_uri(path)}, {"diagnostics", json::array()}}));
        shown_.erase(it);
      }
    }
  } else if (method == "workspace/didChangeWatchedFiles") {
    // A file on disk changed (a data file, an import not open): check the open files' bundles
    // again; only diagnostics that changed are sent.
    files_.touch();
    for (const std::string& path : files_.open_paths())
      publish(path, out);
  }
}

void server::publish(const std::string& path, std::vector<std::string>& out) {
  const auto a = files_.analyse(path);
  const std::pair<std::string, std::string> bundle{a->root, a->entry};
  homes_[path] = bundle;
  auto by_file = diagnostics_by_file(*a);
  for (const auto& [file, last] : shown_) {
    if (last.bundle == bundle && !by_file.count(file)) by_file[file] = json::array();
  }
  for (auto& [file, list] : by_file) {
    std::string text = dump(list);
    auto it = shown_.find(file);
    const bool same = it == shown_.end() ? list.empty() : it->second.diagnostics == text;
    if (same) continue;
    out.push_back(notification_message("textDocument/publishDiagnostics",
                                       {{"uri", path_to_uri(file)}, {"diagnostics", list}}));
    shown_[file] = {bundle, std::move(text)};
  }
}

int serve(std::FILE* in, std::FILE* out, const std::string& version) {
  transport channel(in, out);
  server s(version);
  std::vector<std::string> outgoing;
  while (!s.exited()) {
    auto f = channel.read();
    if (!f) break;
    outgoing.clear();
    s.handle(*f, outgoing);
    for (const auto& m : outgoing)
      channel.write(m);
  }
  return s.exit_code();
}

}  // namespace clause::lsp
