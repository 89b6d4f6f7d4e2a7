#include "cli/commands.hpp"

namespace clause::cli {

namespace {

constexpr std::string_view eval_help =
    R"(usage: clause eval --policy DIR [--now DATETIME] [--locale TAG] [--param NAME=VALUE]...
                   [--format json|yaml|table] [--explain] [--explain-lets] [--jobs N]
                   [--width N | --wide]
                   [--expr EXPRESSION] [--pretty] [FILE...]

Decides cases against the policy bundle in DIR and prints one record per case, in input order.
FILE is YAML (one or several `---` documents; a top-level list holds several cases), JSON (an
object, or an array of cases) or NDJSON (`.ndjson`/`.jsonl`, one case per line); `-` or no FILE
reads standard input. YAML and NDJSON are streamed: memory stays flat whatever the input size.

options:
  --policy DIR          the policy bundle (required)
  --now DATETIME        the clock for cases without `now` (default: the system clock)
  --locale TAG          the message language for cases without `locale` (default: en)
  --param NAME=VALUE    override a policy parameter for every case (a case's `params` wins)
  --format json|yaml|table
                        one JSON object per line (default), YAML documents, or a table
  --explain             also name the rules that decided, and why the others did not fire
  --explain-lets        --explain, and how each let got its value (for a `bool` let: the part
                        that made it true, or the first part that was false, with what it read)
  --pretty              JSON records laid out for reading, over several lines each
  --jobs N              decide on N threads (default, and 0: every core this process may use);
                        records still come out in input order
  --width N             a table's widest line: long cells wrap within their column (default:
                        the terminal's width on a terminal, else no limit)
  --wide                a table's cells each on one line, however wide
  --expr EXPRESSION     instead of the decisions, the value of one expression of the language on
                        each case, with its type (`{"id":…,"type":"int","value":3}`): checked
                        against the policy's input, with its lets and params in scope

exit codes: 0 every case was decided, 1 a record is an error record, 2 usage error or a policy
that does not load (its diagnostics on standard error, and no records), 3 the run stopped because
the records could not be written (a full disk, a closed pipe) or memory ran out
)";

constexpr std::string_view explain_help =
    R"(usage: clause explain --policy DIR [--format table|json|yaml] [eval's options] [FILE...]

Why the policy decided what it did: `clause eval --explain`, as a table for people by default.
Each decision names the rules that fired and where they are (file:line:column), and for every
other rule the first part of its condition that was false, with the value it read; then the lets
the case evaluated, with their values (`--explain-lets`: and how each got it). Every option of
`clause eval` applies (`clause eval --help`).

exit codes: as `clause eval`: 0 every case was decided, 1 a record is an error record, 2 usage
error or a policy that does not load, 3 the records could not be written
)";

constexpr std::string_view check_help =
    R"(usage: clause check [--format human|json] [--deny-warnings] PATH

Parses and checks a policy bundle and prints its diagnostics: errors (`E` codes), and warnings
(`W` codes) for what is allowed but almost certainly a mistake, such as an unused `let` or a rule
that can never fire. PATH is a bundle directory (its entry file is `policy.clause`) or a single
`.clause` file. Every code is explained in lang/README.md.

options:
  --format human    diagnostics on standard error, a summary on standard output (default)
  --format json     a JSON array of diagnostics on standard output, for editors and CI
  --deny-warnings   fail (exit 1) when there are warnings, as CI jobs do

exit codes: 0 the bundle checks (warnings allowed), 1 it has errors (or warnings, with
--deny-warnings), 2 usage error or no bundle at PATH, 3 the output could not be written
)";

constexpr std::string_view test_help =
    R"(usage: clause test [--run PATTERN] [--format text|json] [--min-coverage N] DIR

Runs the tests of the policy bundle in DIR. Every YAML file in DIR/tests holds test cases (YAML
documents, or items of a top-level list): a case of the policy's input with an `expect` key that
names the decisions it must get (outcome, codes, warnings, messages, payload fields) or the error
it must give (`error: {path: FIELD}`). lang/README.md, "Testing a bundle", describes the format.

Each file is checked before its cases run: a mistake in it (YAML that does not parse, a case
without `expect`, a misspelt decision, outcome or key, a value of the wrong shape, an id that is
not a string or is used twice) is reported at its file:line:column, with the case's id, and that
case does not run; the other cases and files still do. A failure shows expected against actual
and the rules that decided. Then coverage: the rules no case made fire, the lets no case
evaluated, and the parts of `and`/`or` (in rule conditions and lets) that never decided their
condition: in `a and b`, `a` decides when it is false, `b` when `a` is true; the other way round
for `or`.

options:
  --run PATTERN       run only the cases whose id matches PATTERN, an ECMAScript regular
                      expression found anywhere in the id (as `opa test --run`): a plain word runs
                      the ids that contain it; coverage is then that of the cases run
  --format text|json  the report as text (default), or as one JSON document on standard output
  --min-coverage N    fail when the coverage is below N percent: (rules fired + lets evaluated +
                      and/or parts decisive) / (rules + lets + and/or parts), the `coverage:` line

