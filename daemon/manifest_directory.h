// The daemon's cluster source today: a directory of YAML manifests as `kubectl get -o yaml`
// writes them (MetalLB's configuration in either format, Services with their status, Nodes,
// EndpointSlices, the memberlist Secret). Read whole at start and after every change; a read
// with any error is refused as a whole, so the previous snapshot keeps running.
#ifndef METALLAB_DAEMON_MANIFEST_DIRECTORY_H_
#define METALLAB_DAEMON_MANIFEST_DIRECTORY_H_

#include <optional>
#include <string>

#include "core/config/behaviour_profile.h"
#include "core/config/bgp_mode.h"
#include "core/config/config_kinds.h"
#include "core/manifest/diagnostics.h"
#include "daemon/cluster_snapshot.h"

namespace metallab::daemon {

struct DirectoryOptions {
  std::string metallb_namespace = std::string(config::kDefaultMetallbNamespace);
  std::string memberlist_secret = "memberlist";  // MetalLB's Secret name
  config::BehaviourProfile profile = config::BehaviourProfile::kCurrent;
  config::BgpMode mode = config::BgpMode::kNative;
};

// The objects of the directory and MetalLB's configuration built from them, before any
// controller has looked at the Services.
struct ManifestObjects {
  ClusterObjects objects;
  config::Config config;
};

// Every problem goes to `diagnostics` with its file:line:column; nullopt when any was an error.
std::optional<ManifestObjects> ReadManifestObjects(const std::string& directory,
                                                   const DirectoryOptions& options,
                                                   manifest::Diagnostics& diagnostics);
// ReadManifestObjects made into the speaker's snapshot, the Services' status as written.
std::optional<ClusterSnapshot> ReadManifestDirectory(const std::string& directory,
                                                     const DirectoryOptions& options,
                                                     manifest::Diagnostics& diagnostics);

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_MANIFEST_DIRECTORY_H_
