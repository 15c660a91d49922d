// The words for each event of a run: what the transcript prints and what `event:` expectations
// match. One place, so an expectation matches what a reader of the transcript sees.
#ifndef METALLAB_SIM_SCENARIO_EVENT_TEXT_H_
#define METALLAB_SIM_SCENARIO_EVENT_TEXT_H_

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/run_event.h"

namespace metallab::sim {

// The event's lines; none for events the transcript does not print (probe attempts, status
// objects, sessions that never came up). Membership news reads "memberlist: w1 is dead
// (...), seen by w2": every observer's news has its line here, though the transcript tells
// each piece of news once (MembershipHeadline).
std::vector<std::string> EventLines(const RunEventKind& event);

// "memberlist: w1 is dead (...)": the news without its observer; nullopt for news that is none
// (a speaker joining its own list) and for malformed datagrams, which have no subject.
std::optional<std::string> MembershipHeadline(const speaker::MembershipNews& news);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_EVENT_TEXT_H_