exit codes: 0 every case passed (and the coverage is at least --min-coverage), 1 a case failed, a
test file has a mistake, no case matched --run, or the coverage is below --min-coverage, 2 usage
error, a policy that does not load or a bundle without tests, 3 the report could not be written (a
full disk, a closed pipe)
)";

constexpr std::string_view fmt_help =
    R"(usage: clause fmt [-w | --check] PATH...

Lays out .clause files canonically: indentation, spacing, blank lines and line breaks (see
"Formatting" in lang/README.md). Only white space changes: tokens, comments and parentheses stay
as written. PATH is a file or a directory, for every .clause file under it, in sorted order.
Without an option, prints the formatted text of each file on standard output.

options:
  -w, --write   rewrite in place each file whose layout changes, and print nothing
  --check       print a unified diff of each file that is not formatted, and change nothing

A file that does not parse is left alone: its syntax errors go to standard error, and the other
files are still formatted.

exit codes: 0 done (with --check: every file is formatted), 1 a file is not formatted (--check),
does not parse or cannot be read or written, 2 usage error or a PATH that does not exist, 3 the
output could not be written
)";

constexpr std::string_view diff_help =
    R"(usage: clause diff [--format human|json|ndjson] [--examples N] [--max-changed K]
                   [--now DATETIME] [--locale TAG] [--param NAME=VALUE]... [--jobs N]
                   OLD NEW [FILE...]

Decides every case under two versions of a policy and reports the cases whose decisions differ:
per decision, the outcome transitions with counts (`allow → block`), codes and warnings added and
removed, payload fields changed, and cases whose messages alone changed, each with example case
ids; cases decided under one bundle and an error record under the other; and the declarations
added, removed and modified (rules, lets, params, enum values, table rows, messages, decisions,
input fields) with `file:line`.

OLD and NEW are bundle directories, or `REV:DIR`: DIR (relative to the current directory) as it
is at git revision REV of the current repository, e.g. `clause diff main:rules/mca rules/mca`. A
directory that exists is read as a directory, whatever its name. FILE is read as by `clause eval`
(YAML, JSON, NDJSON; `-` is standard input); without FILE, the YAML files of both bundles'
`tests/` directories are the cases.

options:
  --format human        a summary for people (default)
  --format json         the summary as one JSON document
  --format ndjson       one line per changed case, with its record under each bundle
  --examples N          example case ids per line of the summary (default 3)
  --max-changed K       exit 1 only when more than K cases changed (default 0)
  --now, --locale, --jobs
                        as for `clause eval`, the same for both bundles
  --param NAME=VALUE    as for `clause eval`, for each bundle that declares NAME

A case changed when a decision's outcome, codes, warnings or payload differ, when a decision is
taken under one bundle only, or when the case is decided under one bundle and an error record
under the other. Cases whose messages alone changed are counted apart, and do not count as
changed. Error records under both bundles are not a change; cases that cannot be read at all
(a document that is not YAML) are counted on standard error. A case file that does not exist is a
usage error.

exit codes: 0 no case changed (or no more than K), 1 cases changed, 2 usage error or a bundle
that does not load (its diagnostics on standard error), 3 the output could not be written
)";

constexpr std::string_view verify_help =
    R"(usage: clause verify [--list-bound K] [--timeout SECONDS | --rlimit N] [--param NAME=VALUE]...
                     [--format yaml|json] [--timing] [--properties] [--property NAME]...
                     [--no-tests] DIR
       clause verify [options] --against OLD NEW

Proves what can be proved of the policy bundle in DIR with the Z3 solver, and finds the case that
breaks what cannot:
  rules       whether each rule can fire (given the input, its decision's `when`, its period and,
              in a `first` decision, the rules before it); one that cannot is reported with why
  gaps        for each decision, whether a case reaches its `default` (a note, with the case), and
              for a `unique` decision whether two rules can match one case (a conflict)
  properties  each `property` of the bundle (lang/README.md, "property"): proved, or a
              counterexample
With --against, for each decision of both versions: either no case can be decided differently
by NEW than by OLD, or a case that is.

The bundle's own cases (the YAML files of DIR/tests, as `clause test` runs them) are tried first:
a rule one of them fires, a default one reaches or a conflict one shows is reported with that
case's id and place, without a search (not with --param, where a case could set its own values).

Every case shown is in the input format of `clause eval`, and was run through the evaluator
first: a case the evaluator does not confirm is reported as `unknown` (an encoding mismatch),
never as a finding. Lists in a case have at most K elements (a proof says so); a construct the
encoding lacks, or a solver that gives up, makes an answer `unknown` with the reason.

options:
  --list-bound K        the most elements of a list in a case (default 3)
  --timeout SECONDS     the solver's time per question (default 10); past it, `unknown`
  --rlimit N            instead of a time, the solver's work per question (Z3's resource count):
                        the same answers on any machine under any load (the tests use it)
  --param NAME=VALUE    fix a parameter (default: every value of every parameter is considered)
  --format yaml|json    how cases are printed (default yaml)
  --timing              show each question's time and the total
  --properties          ask about the properties only (not rules and gaps)
  --property NAME       ask about this property only (repeatable; implies --properties)
  --no-tests            ask the solver every question (see below)
  --against OLD NEW     compare two versions of a bundle (same input and parameters)

