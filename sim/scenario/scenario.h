// A scenario as loaded from YAML (docs/scenarios.md): the topology, MetalLB's profile and
// configuration, a timeline of kubectl commands and faults, traffic probes and expectations.
// Every element remembers where it was written, so runtime problems can point back at it.
#ifndef METALLAB_SIM_SCENARIO_SCENARIO_H_
#define METALLAB_SIM_SCENARIO_SCENARIO_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/layer2/gratuitous_schedule.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"
#include "core/membership/memberlist_config.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"
#include "core/speaker/speaker_options.h"
#include "sim/apps/curl_command.h"
#include "sim/cluster/cluster_timings.h"
#include "sim/engine/sim_time.h"
#include "sim/kubectl/kubectl_command.h"
#include "sim/metallb/speaker_process_parameters.h"
#include "sim/network/ip_node.h"
#include "sim/network/learning_switch.h"
#include "sim/network/link.h"
#include "sim/scenario/router_bgp_reader.h"

namespace metallab::sim {

struct SegmentSpec {
  std::string name;
  LinkParameters link;  // every cable of the segment
  // Set in the segment itself; otherwise the `link.*` parameters decide.
  bool latency_given = false;
  bool jitter_given = false;
  manifest::SourceLocation where;
};

struct HostSpec {
  std::string name;
  std::string segment;
  net::IpAddress address;
  int prefix_length = 24;
  // A second address of the other family (dual-stack hosts), e.g. 2001:db8:1::101/64.
  std::optional<net::IpAddress> address6;
  int prefix_length6 = 64;
  std::optional<net::IpAddress> gateway;
  bool kubernetes_node = false;  // a node (runs kubelet and MetalLB's speaker) or a client
  bool control_plane = false;
  std::map<std::string, std::string> labels;
  manifest::SourceLocation where;
};

struct RouterInterfaceSpec {
  std::string segment;
  net::IpAddress address;
  int prefix_length = 24;
  std::optional<net::IpAddress> address6;  // a second address of the other family
  int prefix_length6 = 64;
};

struct RouterSpec {
  std::string name;
  std::vector<RouterInterfaceSpec> interfaces;
  std::optional<RouterBgpSpec> bgp;  // a BGP speaker MetalLB peers with
  manifest::SourceLocation where;
};

// kube-proxy's mode. IPVS puts every LoadBalancer IP on the kube-ipvs0 dummy interface of every
// node; unless strictARP is set (arp_ignore=1), Linux then answers ARP for them from every node
// (metallb#153), a misconfiguration scenarios can select.
struct KubeProxySpec {
  bool ipvs = false;
  bool strict_arp = true;
};

struct MetallbSpec {
  // As `metallb.profile` gives it, else as the first install URL implies, else current.
  config::BehaviourProfile profile = config::BehaviourProfile::kCurrent;
  bool memberlist = true;
  membership::MemberlistConfig memberlist_config;  // with any overrides applied
  SimDuration periodic_gratuitous = 0;             // extension; 0 = off
};

struct FaultSpec {
  std::string action;  // power-off, power-on, crash-speaker, stop-speaker, start-speaker,
                       // link-down, link-up, partition, heal, block-membership,
                       // unblock-membership
  std::string target;  // a host name (link faults: the host whose cable it is)
  std::vector<std::string> group_a;  // partition/heal, (un)block-membership
  std::vector<std::string> group_b;
  bool one_way = false;  // (un)block-membership: only what group_a sends to group_b is lost
};

// `curl: curl [-s] [-m N] URL` run from a client; the answer goes into the transcript.
struct CurlStep {
  std::string line;  // verbatim
  std::string from;
  CurlCommand command;
};

struct StepSpec {
  SimTime at = 0;
  std::optional<std::string> kubectl;     // the command line, verbatim
  std::optional<KubectlCommand> command;  // that line, parsed (the loader refuses bad ones)
  std::optional<std::string> stdin_text;  // `kubectl apply -f -`: the manifests fed to it
  std::optional<FaultSpec> fault;
  std::optional<CurlStep> curl;
  manifest::SourceLocation where;
  manifest::SourceLocation kubectl_where;  // the `kubectl:` value, when there is one
};

enum class ProbeKind { kArp, kIcmp, kHttp, kTcp, kUdp };
const char* ProbeKindName(ProbeKind kind);

struct ProbeSpec {
  std::string name;
  std::string from;
  ProbeKind kind = ProbeKind::kArp;
  net::IpAddress target;
  uint16_t port = 0;       // HTTP, TCP, UDP
  std::string path = "/";  // HTTP
  SimDuration interval = Milliseconds(100);
  SimTime start = 0;
  std::optional<SimTime> stop;  // default: the end of the run
  // A window of degraded_window (counted from `start`) is degraded when more than
  // degraded_percent of its attempts failed; the report's longest degraded run is the longest
  // stretch of consecutive degraded windows: the partial outages a longest outage hides (a
  // third of new flows hashed to a dead next hop for a minute). Per-second shares are too
  // noisy for this at a probe's usual two to ten attempts a second.
  int degraded_percent = 10;
  SimDuration degraded_window = Seconds(10);
  manifest::SourceLocation where;
};

struct ExpectationSpec {
  enum class Kind {
    kServiceIp,
    kAnnouncer,
    kLongestOutage,
    kLongestDegraded,
    kResponders,
    kEvent,
    kRoute
  };
  Kind kind = Kind::kServiceIp;
  std::string text;     // what the report says was expected
  std::string service;  // namespace/name
  net::IpAddress ip;
  SimTime at = 0;
  std::vector<std::string> nodes;  // kAnnouncer: the announcing nodes, sorted; empty for nobody
  std::string probe;
  std::optional<SimDuration> max;
  std::optional<SimDuration> min;
  // kLongestOutage, kLongestDegraded: the bounds are on this percentile over a sweep's runs
  // (one run's value is its own every percentile).
  std::optional<int> percentile;
  std::optional<int64_t> max_count;  // kResponders: distinct MACs answering an arping probe
  std::optional<int64_t> min_count;
  std::optional<std::string> responder;  // kResponders: one answerer that must be among them
  std::string contains;                  // kEvent: a transcript line containing this
  // kRoute: the router's route for `prefix` at `at`: its next hops (empty: no route), and when
  // given, the best path's communities ("64512:100", sorted) and LOCAL_PREF.
  std::string router;
  std::optional<net::IpPrefix> prefix;
  std::vector<net::IpAddress> next_hops;
  std::optional<std::vector<std::string>> communities;
  std::optional<uint32_t> local_pref;
  manifest::SourceLocation where;
};

// Model parameters that have no field of their own in a scenario, set by name (`parameters:`,
// `--set`; sim/scenario/model_parameters.h lists every name).
struct ModelSpec {
  // The defaults are the models' own, so each has one home.
  ClusterTimings cluster;
  NeighbourParameters neighbour;  // every host's and router's ARP and NDP tables
  SimDuration processing_delay = IpNodeParameters{}.processing_delay;
  SwitchParameters switches;  // every segment's switch
  LinkParameters link;        // the latency and jitter of segments that do not set their own
  // The hold time simulated routers propose to neighbours that set none; 0: their
  // implementation profile's (bird, frr, gobgp: docs/bgp.md).
  SimDuration router_hold_time = 0;
  SimDuration speaker_leave_timeout = speaker::SpeakerOptions{}.leave_timeout;
  SpeakerProcessParameters speaker_process;  // startup jitter, frame latency
  SimDuration speaker_rejoin_interval = speaker::SpeakerOptions{}.rejoin_interval;
  SimDuration speaker_link_rescan_interval = speaker::SpeakerOptions{}.link_rescan_interval;
  // MetalLB's take-over burst: rounds every tick for `burst` after an IP is (re)confirmed.
  SimDuration gratuitous_burst = layer2::GratuitousParameters{}.burst;
  SimDuration gratuitous_tick = layer2::GratuitousParameters{}.tick;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string file;      // as given on the command line
  std::string base_dir;  // relative paths in kubectl commands are resolved here
  uint64_t seed = 1;
  SimDuration duration = Seconds(60);
  std::vector<SegmentSpec> segments;
  std::vector<HostSpec> hosts;
  std::vector<RouterSpec> routers;
  MetallbSpec metallb;
  KubeProxySpec kube_proxy;
  ModelSpec model;
  std::vector<StepSpec> steps;
  std::vector<ProbeSpec> probes;
  std::vector<ExpectationSpec> expectations;
  // Manifests referenced by `kubectl apply -f`, loaded (and checked) with the scenario.
  std::map<std::string, std::vector<manifest::Document>> manifests;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_SCENARIO_H_
