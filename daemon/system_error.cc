#include "daemon/system_error.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace metallab::daemon {

std::string ErrnoText(const std::string& what) { return what + ": " + std::strerror(errno); }

void ThrowErrno(const std::string& what) { throw std::runtime_error(ErrnoText(what)); }

}  // namespace metallab::daemon
