// JSON case parsing: one reused document over a realistic ~1 KB case, the unit of work when
// binding millions of cases (the goal is well above 250 000 cases per second per core).
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>

#include "runtime/input/json.hpp"

namespace {

using namespace clause::runtime::json;

const std::string case_document =
    R"({"id":"c17","now":"2024-06-10T12:00:00Z","partner":{"tenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23","type":"DirectBill"},)"
    R"("actor":{"roles":["AdminAgent"],"channel":"UI"},"customer":{"tenantId":"8b3e6f21-4c0d-4a9e-b7f2-1d5c9e0a6b34","country":"SE",)"
    R"("isNew":true,"agreements":[{"primaryContact":{"firstName":"Ingrid","lastName":"Nakamura","email":"ingrid@contoso.example"},)"
    R"("templateId":"117a77b0-9360-443b-8795-c6dedc750cf9","dateAgreed":"2021-03-02T00:00:00","type":"MicrosoftCustomerAgreement",)"
    R"("partnerTenantId":"5f2b1c9e-0a3d-4e7f-9b21-6c8d4e0f1a23"}]},"agreement":{"primaryContact":{"firstName":"Ingrid",)"
    R"("lastName":"Nakamura","email":"ingrid@contoso.example"},"templateId":"117a77b0-9360-443b-8795-c6dedc750cf9",)"
    R"("type":"MicrosoftCustomerAgreement","dateAgreed":"2024-06-09"}})";

// The same case as a person would write it: indented, with non-ASCII and escapes in strings.
std::string pretty_case_document() {
  std::string text;
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < case_document.size(); ++i) {
    const char c = case_document[i];
    const auto new_line = [&] {
      text += "\n" + std::string(2 * static_cast<std::size_t>(depth), ' ');
    };
    if (c == '"' && (i == 0 || case_document[i - 1] != '\\')) in_string = !in_string;
    if (in_string) {
      text += c;
    } else if (c == '{' || c == '[') {
      text += c;
      ++depth;
      new_line();
    } else if (c == '}' || c == ']') {
      --depth;
      new_line();
      text += c;
    } else if (c == ',') {
      text += c;
      new_line();
    } else if (c == ':') {
      text += ": ";
    } else {
      text += c;
    }
  }
  const std::string_view ascii_name = "Ingrid";
  for (std::size_t at = text.find(ascii_name); at != std::string::npos;
       at = text.find(ascii_name, at))
    text.replace(at, ascii_name.size(), "Ingr\\u00efd \xC3\x85sa");
  return text;
}

void report(benchmark::State& state, std::size_t bytes) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}

void parse_case(benchmark::State& state, const std::string& text) {
  document doc;
  for (auto _ : state) {
    if (!doc.parse(text)) state.SkipWithError("the case does not parse");
    benchmark::DoNotOptimize(doc.root());
  }
  report(state, text.size());
}

void parse_case_compact(benchmark::State& state) {
  parse_case(state, case_document);
}
BENCHMARK(parse_case_compact);

void parse_case_pretty(benchmark::State& state) {
  static const std::string pretty = pretty_case_document();
  parse_case(state, pretty);
}
BENCHMARK(parse_case_pretty);

// Parse, then read what binding the MCA input schema reads: the cost per case as the CLI sees it.
void parse_and_read_case(benchmark::State& state) {
  document doc;
  for (auto _ : state) {
    if (!doc.parse(case_document)) state.SkipWithError("the case does not parse");
    const value& root = doc.root();
    const value* customer = root.find("customer");
    const value* agreement = root.find("agreement");
    const value* actor = root.find("actor");
    std::size_t read = root.find("id")->text().size() + root.find("now")->text().size();
    read += root.find("partner")->find("type")->text().size();
    read += actor->find("roles")->elements().size() + actor->find("channel")->text().size();
    read += customer->find("country")->text().size() + customer->find("isNew")->as_bool();
    for (const value& existing : customer->find("agreements")->elements())
      read += existing.find("type")->text().size() + existing.find("dateAgreed")->text().size();
    read += agreement->find("templateId")->text().size();
    read += agreement->find("dateAgreed")->text().size();
    for (const member& m : agreement->find("primaryContact")->members())
      read += m.value.text().size();
    benchmark::DoNotOptimize(read);
  }
  report(state, case_document.size());
}
BENCHMARK(parse_and_read_case);

// Newline-delimited cases through parse_prefix, as `clause eval` reads a stream.
void parse_ndjson_stream(benchmark::State& state) {
  std::string stream;
  for (int i = 0; i < 1000; ++i)
    stream += case_document + "\n";
  document doc;
  for (auto _ : state) {
    std::size_t at = 0;
    while (at < stream.size()) {
      const std::size_t used = doc.parse_prefix(std::string_view(stream).substr(at));
      if (used == 0) {
        state.SkipWithError("the stream does not parse");
        break;
      }
      at += used;
    }
    benchmark::DoNotOptimize(doc.root());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(stream.size()));
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(parse_ndjson_stream)->Unit(benchmark::kMicrosecond);

}  // namespace
