// A memo of owner elections. Every speaker recomputes every Service's election after every
// membership or cluster change, and in a converged cluster all speakers do so from identical
// inputs: 100 speakers with 1,000 Services redo 100,000 identical elections per change. The
// memo answers a repeated election from its complete input, compared exactly (no hash stands
// in for the input), so it returns what ElectOwner would.
//
// Use: Intern() the part of the input every Service of one reconciliation shares (nodes, live
// members, profile, flags) once, then Owner() per Service with that id and an input whose shared
// part is the interned one.
#ifndef METALLAB_CORE_LAYER2_ELECTION_MEMO_H_
#define METALLAB_CORE_LAYER2_ELECTION_MEMO_H_

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/layer2/election_input.h"
#include "core/layer2/owner_election.h"

namespace metallab::layer2 {

// What a speaker needs of an election: who wins, or why nobody does.
struct ElectionVerdict {
  ElectionOutcome outcome = ElectionOutcome::kNoCandidates;
  std::optional<std::string> owner;
};

class ElectionMemo {
 public:
  using SharedId = uint64_t;

  // Memory stays bounded: only the elections of the last `max_shared` distinct shared inputs are
  // kept (older views of the membership are rarely seen again).
  explicit ElectionMemo(size_t max_shared = 8) : max_shared_(max_shared) {}

  // The id of `input`'s shared part (nodes, live_members, profile, ignore_exclude_lb).
  SharedId Intern(const ElectionInput& input);
  // ElectOwner(input)'s outcome and owner, computed once per distinct input. `input`'s shared
  // part must be the one `shared` was interned from.
  const ElectionVerdict& Verdict(SharedId shared, const ElectionInput& input);
  const std::optional<std::string>& Owner(SharedId shared, const ElectionInput& input) {
    return Verdict(shared, input).owner;
  }

  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct SharedEntry {
    SharedId id;
    std::unordered_map<std::string, ElectionVerdict> verdicts;  // by service key
  };
  SharedEntry* Find(SharedId id);

  size_t max_shared_;
  std::map<std::string, SharedId> ids_;  // shared key → id, for the entries kept
  std::deque<std::pair<std::string, SharedEntry>> entries_;  // oldest first
  SharedId next_id_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_ELECTION_MEMO_H_
