// The order in which candidates win a Layer 2 election: MetalLB sorts the candidate nodes by the
// SHA-256 of `<node>#<key>` (bytes compared big-endian, smallest first), after the summed
// preference weights of the matching advertisements (largest first). The key is per Service (or
// per IP), so different Services spread over different nodes while all speakers agree.
#ifndef METALLAB_CORE_LAYER2_RANKING_H_
#define METALLAB_CORE_LAYER2_RANKING_H_

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/layer2/election_input.h"

namespace metallab::layer2 {

// SHA-256 of `node + "#" + key_suffix`.
crypto::Sha256Digest ElectionHash(std::string_view node, std::string_view key_suffix);

// What follows the '#': the first ingress IP (current) or `<namespace>/<name>` (v0.9, which
// hashed the Service key).
std::string ElectionKeySuffix(const ElectionService& service, ElectionProfile profile);

// Sum, over every advertisement, of the weights of its preferences that name `node`.
int PreferenceScore(std::string_view node, const std::vector<ElectionAdvertisement>& ads);

// `candidates` best first: higher preference score, then smaller hash. v0.9 had no preferences,
// so under it every score is 0 and the hash alone decides.
std::vector<std::string> Rank(const std::set<std::string>& candidates, const ElectionInput& input);

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_RANKING_H_
