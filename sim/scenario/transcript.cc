#include "sim/scenario/transcript.h"

#include <cstdio>
#include <map>
#include <variant>

#include "sim/scenario/duration_text.h"
#include "sim/scenario/event_text.h"

namespace metallab::sim {
namespace {

std::string ProbeLine(const ProbeResult& p) {
  std::string line = "probe " + p.name + " (" + p.kind + " " + p.target.ToString() + " from " +
                     p.from + "): " + std::to_string(p.answered) + "/" + std::to_string(p.sent) +
                     " answered";
  for (const Outage& outage : p.outages) {
    line += "; outage " + FormatDuration(outage.start) + " – " + FormatDuration(outage.end) + " (" +
            FormatDuration(outage.end - outage.start) + ")";
  }
  return line;
}

const speaker::MembershipNews* AsMembershipNews(const RunEventKind& event) {
  const auto* speaker_event = std::get_if<speaker::SpeakerEvent>(&event);
  return speaker_event == nullptr ? nullptr : std::get_if<speaker::MembershipNews>(speaker_event);
}

}  // namespace

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

Transcript RenderTranscript(const RunResult& result) {
  Transcript transcript;
  std::map<std::string, std::string> last_news;  // subject → the last headline told
  for (const RunEvent& event : result.events) {
    const speaker::MembershipNews* news = AsMembershipNews(event.what);
    // A lost probe is routine (and told by the outage stages when it matters).
    if (news != nullptr && news->event.kind == membership::MembershipEvent::Kind::kProbeFailed) {
      continue;
    }
    if (news != nullptr && news->event.kind != membership::MembershipEvent::Kind::kMalformed) {
      // Told once: a piece of news is the kind and state (and a health score, which each
      // change moves); a self-join updates what was told.
      const bool health = news->event.kind == membership::MembershipEvent::Kind::kHealth;
      const std::string told = std::string(membership::EventKindName(news->event.kind)) + " " +
                               membership::MemberStateName(news->event.state) +
                               (health ? " " + news->event.detail : "");
      std::string& last = last_news[news->event.node];
      if (last == told) continue;
      last = told;
      if (const auto headline = MembershipHeadline(*news)) {
        transcript.Add(event.at, *headline + ", seen first by " + news->observer);
      }
      continue;
    }
    for (std::string& line : EventLines(event.what)) transcript.Add(event.at, std::move(line));
  }
  for (const ProbeResult& probe : result.probes) transcript.Add(result.end, ProbeLine(probe));
  for (const FaultAnalysis& fault : result.faults)
    transcript.Add(result.end, DescribeStages(fault));
  return transcript;
}

}  // namespace metallab::sim
