// The host's interfaces as the speaker reads them (layer2::LinkInfo): names, MACs, whether the
// link is running (carrier), its flags, whether it is enslaved to a bridge or bond, and its
// addresses, read with getifaddrs and sysfs. LinkChanges makes a netlink socket readable when
// any of that changes, so the daemon re-reads only then.
#ifndef METALLAB_DAEMON_HOST_LINKS_H_
#define METALLAB_DAEMON_HOST_LINKS_H_

#include <string>
#include <vector>

#include "core/layer2/link_info.h"
#include "daemon/unique_fd.h"

namespace metallab::daemon {

// Every interface except loopback, sorted by name; an empty list when getifaddrs fails.
std::vector<layer2::LinkInfo> ReadHostLinks();

class LinkChanges {
 public:
  LinkChanges();  // throws when the netlink socket cannot be opened

  int fd() const { return fd_.get(); }
  // Reads every pending notification; true when there was any.
  bool Drain();

 private:
  UniqueFd fd_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_HOST_LINKS_H_
