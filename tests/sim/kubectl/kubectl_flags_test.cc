// The flag scanner on its own: verbs, -n anywhere, pflag's spellings, the word to blame.
#include "sim/kubectl/kubectl_flags.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

std::vector<Word> Words(std::string_view line) {
  std::vector<Word> words;
  REQUIRE_FALSE(TokenizeLine(line, words));
  return words;
}

TEST_CASE("the scanner sorts a line into verb, positional words and flags as pflag reads them",
          "[kubectl]") {
  const std::vector<Word> words = Words("kubectl get svc web -n=prod --output wide -A -owide");
  ScannedLine line(words);
  REQUIRE_FALSE(Scan(line));
  REQUIRE(line.verb != nullptr);
  CHECK(line.verb->verb == Verb::kGet);
  CHECK(line.verb_word == 1);
  CHECK(line.ns == "prod");
  REQUIRE(line.args.size() == 2);
  CHECK(line.args[0].text == "svc");
  CHECK(line.args[1].word == 3);
  REQUIRE(line.Last(Flag::kOutput) != nullptr);
  CHECK(line.Last(Flag::kOutput)->spelled == "-o");  // the last of a repeated flag wins
  CHECK(line.All(Flag::kOutput) == std::vector<std::string>{"wide", "wide"});
  REQUIRE(line.Last(Flag::kAllNamespaces) != nullptr);
  CHECK(line.Last(Flag::kAllNamespaces)->value == "true");
}

TEST_CASE("the scanner refuses an unknown flag, a missing value and a switch value Go rejects",
          "[kubectl]") {
  const auto error_of = [](std::string_view text) {
    const std::vector<Word> words = Words(text);
    ScannedLine line(words);
    const auto error = Scan(line);
    REQUIRE(error);
    return *error;
  };
  const KubectlParseError unknown = error_of("kubectl get svc --watch");
  CHECK(unknown.word == 3);
  CHECK(unknown.message == "unsupported flag \"--watch\"");
  CHECK(unknown.offset == 16);
  CHECK(error_of("kubectl scale deployment web --replicas").message ==
        "flag \"--replicas\" needs a value");
  CHECK(error_of("kubectl get svc -A=maybe").word == 3);
  CHECK(error_of("kubectl frobnicate").message == "unsupported command \"frobnicate\"");
}

}  // namespace
}  // namespace metallab::sim
