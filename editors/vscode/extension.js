// The VS Code client: starts `clause lsp` (the `clause.path` setting, `clause` on PATH by default)
// for .clause files. Everything else (diagnostics, hover, completion…) comes from the server.
const { workspace } = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = workspace.getConfiguration("clause").get("path", "clause");
  const server = { command, args: ["lsp"] };
  client = new LanguageClient("clause", "clause", server, {
    documentSelector: [{ scheme: "file", language: "clause" }],
    // A data file or an unopened .clause file changed on disk: the server checks again.
    synchronize: { fileEvents: workspace.createFileSystemWatcher("**/*.{clause,yaml}") },
  });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
