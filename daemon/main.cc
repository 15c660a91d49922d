// metallabd: MetalLB's speaker (core/speaker) on real sockets, for bare-metal nodes.
//
//   metallabd --node NAME --config DIR [--interface IF]... [--metrics ADDR:PORT] [--join ADDR]...
//   metallabd status [--metrics ADDR:PORT]
//
// Exit codes: 0 after a clean stop, 2 for bad flags or a setup failure (named on stderr).
#include <iostream>
#include <stdexcept>

#include <CLI/CLI.hpp>

#include "core/config/duration.h"
#include "daemon/http_endpoint.h"
#include "daemon/speaker_daemon.h"
#include "daemon/status_document.h"

namespace metallab::daemon {
namespace {

constexpr int kExitUsage = 2;

// "ADDR:PORT" or "[V6]:PORT"; nullopt when not one.
std::optional<std::pair<std::string, int>> SplitHostPort(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  for (const char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9' || port > 65535) return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port > 65535 || !net::IpAddress::Parse(host)) return std::nullopt;
  return std::make_pair(host, port);
}

// A Go duration flag (MetalLB's flags are Go durations) within [min, max].
std::string DurationProblem(const std::string& text, runtime::Duration min, runtime::Duration max,
                            runtime::Duration& out) {
  std::string error;
  const auto value = config::ParseGoDuration(text, &error);
  if (!value) return error;
  if (*value < min || *value > max) {
    return "\"" + text + "\" is outside [" + config::FormatGoDuration(min) + ", " +
           config::FormatGoDuration(max) + "]";
  }
  out = *value;
  return {};
}

int RunStatus(const std::string& metrics) {
  const auto endpoint = SplitHostPort(metrics);
  if (!endpoint) {
    std::cerr << "metallabd status: --metrics " << metrics << " is not ADDR:PORT\n";
    return kExitUsage;
  }
  std::string error;
  const std::string body = HttpGet(endpoint->first, endpoint->second, "/status", error);
  if (!error.empty()) {
    std::cerr << "metallabd status: " << error << "\n";
    return 1;
  }
  const auto text = StatusText(body, error);
  if (!text) {
    std::cerr << "metallabd status: " << error << "\n";
    return 1;
  }
  std::cout << *text;
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App app{"metallabd: MetalLB's Layer 2 speaker on real sockets"};
  DaemonOptions options;
  std::string metrics = "127.0.0.1:7472";
  std::vector<std::string> joins;
  std::string bind_address;
  std::string log_level = "info";
  std::string probe_interval, probe_timeout, gossip_interval;
  int bind_port = options.memberlist_config.bind_port;
  app.add_option("--node", options.node, "the Kubernetes node this daemon speaks for");
  app.add_option("--config", options.config_dir,
                 "directory of manifests (kubectl get -o yaml): MetalLB configuration, "
                 "Services, EndpointSlices, Nodes, the memberlist Secret; watched");
  app.add_option("--interface", options.interfaces,
                 "answer ARP/NDP only on this interface (repeatable; default: all)");
  app.add_option("--metrics", metrics, "ADDR:PORT of /metrics, /healthz, /readyz, /status");
  app.add_option("--join", joins, "a speaker address to join (repeatable)");
  app.add_option("--bind-address", bind_address,
                 "the memberlist's address (METALLB_ML_BIND_ADDR; default: the first IPv4 "
                 "address of the selected interfaces)");
  app.add_option("--memberlist-port", bind_port, "the memberlist's port (METALLB_ML_BIND_PORT)")
      ->check(CLI::Range(1, 65535));
  app.add_flag("--allocate", options.allocate,
               "assign addresses to Services without status.loadBalancer.ingress (MetalLB's "
               "controller, embedded)");
  app.add_flag("!--no-memberlist", options.memberlist,
               "Kubernetes node state alone decides (METALLB_ML_BIND_ADDR unset)");
  app.add_option("--memberlist-probe-interval", probe_interval,
                 "memberlist's ProbeInterval (default 1s)");
  app.add_option("--memberlist-probe-timeout", probe_timeout,
                 "memberlist's ProbeTimeout (default 500ms)");
  app.add_option("--memberlist-gossip-interval", gossip_interval,
                 "memberlist's GossipInterval (default 200ms)");
  app.add_option("--log-level", log_level, "debug, info, warn or error");
  CLI::App* status = app.add_subcommand("status", "what this node announces, and why or why not");
  status->add_option("--metrics", metrics, "ADDR:PORT the daemon serves on");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : kExitUsage;
  }
  if (status->parsed()) return RunStatus(metrics);

  const auto fail = [](const std::string& message) {
    std::cerr << "metallabd: " << message << "\n";
    return kExitUsage;
  };
  if (options.node.empty()) return fail("--node is required");
  if (options.config_dir.empty()) return fail("--config is required");
  const auto level = ParseLogLevel(log_level);
  if (!level) return fail("--log-level " + log_level + ": not debug, info, warn or error");
  options.log_level = *level;
  const auto endpoint = SplitHostPort(metrics);
  if (!endpoint) return fail("--metrics " + metrics + " is not ADDR:PORT");
  options.http_host = endpoint->first;
  options.http_port = endpoint->second;
  for (const std::string& join : joins) {
    const auto address = net::IpAddress::Parse(join);
    if (!address) return fail("--join " + join + " is not an IP address");
    options.join.push_back(*address);
  }
  if (!bind_address.empty()) {
    options.bind_address = net::IpAddress::Parse(bind_address);
    if (!options.bind_address) return fail("--bind-address " + bind_address + " is not an IP");
  }
  options.memberlist_config.bind_port = static_cast<uint16_t>(bind_port);
  membership::MemberlistConfig& ml = options.memberlist_config;
  const struct {
    const char* flag;
    const std::string& text;
    runtime::Duration& value;
  } durations[] = {{"--memberlist-probe-interval", probe_interval, ml.probe_interval},
                   {"--memberlist-probe-timeout", probe_timeout, ml.probe_timeout},
                   {"--memberlist-gossip-interval", gossip_interval, ml.gossip_interval}};
  for (const auto& duration : durations) {
    if (duration.text.empty()) continue;
    const std::string problem = DurationProblem(duration.text, runtime::Milliseconds(10),
                                                runtime::Seconds(60), duration.value);
    if (!problem.empty()) return fail(std::string(duration.flag) + ": " + problem);
  }
  if (ml.probe_timeout > ml.probe_interval) {
    return fail("--memberlist-probe-timeout must not exceed --memberlist-probe-interval");
  }

  const JsonLog log(options.log_level);
  try {
    SpeakerDaemon daemon(std::move(options), log);
    return daemon.Run();
  } catch (const std::exception& error) {
    log.Error("cannot start", {{"error", error.what()}});
    std::cerr << "metallabd: " << error.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace
}  // namespace metallab::daemon

int main(int argc, char** argv) { return metallab::daemon::Main(argc, argv); }
