#include "daemon/capabilities.h"

#include <sys/capability.h>
#include <sys/prctl.h>

#include "daemon/system_error.h"

namespace metallab::daemon {

std::string KeepOnlyNetRaw() {
  cap_t current = cap_get_proc();
  if (current == nullptr) return ErrnoText("cap_get_proc");
  cap_flag_value_t has_raw = CAP_CLEAR;
  cap_get_flag(current, CAP_NET_RAW, CAP_PERMITTED, &has_raw);
  cap_free(current);

  cap_t wanted = cap_init();
  if (wanted == nullptr) return ErrnoText("cap_init");
  if (has_raw == CAP_SET) {
    const cap_value_t keep[] = {CAP_NET_RAW};
    cap_set_flag(wanted, CAP_PERMITTED, 1, keep, CAP_SET);
    cap_set_flag(wanted, CAP_EFFECTIVE, 1, keep, CAP_SET);
  }
  std::string error;
  if (cap_set_proc(wanted) != 0) error = ErrnoText("cap_set_proc");
  cap_free(wanted);
  // No regaining through execve of a file with capabilities.
  if (error.empty() && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    error = ErrnoText("PR_SET_NO_NEW_PRIVS");
  }
  return error;
}

}  // namespace metallab::daemon
