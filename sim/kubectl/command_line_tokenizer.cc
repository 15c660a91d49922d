#include "sim/kubectl/command_line_tokenizer.h"

#include <utility>

namespace metallab::sim {
namespace {

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// What a shell would act on outside quotes. Passing these on as text would quietly run a
// different command from the one written, so they are refused.
bool IsShellSyntax(char c) {
  return std::string_view("|&;<>()$`").find(c) != std::string_view::npos;
}

bool IsEscapableInDoubleQuotes(char c) {
  return c == '"' || c == '\\' || c == '$' || c == '`' || c == '\n';
}

struct Cursor {
  std::string_view line;
  size_t at = 0;

  bool done() const { return at >= line.size(); }
  char peek() const { return line[at]; }
  char take() { return line[at++]; }
};

std::string AtByte(std::string_view what, size_t offset) {
  return std::string(what) + " at byte " + std::to_string(offset);
}

// Backslash-newline joins lines in a shell, so it separates words no more than a blank does. A
// bare newline ends the command in a shell; here it may only end the line (YAML's `|` leaves
// one): reading what follows as more words would run a second command as arguments of the
// first. Returns why it stopped, if it must.
std::optional<std::string> SkipBlanks(Cursor& cursor) {
  while (!cursor.done()) {
    if (cursor.peek() == '\n') {
      const size_t newline = cursor.at;
      while (!cursor.done() && IsBlank(cursor.peek())) ++cursor.at;
      if (!cursor.done()) {
        return AtByte("a second command after the newline", newline) +
               ": one command per step (join lines with \\)";
      }
    } else if (IsBlank(cursor.peek())) {
      ++cursor.at;
    } else if (cursor.line.substr(cursor.at, 2) == "\\\n") {
      cursor.at += 2;
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// A comment runs to the end of its line; a command after that line is refused as above.
std::optional<std::string> SkipComment(Cursor& cursor) {
  while (!cursor.done() && cursor.peek() != '\n') ++cursor.at;
  return SkipBlanks(cursor);
}

// Each Read* returns why it failed, or nothing. The opening quote is already taken.
std::optional<std::string> ReadSingleQuoted(Cursor& cursor, std::string& text) {
  const size_t open = cursor.at - 1;
  const size_t close = cursor.line.find('\'', cursor.at);
  if (close == std::string_view::npos) return AtByte("unterminated single quote", open);
  text.append(cursor.line.substr(cursor.at, close - cursor.at));
  cursor.at = close + 1;
  return std::nullopt;
}

std::optional<std::string> ReadDoubleQuoted(Cursor& cursor, std::string& text) {
  const size_t open = cursor.at - 1;
  while (!cursor.done()) {
    const char c = cursor.take();
    if (c == '"') return std::nullopt;
    if (c == '$' || c == '`') {
      return AtByte("unsupported shell syntax " + Quoted(std::string(1, c)), cursor.at - 1);
    }
    if (c == '\\' && !cursor.done() && IsEscapableInDoubleQuotes(cursor.peek())) {
      const char escaped = cursor.take();
      if (escaped != '\n') text.push_back(escaped);
      continue;
    }
    text.push_back(c);
  }
  return AtByte("unterminated double quote", open);
}

std::optional<std::string> ReadEscaped(Cursor& cursor, std::string& text) {
  if (cursor.done()) return AtByte("lone backslash", cursor.at - 1);
  const char escaped = cursor.take();
  if (escaped != '\n') text.push_back(escaped);
  return std::nullopt;
}

std::optional<std::string> ReadWord(Cursor& cursor, std::string& text) {
  while (!cursor.done() && !IsBlank(cursor.peek())) {
    const char c = cursor.take();
    std::optional<std::string> error;
    if (c == '\'') {
      error = ReadSingleQuoted(cursor, text);
    } else if (c == '"') {
      error = ReadDoubleQuoted(cursor, text);
    } else if (c == '\\') {
      error = ReadEscaped(cursor, text);
    } else if (IsShellSyntax(c)) {
      error = AtByte("unsupported shell syntax " + Quoted(std::string(1, c)), cursor.at - 1);
    } else {
      text.push_back(c);
    }
    if (error) return error;
  }
  return std::nullopt;
}

}  // namespace

std::optional<KubectlParseError> TokenizeLine(std::string_view line, std::vector<Word>& words) {
  if (line.size() > kMaxKubectlLineBytes) {
    return KubectlParseError{0,
                             "the line is " + std::to_string(line.size()) +
                                 " bytes long; at most " + std::to_string(kMaxKubectlLineBytes) +
                                 " are allowed",
                             0};
  }
  Cursor cursor{.line = line};
  while (true) {
    std::optional<std::string> stop = SkipBlanks(cursor);
    if (!stop && !cursor.done() && cursor.peek() == '#') stop = SkipComment(cursor);
    if (stop) return KubectlParseError{words.size(), std::move(*stop), cursor.at};
    if (cursor.done()) return std::nullopt;
    Word word{.text = {}, .offset = cursor.at};
    if (words.size() == kMaxKubectlWords) {
      return KubectlParseError{
          words.size(), "more than " + std::to_string(kMaxKubectlWords) + " words", word.offset};
    }
    if (auto error = ReadWord(cursor, word.text)) {
      return KubectlParseError{words.size(), std::move(*error), word.offset};
    }
    words.push_back(std::move(word));
  }
}

std::vector<Word> TokenizeWords(std::string_view line, std::string* error) {
  std::vector<Word> words;
  const std::optional<KubectlParseError> failure = TokenizeLine(line, words);
  if (error != nullptr) *error = failure ? failure->message : std::string();
  return words;
}

std::vector<std::string> TokenizeCommandLine(std::string_view line, std::string* error) {
  std::vector<std::string> texts;
  for (Word& word : TokenizeWords(line, error)) texts.push_back(std::move(word.text));
  return texts;
}

}  // namespace metallab::sim
