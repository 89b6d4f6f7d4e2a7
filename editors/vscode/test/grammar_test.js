// The TextMate grammar, tokenized with the engine VS Code uses (vscode-textmate on the Oniguruma
// WebAssembly build): test/sample.clause against its golden scopes (test/sample.scopes;
// UPDATE_GOLDEN=1 rewrites it), and every .clause file of the repository for what must hold of
// any file: each line ends outside strings and placeholders, every `#` outside a string starts a
// comment, and every keyword of the language (lsp/keywords.hpp) is scoped as one.
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const extension = path.resolve(__dirname, "..");
const repository = path.resolve(extension, "../..");
const grammarPath = path.join(extension, "syntaxes/clause.tmLanguage.json");

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scope) =>
      scope === "source.clause"
        ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath)
        : null,
  });
  return registry.loadGrammar("source.clause");
}

function tokenize(grammar, text) {
  let state = vsctm.INITIAL;
  return text.split("\n").map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    const tokens = r.tokens.map((t) => ({
      text: line.substring(t.startIndex, t.endIndex),
      column: t.startIndex,
      scopes: t.scopes.filter((s) => s !== "source.clause"),
    }));
    return { line, tokens, depth: state.depth };
  });
}

function languageKeywords() {
  const header = fs.readFileSync(path.join(repository, "lsp/keywords.hpp"), "utf8");
  const list = header.slice(header.indexOf("keywords[] = {"));
  return new Set([...list.matchAll(/"([a-z]+)"/g)].map((m) => m[1]));
}

function clauseFiles() {
  const out = execFileSync("git", ["ls-files", "*.clause", "**/*.clause"], { cwd: repository });
  return [...new Set(out.toString().split("\n").filter(Boolean))].sort();
}

async function main() {
  const grammar = await loadGrammar();
  const failures = [];

  // The golden scopes of the sample.
  const samplePath = path.join(__dirname, "sample.clause");
  const shown = [];
  tokenize(grammar, fs.readFileSync(samplePath, "utf8")).forEach((l, i) => {
    for (const t of l.tokens) {
      if (t.text.trim() === "") continue;
      shown.push(`${i + 1}:${t.column + 1} ${JSON.stringify(t.text)} ${t.scopes.join(" ")}`);
    }
  });
  const goldenPath = path.join(__dirname, "sample.scopes");
  const got = shown.join("\n") + "\n";
  if (process.env.UPDATE_GOLDEN === "1") {
    fs.writeFileSync(goldenPath, got);
    console.log(`updated ${goldenPath}`);
  } else if (got !== fs.readFileSync(goldenPath, "utf8")) {
    const expected = fs.readFileSync(goldenPath, "utf8").split("\n");
    got.split("\n").forEach((line, i) => {
      if (line !== expected[i]) failures.push(`sample.scopes line ${i + 1}: expected ${expected[i]}, got ${line}`);
    });
  }

  // What holds of every file.
  const keywords = languageKeywords();
  if (keywords.size < 40) failures.push(`only ${keywords.size} keywords read from lsp/keywords.hpp`);
  const files = clauseFiles();
  let lines = 0;
  for (const file of files) {
    const tokenized = tokenize(grammar, fs.readFileSync(path.join(repository, file), "utf8"));
    tokenized.forEach((l, i) => {
      lines++;
      const where = `${file}:${i + 1}`;
      if (l.depth !== 1) failures.push(`${where}: the line ends inside a string or placeholder`);
      for (const t of l.tokens) {
        const scopes = t.scopes.join(" ");
        const inString = /string|comment/.test(scopes) && !/meta\.embedded/.test(t.scopes.at(-1));
        if (t.text.startsWith("#") && !/string/.test(scopes) && !/comment/.test(scopes))
          failures.push(`${where}:${t.column + 1}: \`#\` outside a string is not a comment`);
        if (!inString && keywords.has(t.text.trim()) && !/keyword|support\.type|constant\.language/.test(scopes))
          failures.push(`${where}:${t.column + 1}: keyword \`${t.text}\` scoped ${scopes}`);
      }
    });
  }
  if (files.length < 20) failures.push(`only ${files.length} .clause files found`);
  for (const f of failures.slice(0, 50)) console.log(f);
  if (failures.length) {
    console.log(`${failures.length} failures`);
    process.exit(1);
  }
  console.log(`grammar: sample scopes as expected; ${files.length} files, ${lines} lines tokenized`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
