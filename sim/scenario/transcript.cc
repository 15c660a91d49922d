#include "sim/scenario/transcript.h"

#include <cstdio>

namespace metallab::sim {

void Transcript::AddBlock(SimTime at, std::string_view block) {
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find('\n', start);
    if (end == std::string_view::npos) end = block.size();
    lines_.push_back({at, "  " + std::string(block.substr(start, end - start))});
    start = end + 1;
  }
}

bool Transcript::Contains(std::string_view text) const {
  for (const TranscriptLine& line : lines_) {
    if (line.text.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Transcript::Format() const {
  std::string out;
  for (const TranscriptLine& line : lines_) {
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "[%9.3fs] ", static_cast<double>(line.at) / 1e9);
    out += stamp + line.text + "\n";
  }
  return out;
}

}  // namespace metallab::sim
