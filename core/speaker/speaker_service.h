// A Kubernetes Service as a speaker reconciles it (layer2::LoadBalancerService): its status IPs,
// labels, traffic policy, the allow-shared-ip annotation and its endpoints. Every driver (the
// simulator's cluster model, the daemon's snapshot) builds the speaker's view through here.
#ifndef METALLAB_CORE_SPEAKER_SPEAKER_SERVICE_H_
#define METALLAB_CORE_SPEAKER_SPEAKER_SERVICE_H_

#include <vector>

#include "core/k8s/service.h"
#include "core/layer2/election_input.h"
#include "core/layer2/load_balancer_service.h"

namespace metallab::speaker {

// A LoadBalancer Service with at least one ingress IP; the others are never announced.
bool HasAnnouncedAddress(const k8s::Service& service);

layer2::LoadBalancerService SpeakerServiceOf(const k8s::Service& service,
                                             std::vector<layer2::ElectionEndpoint> endpoints);

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_SPEAKER_SERVICE_H_
