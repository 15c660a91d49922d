// Least privilege: once its sockets are open the daemon keeps only CAP_NET_RAW (a new interface
// needs a new AF_PACKET socket) and gives up every other capability, root's included.
#ifndef METALLAB_DAEMON_CAPABILITIES_H_
#define METALLAB_DAEMON_CAPABILITIES_H_

#include <string>

namespace metallab::daemon {

// Reduces the permitted and effective sets to CAP_NET_RAW (or to nothing when the process
// never had it). Returns an empty string, or what went wrong.
std::string KeepOnlyNetRaw();

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_CAPABILITIES_H_
