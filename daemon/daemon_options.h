// Everything metallabd is told on its command line, with MetalLB's defaults.
#ifndef METALLAB_DAEMON_DAEMON_OPTIONS_H_
#define METALLAB_DAEMON_DAEMON_OPTIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "core/membership/memberlist_config.h"
#include "core/net/ip_address.h"
#include "core/runtime/time.h"
#include "daemon/json_log.h"
#include "daemon/manifest_directory.h"

namespace metallab::daemon {

struct DaemonOptions {
  std::string node;        // the Kubernetes node this daemon speaks for (memberlist name)
  std::string config_dir;  // manifests, watched
  // Interfaces to answer on; empty: every interface the speaker would use.
  std::vector<std::string> interfaces;
  std::string http_host = "127.0.0.1";  // /metrics, /healthz, /readyz, /status
  int http_port = 7472;                 // MetalLB's speaker metrics port
  std::vector<net::IpAddress> join;     // speaker addresses to join (MetalLB lists its pods')
  // The memberlist's address (METALLB_ML_BIND_ADDR); nullopt: the node's first IPv4 address.
  std::optional<net::IpAddress> bind_address;
  bool memberlist = true;
  // --allocate: the embedded controller assigns addresses to Services without a status.
  bool allocate = false;
  membership::MemberlistConfig memberlist_config;
  DirectoryOptions directory;
  LogLevel log_level = LogLevel::kInfo;
  // How long the directory must stay quiet after a change before it is read again.
  runtime::Duration reload_quiet = runtime::Milliseconds(200);
  // SIGTERM: the speaker leaves within its leave timeout (1 s); this bounds the whole exit.
  runtime::Duration exit_deadline = runtime::Seconds(3);
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_DAEMON_OPTIONS_H_
