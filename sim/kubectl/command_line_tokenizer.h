// Splits a kubectl command line into words as a POSIX shell would for a plain command, with
// where each word starts, so a parse error can name its column. Scenario lines come from files
// anyone may edit: huge lines and lines of too many words are refused before any work.
#ifndef METALLAB_SIM_KUBECTL_COMMAND_LINE_TOKENIZER_H_
#define METALLAB_SIM_KUBECTL_COMMAND_LINE_TOKENIZER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace metallab::sim {

inline constexpr size_t kMaxKubectlLineBytes = 4096;
inline constexpr size_t kMaxKubectlWords = 256;

struct KubectlParseError {
  size_t word = 0;  // index of the offending word, "kubectl" being 0
  std::string message;
  size_t offset = 0;  // byte offset of that word in the line, for a column in diagnostics
};

// One word of a command line after quote removal, and where it started in the line.
struct Word {
  std::string text;
  size_t offset = 0;
};

// `text` in double quotes, as kubectl's messages quote what they blame.
inline std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Blanks separate words; single quotes keep everything; double quotes keep everything but
// \" \\ \$ \` ; a backslash outside quotes keeps the next character; a word starting with #
// begins a comment. Expansions, pipes and redirections are refused rather than passed on as
// words. On failure `words` keeps the words read before the offending one.
std::optional<KubectlParseError> TokenizeLine(std::string_view line, std::vector<Word>& words);

// The same, for callers that want only a message: on failure *error (when not null) says why and
// the words read so far are returned; on success *error is cleared.
std::vector<Word> TokenizeWords(std::string_view line, std::string* error);
std::vector<std::string> TokenizeCommandLine(std::string_view line, std::string* error);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_KUBECTL_COMMAND_LINE_TOKENIZER_H_
