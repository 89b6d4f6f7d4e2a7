#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "lang/diagnostic.hpp"

using namespace clause::lang;

TEST_CASE("a diagnostic renders as path:line:col, the source line, an underline and help") {
  source_set sources;
  const file_id f = sources.add("rules/p.clause", "policy p\n  when partnr.type == X\n");
  diagnostics ds;
  ds.error(code::unknown_name, span{f, 16, 22}, "unknown name `partnr`", "did you mean `partner`?");
  CHECK(render(ds, sources) ==
        "rules/p.clause:2:8: error[E0201]: unknown name `partnr`\n"
        " 2 |   when partnr.type == X\n"
        "   |        ^^^^^^\n"
        "  help: did you mean `partner`?\n");
  CHECK(ds.has_errors());
}

TEST_CASE("an empty span is underlined with one caret, a multi-line span to its line's end") {
  source_set sources;
  const file_id f = sources.add("x.clause", "abc\ndef\n");
  diagnostics ds;
  ds.error(code::syntax, span{f, 1, 1}, "expected x");
  ds.error(code::syntax, span{f, 1, 6}, "expected y");
  CHECK(render(ds, sources) ==
        "x.clause:1:2: error[E0101]: expected x\n"
        " 1 | abc\n"
        "   |  ^\n"
        "x.clause:1:2: error[E0101]: expected y\n"
        " 1 | abc\n"
        "   |  ^^\n");
}

TEST_CASE("a diagnostic about a whole file names the file only") {
  source_set sources;
  diagnostics ds;
  ds.error_in_file(code::io, "rules/missing", "cannot read `rules/missing`: no such file");
  CHECK(render(ds, sources) ==
        "rules/missing: error[E0001]: cannot read `rules/missing`: no such file\n");
}

TEST_CASE("diagnostics render as JSON with positions and escaped text") {
  source_set sources;
  const file_id f = sources.add("a\"b.clause", "x\n");
  diagnostics ds;
  ds.error(code::syntax, span{f, 0, 1}, "expected `\"`", "use \\");
  CHECK(render_json(ds, sources) ==
        "[\n  {\"severity\":\"error\",\"code\":\"E0101\",\"file\":\"a\\\"b.clause\",\"line\":1,"
        "\"column\":1,\"endLine\":1,\"endColumn\":2,\"message\":\"expected `\\\"`\","
        "\"help\":\"use \\\\\"}\n]\n");
  CHECK(render_json(diagnostics{}, sources) == "[]\n");
}

TEST_CASE("diagnostic codes are unique and well-formed") {
  std::set<std::string_view> ids;
  for (const code_info& c : all_codes) {
    CHECK(c.id.size() == 5);
    CHECK((c.id[0] == 'E' || c.id[0] == 'W'));
    CHECK(is_warning(c.value) == (c.id[0] == 'W'));
    CHECK(ids.insert(c.id).second);
    CHECK(!c.title.empty());
  }
}

TEST_CASE("diagnostics sort by file and position") {
  diagnostics ds;
  ds.error(code::syntax, span{1, 5, 6}, "c");
  ds.error(code::syntax, span{0, 9, 9}, "b");
  ds.error(code::syntax, span{0, 2, 3}, "a");
  ds.sort();
  CHECK(ds.items()[0].message == "a");
  CHECK(ds.items()[1].message == "b");
  CHECK(ds.items()[2].message == "c");
}
