// The owner election's input as a speaker assembles it: the part every Service of one
// reconcile shares (Node objects, the memberlist's live members, the release's profile), and
// each Service's own part. The speaker and `explain` build it alike.
#ifndef METALLAB_CORE_SPEAKER_ELECTION_INPUTS_H_
#define METALLAB_CORE_SPEAKER_ELECTION_INPUTS_H_

#include <vector>

#include "core/layer2/election_input.h"
#include "core/membership/memberlist.h"
#include "core/speaker/layer2_selection.h"

namespace metallab::speaker {

// `memberlist` null: memberlist disabled, every Node object is a speaker.
layer2::ElectionInput SharedElectionInput(std::vector<layer2::ElectionNode> nodes,
                                          const membership::Memberlist* memberlist,
                                          layer2::ElectionProfile profile);

// `input` with the Service's own part filled in.
void SetService(layer2::ElectionInput& input, const Layer2Service& l2);

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_ELECTION_INPUTS_H_