exit codes: 0 everything proved (notes allowed), 1 a property fails, a rule can never fire, a
`unique` decision can conflict, or two versions decide a case differently, 2 usage error or a
bundle that does not load, 3 some answers are unknown (and none fails), or the report could not be
written
)";

constexpr std::string_view lsp_help =
    R"(usage: clause lsp [--stdio]

A language server for editors (the Language Server Protocol, JSON-RPC over standard input and
output): an editor starts it and talks to it; people do not type to it. For every .clause file
open in the editor, it checks the whole bundle the file belongs to (the nearest `policy.clause`
above it that imports it, else the file alone), with unsaved buffers in place of the files on
disk, and publishes the diagnostics of `clause check` as the author types. It also answers hover
(types, definitions, enum values, builtins), go to definition, find references, completion,
document and workspace symbols, formatting (`clause fmt`) and quick fixes for misspelt names.
Setting it up in VS Code, Neovim and Emacs: README.md, "Editors".

options:
  --stdio       accepted for editors' clients that pass it: standard input and output are the
                only channel

exit codes: 0 after the client's `shutdown` and `exit`, 1 when the client leaves without
`shutdown`, 2 usage error
)";

constexpr std::string_view serve_help =
    R"(usage: clause serve --policy DIR [--listen HOST:PORT] [--jobs N] [--now DATETIME]
                    [--locale TAG] [--param NAME=VALUE]... [--decision-log FILE [--log-input]]
                    [limits]

Serves decisions over HTTP/1.1 (keep-alive), for hosts in any language, and reloads the policy
bundle in DIR when its files change, on SIGHUP and on `POST /v1/reload`. A bundle that does not
load is refused: the live one stays, and the error is shown by `GET /v1/policy` and the metrics.
A request is decided entirely by the bundle live when it started.

routes:
  POST /v1/decide        one case (a JSON object) -> its record, as `clause eval --format json`;
                         422 with the error record when it does not fit the input, 400 when it
                         is not JSON; query: `explain`, `now`, `locale`, `param.NAME=VALUE`
  POST /v1/decide/batch  NDJSON cases -> one record per line, in order, streamed (same query)
  GET  /v1/policy        name, version, content digest, load time, last reload error
  POST /v1/reload        reload now: 200 with the new bundle, 422 with why it was refused
  GET  /healthz, /readyz liveness; readiness (503 while stopping)
  GET  /metrics          Prometheus text: requests, latencies, decisions, reloads, the digest

options:
  --policy DIR              the policy bundle (required)
  --listen HOST:PORT        the address to listen on (default 127.0.0.1:8181; port 0: any free
                            port, printed on standard output)
  --jobs N                  serving threads (default, and 0: every core this process may use)
  --now, --locale, --param  as for `clause eval`: the defaults a request's query overrides
  --decision-log FILE       one NDJSON line per decided case, written off the request path and
                            rotated to FILE.1 past --decision-log-max-bytes (default 64M); when
                            the disk does not keep up, lines are dropped and counted
  --log-input               put each case in its decision log line
  --decision-log-queue N    lines waiting to be written before they are dropped (default 65536)
  --max-body BYTES          the largest /v1/decide body (default 1M); larger: 413
  --max-batch-body BYTES    the largest /v1/decide/batch body (default 64M); larger: 413 (or,
                            for NDJSON decided as it arrives, a last error line)
  --max-header BYTES        the largest request headers (default 8K); larger: 431
  --request-timeout SECONDS a request must arrive whole within it (default 10); else 408 (an
                            NDJSON batch decided as it arrives: each wait for its next part)
  --idle-timeout SECONDS    a kept-alive connection with no request is closed (default 60)
  --max-connections N       connections beyond it are answered 503 and closed (default 512)
  --no-watch                reload on SIGHUP and POST /v1/reload only, not when files change

SIGTERM or SIGINT: stop accepting, finish the requests in flight, exit 0.

exit codes: 0 stopped by a signal, 2 usage error, a policy that does not load, or an address
that cannot be listened on
)";

}  // namespace

const std::vector<command>& all_commands() {
  static const std::vector<command> commands = {
      {"eval", "decide cases against a policy", eval_help, run_eval},
      {"explain", "why the policy decides a case as it does (eval --explain, for people)",
       explain_help, run_explain},
      {"check", "check a policy bundle and print its diagnostics", check_help, run_check},
      {"test", "run a policy bundle's tests, with coverage", test_help, run_test},
      {"fmt", "lay out .clause files canonically (print, -w rewrite, --check)", fmt_help, run_fmt},
      {"diff", "show which cases two versions of a policy decide differently", diff_help, run_diff},
      {"verify", "prove a policy's properties with Z3, or find the case that breaks one",
       verify_help, run_verify},
      {"lsp", "the language server for editors (LSP over standard input and output)", lsp_help,
       run_lsp},
      {"serve", "serve decisions over HTTP, reloading the policy safely", serve_help, run_serve},
  };
  return commands;
}

}  // namespace clause::cli
