// Reads MetalLB's legacy configuration, the ConfigMap "config" (v0.9–v0.12 format, data key
// "config"), into the same specs as the CRDs, converted as configmaptocrs converts it: each peer
// becomes BGPPeer "peerN", each pool an IPAddressPool, each layer2 pool an L2Advertisement
// "l2advertisementN" selecting it, each bgp-advertisement (or, for a bgp pool without any, a
// default one) a BGPAdvertisement "bgpadvertisementN" selecting its pool, bgp-communities one
// Community "communities", bfd-profiles BFDProfiles.
//
// Decoding is strict, as MetalLB's yaml.UnmarshalStrict: unknown and repeated keys and wrong
// types are errors (`could not parse config: ...`), each located inside the embedded block.
#ifndef METALLAB_CORE_CONFIG_LEGACY_CONFIG_PARSER_H_
#define METALLAB_CORE_CONFIG_LEGACY_CONFIG_PARSER_H_

#include "core/config/behaviour_profile.h"
#include "core/config/config_spec.h"
#include "core/k8s/object_header.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"

namespace metallab::config {

// Appends the ConfigMap's specs to `specs`. Keys that appeared after v0.9 (peer source-address,
// keepalive-time, bfd-profile, ebgp-multihop; aggregation-length-v6; bfd-profiles) are accepted
// in both profiles; in kV0_9 each gets a note, since v0.9 itself would refuse the whole config.
// Returns false when an error was reported.
bool ParseLegacyConfigMap(const manifest::Document& document, const k8s::ObjectHeader& header,
                          BehaviourProfile profile, ConfigSpecs& specs,
                          manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_LEGACY_CONFIG_PARSER_H_
