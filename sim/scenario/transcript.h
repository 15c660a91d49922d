// The readable account of a run: kubectl commands and their output, faults, membership news,
// who announces what, probe outages. Lines carry the virtual time they happened at.
#ifndef METALLAB_SIM_SCENARIO_TRANSCRIPT_H_
#define METALLAB_SIM_SCENARIO_TRANSCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/sim_time.h"

namespace metallab::sim {

struct TranscriptLine {
  SimTime at = 0;
  std::string text;
};

class Transcript {
 public:
  void Add(SimTime at, std::string text) { lines_.push_back({at, std::move(text)}); }
  // Output printed under the line before (kubectl tables), one transcript line per text line.
  void AddBlock(SimTime at, std::string_view block);
  const std::vector<TranscriptLine>& lines() const { return lines_; }
  bool Contains(std::string_view text) const;
  // "[  12.345s] text", continuation lines indented under the text.
  std::string Format() const;

 private:
  std::vector<TranscriptLine> lines_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_TRANSCRIPT_H_
