// Setup failures of the daemon (a socket that cannot be opened, a capability that cannot be
// dropped) are exceptions caught in main and printed with what failed and errno's text; failures
// while running are logged instead, and the daemon goes on.
#ifndef METALLAB_DAEMON_SYSTEM_ERROR_H_
#define METALLAB_DAEMON_SYSTEM_ERROR_H_

#include <string>

namespace metallab::daemon {

// "what: strerror(errno)".
std::string ErrnoText(const std::string& what);
// Throws std::runtime_error(ErrnoText(what)).
[[noreturn]] void ThrowErrno(const std::string& what);

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_SYSTEM_ERROR_H_
