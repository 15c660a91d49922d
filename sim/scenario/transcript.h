// The readable account of a run, rendered from its record: kubectl commands and their output,
// faults, membership news, who announces what, the routers' sessions and routes, and each
// probe's outages at the end. Lines carry the virtual time they happened at.
#ifndef METALLAB_SIM_SCENARIO_TRANSCRIPT_H_
#define METALLAB_SIM_SCENARIO_TRANSCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/sim_time.h"
#include "sim/scenario/run_result.h"

namespace metallab::sim {

struct TranscriptLine {
  SimTime at = 0;
  std::string text;
};

class Transcript {
 public:
  void Add(SimTime at, std::string text) { lines_.push_back({at, std::move(text)}); }
  const std::vector<TranscriptLine>& lines() const { return lines_; }
  bool Contains(std::string_view text) const;
  // "[  12.345s] text", continuation lines indented under the text.
  std::string Format() const;

 private:
  std::vector<TranscriptLine> lines_;
};

// Every speaker hears the same membership news: the transcript tells each piece once, from the
// first speaker to know ("seen first by"), and malformed datagrams every time.
Transcript RenderTranscript(const RunResult& result);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_TRANSCRIPT_H_
