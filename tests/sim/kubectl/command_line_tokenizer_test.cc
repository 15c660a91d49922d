#include "sim/kubectl/command_line_tokenizer.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

TEST_CASE("a newline may end the line but not start a second command", "[kubectl][words]") {
  std::string error;
  CHECK(TokenizeCommandLine("kubectl get pods\n", &error) ==
        std::vector<std::string>{"kubectl", "get", "pods"});
  CHECK(error.empty());
  CHECK(TokenizeCommandLine("kubectl get \\\n  pods\n \n", &error).size() == 3);
  CHECK(error.empty());

  std::vector<Word> words;
  const auto second = TokenizeLine("kubectl get pods\nkubectl get nodes", words);
  REQUIRE(second);
  CHECK(second->message ==
        "a second command after the newline at byte 16: one command per step (join lines with \\)");
  CHECK(second->offset == 17);
  CHECK(second->word == 3);

  words.clear();
  const auto after_comment = TokenizeLine("kubectl get pods # list\nkubectl get nodes", words);
  REQUIRE(after_comment);
  CHECK(after_comment->message.starts_with("a second command after the newline at byte 23"));
  words.clear();
  CHECK_FALSE(TokenizeLine("kubectl get pods # a comment\n", words));
}

TEST_CASE("a quoted newline is part of its word", "[kubectl][words]") {
  std::string error;
  CHECK(TokenizeCommandLine("kubectl annotate svc web 'a=b\nc'", &error) ==
        std::vector<std::string>{"kubectl", "annotate", "svc", "web", "a=b\nc"});
  CHECK(error.empty());
}

}  // namespace
}  // namespace metallab::sim
