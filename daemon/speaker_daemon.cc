#include "daemon/speaker_daemon.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <signal.h>

#include "core/membership/wire/metallb_key.h"
#include "core/speaker/not_announced_reason.h"
#include "core/speaker/speaker_options.h"
#include "daemon/capabilities.h"
#include "daemon/monotonic_clock.h"
#include "daemon/os_random_source.h"

namespace metallab::daemon {
namespace {

constexpr runtime::Duration kHousekeepingInterval = runtime::Seconds(1);
// A loop that has not turned for this long is reported unhealthy on /healthz.
constexpr runtime::Duration kStalledAfter = runtime::Seconds(5);
// Bounds one wake-up's work per socket: a flood on one interface cannot starve the others or
// the timers.
constexpr int kMaxFramesPerWake = 64;
constexpr int kMaxDatagramsPerWake = 64;
constexpr int kMaxFlushRounds = 32;

// The solicited-node multicast group of `ip` (RFC 4291 §2.7.1) as an Ethernet address
// (RFC 2464 §7): 33:33:ff and the address's last three bytes.
packet::MacAddress SolicitedNodeMac(const net::IpAddress& ip) {
  const auto bytes = ip.Bytes();
  return packet::MacAddress(
      packet::MacAddress::Bytes{0x33, 0x33, 0xff, bytes[13], bytes[14], bytes[15]});
}

std::string MembershipKindName(membership::MembershipEvent::Kind kind) {
  return membership::EventKindName(kind);
}

double Seconds(runtime::Duration duration) { return static_cast<double>(duration) / 1e9; }

}  // namespace

SpeakerDaemon::SpeakerDaemon(DaemonOptions options, const JsonLog& log)
    : options_(std::move(options)), log_(log), directory_(options_.config_dir) {
  DescribeMetrics();
  if (options_.allocate) {
    controller_ = std::make_unique<EmbeddedController>(
        controller::ControllerOptions{options_.directory.profile, std::nullopt});
  }
  links_ = ReadHostLinks();
  Reload(MonotonicNow());  // before the speaker: its memberlist key comes from the Secret
  speaker_ = std::make_unique<speaker::Speaker>(
      options_.node, SpeakerOptionsFor(), view_, static_cast<const speaker::HostView&>(*this),
      [](const std::string&) -> std::unique_ptr<runtime::RandomSource> {
        return std::make_unique<OsRandomSource>();
      });
  if (options_.memberlist) OpenMembership();
  SyncPacketSockets();
  if (packet_sockets_.empty()) {
    throw std::runtime_error("no interface to answer on (none selected is up)");
  }
  StartHttp();
  WatchControlDescriptors();
  if (const std::string dropped = KeepOnlyNetRaw(); !dropped.empty()) {
    log_.Warn("could not drop capabilities", {{"error", dropped}});
  }
}

speaker::SpeakerOptions SpeakerDaemon::SpeakerOptionsFor() const {
  speaker::SpeakerOptions speaker_options =
      speaker::ForRelease(options_.directory.profile, options_.directory.mode);
  speaker_options.memberlist = options_.memberlist;
  speaker_options.memberlist_config = options_.memberlist_config;
  speaker_options.join = options_.join;
  speaker_options.memberlist_address = options_.bind_address;
  if (memberlist_secret_) {
    const std::string secret(memberlist_secret_->begin(), memberlist_secret_->end());
    if (auto key = memberlist_wire::MetallbMemberlistKey(secret)) {
      speaker_options.memberlist_config.secret_key = std::move(*key);
      log_.Info("memberlist encrypted with the memberlist Secret's key");
    }
  }
  return speaker_options;
}

void SpeakerDaemon::OpenMembership() {
  const runtime::UdpEndpoint local{options_.bind_address.value_or(speaker::OwnAddress(Links())),
                                   options_.memberlist_config.bind_port};
  if (local.address == net::IpAddress::V4(0)) {
    throw std::runtime_error(
        "no IPv4 address on the selected interfaces to bind the memberlist to (give "
        "--bind-address)");
  }
  std::string error;
  membership_socket_ = UdpSocket::Bind(local, error);
  if (!membership_socket_) throw std::runtime_error(error);
  loop_.Watch(membership_socket_->fd(), [this] { OnDatagrams(); });
  membership_streams_ = std::make_unique<MembershipStreams>(
      loop_, *speaker_, log_, options_.memberlist_config.tcp_timeout,
      [this](runtime::Instant now) { Flush(now); });
  if (!membership_streams_->Listen(local, error)) throw std::runtime_error(error);
}

void SpeakerDaemon::StartHttp() {
  HttpPages pages;
  pages.metrics = [this] { return metrics_.Render(); };
  pages.healthy = [this] { return MonotonicNow() - last_turn_.load() < kStalledAfter; };
  pages.ready = [this] { return ready_.load(); };
  pages.status = [this] {
    const std::lock_guard lock(status_mutex_);
    return status_json_;
  };
  std::string error;
  http_ = HttpEndpoint::Start(options_.http_host, options_.http_port, std::move(pages), error);
  if (!http_) throw std::runtime_error(error);
}

void SpeakerDaemon::WatchControlDescriptors() {
  loop_.Watch(signals_.fd(), [this] { OnSignal(); });
  loop_.Watch(directory_.fd(), [this] {
    if (directory_.Drain()) reload_timer_.ArmAt(MonotonicNow() + options_.reload_quiet);
  });
  loop_.Watch(link_changes_.fd(), [this] {
    if (link_changes_.Drain()) RefreshLinks();
  });
  loop_.Watch(speaker_timer_.fd(), [this] {
    speaker_timer_.Acknowledge();
    const runtime::Instant now = MonotonicNow();
    speaker_->HandleTimeout(now);
    Flush(now);
  });
  loop_.Watch(reload_timer_.fd(), [this] {
    reload_timer_.Acknowledge();
    Reload(MonotonicNow());
  });
  loop_.Watch(housekeeping_timer_.fd(), [this] {
    housekeeping_timer_.Acknowledge();
    Housekeeping(MonotonicNow());
  });
}

SpeakerDaemon::~SpeakerDaemon() = default;

std::vector<layer2::LinkInfo> SpeakerDaemon::Links() const {
  std::vector<layer2::LinkInfo> selected;
  for (const layer2::LinkInfo& link : links_) {
    if (Selected(link)) selected.push_back(link);
  }
  return selected;
}

std::optional<net::IpAddress> SpeakerDaemon::SourceAddressFor(const net::IpAddress&) const {
  return std::nullopt;  // BGP sessions come with the BGP daemon
}

bool SpeakerDaemon::Selected(const layer2::LinkInfo& link) const {
  if (options_.interfaces.empty()) return true;
  return std::find(options_.interfaces.begin(), options_.interfaces.end(), link.name) !=
         options_.interfaces.end();
}

void SpeakerDaemon::RefreshLinks() {
  links_ = ReadHostLinks();
  SyncPacketSockets();
}

void SpeakerDaemon::SyncPacketSockets() {
  std::set<std::string> wanted;
  for (const layer2::LinkInfo& link : Links()) {
    if (link.up && !link.noarp) wanted.insert(link.name);
  }
  for (auto it = packet_sockets_.begin(); it != packet_sockets_.end();) {
    if (wanted.count(it->first) != 0) {
      ++it;
      continue;
    }
    log_.Info("interface gone or down: not answering on it", {{"interface", it->first}});
    loop_.Unwatch(it->second->fd());
    it = packet_sockets_.erase(it);
  }
  for (const std::string& name : wanted) {
    if (packet_sockets_.count(name) != 0) continue;
    std::string error;
    auto socket = PacketSocket::Open(name, error);
    if (!socket) {
      log_.Error("cannot answer on interface", {{"interface", name}, {"error", error}});
      continue;
    }
    auto owned = std::make_unique<PacketSocket>(std::move(*socket));
    PacketSocket& handle = *owned;
    for (const auto& [ip, refs] : multicast_refs_) handle.JoinMulticast(SolicitedNodeMac(ip));
    loop_.Watch(handle.fd(), [this, &handle] { OnFrames(handle); });
    packet_sockets_.emplace(name, std::move(owned));
    log_.Info("answering on interface", {{"interface", name}});
  }
}

std::optional<ClusterSnapshot> SpeakerDaemon::ReadSnapshot(manifest::Diagnostics& diagnostics) {
  if (!controller_) {
    return ReadManifestDirectory(options_.config_dir, options_.directory, diagnostics);
  }
  auto read = ReadManifestObjects(options_.config_dir, options_.directory, diagnostics);
  if (!read) return std::nullopt;
  for (const AssignmentEvent& assigned : controller_->Assign(read->objects, read->config)) {
    log_.Write(assigned.event.type == "Warning" ? LogLevel::kWarn : LogLevel::kInfo,
               "controller event",
               {{"service", assigned.service},
                {"reason", assigned.event.reason},
                {"message", assigned.event.message}});
  }
  return MakeSnapshot(read->objects, std::move(read->config));
}

void SpeakerDaemon::Reload(runtime::Instant now) {
  manifest::Diagnostics diagnostics;
  auto snapshot = ReadSnapshot(diagnostics);
  for (const manifest::Diagnostic& diagnostic : diagnostics.all()) {
    if (diagnostic.severity == manifest::Severity::kNote) {
      log_.Debug("configuration note", {{"where", diagnostic.ToString()}});
    }
  }
  if (!snapshot) {
    std::string first;
    for (const manifest::Diagnostic& diagnostic : diagnostics.all()) {
      if (diagnostic.severity != manifest::Severity::kError) continue;
      if (first.empty()) first = diagnostic.ToString();
      log_.Error("configuration refused; the previous one keeps running",
                 {{"error", diagnostic.ToString()}});
    }
    config_state_.stale = true;
    config_state_.last_error = first;
    metrics_.Set("metallb_k8s_client_config_stale_bool", {}, 1);
    metrics_.Add("metallb_k8s_client_update_errors_total", {});
    PublishStatus();
    return;
  }
  if (speaker_ && snapshot->memberlist_secret != memberlist_secret_) {
    log_.Warn(
        "the memberlist Secret changed: its key takes effect when metallabd restarts, as "
        "MetalLB's speaker reads it once");
  }
  if (!speaker_) memberlist_secret_ = snapshot->memberlist_secret;
  view_.nodes = std::move(snapshot->nodes);
  view_.services = std::move(snapshot->services);
  view_.config = std::move(snapshot->config);
  ++view_.generation;
  config_state_ = ConfigState{true, false, {}};
  metrics_.Set("metallb_k8s_client_config_loaded_bool", {}, 1);
  metrics_.Set("metallb_k8s_client_config_stale_bool", {}, 0);
  metrics_.Add("metallb_k8s_client_updates_total", {});
  log_.Info("configuration loaded", {{"directory", options_.config_dir},
                                     {"nodes", static_cast<uint64_t>(view_.nodes.size())},
                                     {"services", static_cast<uint64_t>(view_.services.size())},
                                     {"pools", static_cast<uint64_t>(view_.config.pools.size())}});
  ready_ = true;
  if (speaker_ && speaker_->running()) {
    speaker_->Resync(now);
    Flush(now);
  }
}

void SpeakerDaemon::OnFrames(PacketSocket& socket) {
  for (int i = 0; i < kMaxFramesPerWake; ++i) {
    if (!socket.Receive(buffer_)) return;
    const runtime::Instant received = MonotonicNow();
    const uint64_t sent_before = frames_sent_;
    speaker_->HandleFrame(received, socket.interface(), buffer_);
    Flush(received);
    if (frames_sent_ > sent_before) {
      metrics_.Observe("metallab_layer2_response_seconds", {}, Seconds(MonotonicNow() - received));
    }
  }
}

void SpeakerDaemon::OnDatagrams() {
  runtime::UdpEndpoint from;
  for (int i = 0; i < kMaxDatagramsPerWake; ++i) {
    if (!membership_socket_->Receive(buffer_, from)) return;
    const runtime::Instant now = MonotonicNow();
    speaker_->HandleMembershipDatagram(now, from, buffer_);
    Flush(now);
  }
}

void SpeakerDaemon::OnSignal() {
  while (const auto signal = signals_.Next()) {
    const runtime::Instant now = MonotonicNow();
    if (*signal == SIGHUP) {
      log_.Info("SIGHUP: reading the configuration again");
      Reload(now);
      continue;
    }
    if (stopping_) continue;
    stopping_ = true;
    exit_by_ = now + options_.exit_deadline;
    log_.Info("leaving the memberlist and stopping", {{"signal", *signal}});
    speaker_->Stop(now, speaker::StopReason::kSigterm);
    Flush(now);
  }
}

void SpeakerDaemon::Flush(runtime::Instant now) {
  bool reported = false;
  for (int round = 0; round < kMaxFlushRounds; ++round) {
    bool any = false;
    std::string error;
    for (const membership::OutgoingDatagram& datagram : speaker_->TakeMembershipDatagrams()) {
      any = true;
      if (!membership_socket_) continue;
      if (!membership_socket_->Send(datagram.to, datagram.bytes, error)) {
        log_.Debug("membership datagram not sent", {{"error", error}});
      }
    }
    for (const layer2::OutgoingFrame& frame : speaker_->TakeFrames()) {
      any = true;
      const auto socket = packet_sockets_.find(frame.link);
      if (socket == packet_sockets_.end()) continue;  // not a selected interface
      if (socket->second->Send(frame.bytes, error)) {
        ++frames_sent_;
        metrics_.Add("metallab_frames_sent_total", {});
      } else {
        log_.Warn("frame not sent", {{"interface", frame.link}, {"error", error}});
      }
    }
    for (const membership::StreamRequest& request : speaker_->TakeMembershipStreams()) {
      any = true;
      if (membership_streams_) membership_streams_->Handle(now, request);
    }
    if (!speaker_->TakeBfdDatagrams().empty()) any = true;  // BFD comes with the BGP daemon
    for (const speaker::StreamAction& action : speaker_->TakeStreamActions()) {
      any = true;
      if (action.kind != speaker::StreamAction::Kind::kConnect) continue;
      if (bgp_peers_refused_.insert(action.peer.ToString()).second) {
        log_.Warn("BGP peers are not driven by metallabd yet; only Layer 2 is announced",
                  {{"peer", action.peer.ToString()}});
      }
      speaker_->OnConnectFailed(now, action.peer);
    }
    for (const speaker::SpeakerEvent& event : speaker_->TakeEvents()) {
      any = true;
      reported = true;
      Report(event);
    }
    if (!any) break;
  }
  speaker_timer_.ArmAt(speaker_->running() ? speaker_->NextTimeout() : runtime::kNoDeadline);
  if (reported) PublishStatus();
}

void SpeakerDaemon::Report(const speaker::SpeakerEvent& event) {
  if (const auto* change = std::get_if<speaker::AnnouncementChange>(&event)) {
    const MetricLabels labels{{"ip", change->ip.ToString()},
                              {"node", change->node},
                              {"protocol", speaker::ProtocolName(change->protocol)},
                              {"service", change->service}};
    if (change->announcing) {
      metrics_.Set("metallb_speaker_announced", labels, 1);
    } else {
      metrics_.Remove("metallb_speaker_announced", labels);
    }
    if (change->ip.is_v6()) ChangeMulticast(change->ip, change->announcing);
    log_.Info(change->announcing ? "announcing" : "withdrawn",
              {{"service", change->service}, {"ip", change->ip.ToString()}});
  } else if (const auto* news = std::get_if<speaker::MembershipNews>(&event)) {
    const membership::MembershipEvent& member = news->event;
    metrics_.Add("metallab_memberlist_events_total", {{"kind", MembershipKindName(member.kind)}});
    const LogFields fields{{"member", member.node},
                           {"event", MembershipKindName(member.kind)},
                           {"detail", member.detail}};
    if (member.kind == membership::MembershipEvent::Kind::kMalformed) {
      if (malformed_log_.Admit(member.at)) log_.Warn("membership datagram rejected", fields);
    } else if (member.kind == membership::MembershipEvent::Kind::kProbeFailed) {
      log_.Debug("membership probe failed", fields);
    } else {
      log_.Info("membership", fields);
    }
  } else if (const auto* refusal = std::get_if<speaker::NotAnnounced>(&event)) {
    log_.Debug("not announcing",
               {{"service", refusal->service},
                {"reason", std::string(speaker::NotAnnouncedReasonName(refusal->reason))},
                {"owner", refusal->owner}});
  }
}

void SpeakerDaemon::ChangeMulticast(const net::IpAddress& ip, bool join) {
  int& refs = multicast_refs_[ip];
  refs += join ? 1 : -1;
  const bool first = join && refs == 1;
  const bool last = !join && refs <= 0;
  if (last) multicast_refs_.erase(ip);
  if (!first && !last) return;
  for (auto& [name, socket] : packet_sockets_) {
    const bool done = join ? socket->JoinMulticast(SolicitedNodeMac(ip))
                           : socket->LeaveMulticast(SolicitedNodeMac(ip));
    if (!done) log_.Warn("solicited-node group not changed", {{"interface", name}});
  }
}

void SpeakerDaemon::Housekeeping(runtime::Instant now) {
  housekeeping_timer_.ArmAt(now + kHousekeepingInterval);
  if (membership_streams_) membership_streams_->Expire(now);
  if (const uint64_t suppressed = malformed_log_.TakeSuppressed(now)) {
    log_.Warn("more membership datagrams rejected (not logged one by one)",
              {{"count", suppressed}});
  }
  if (const layer2::Layer2Announcer* announcer = speaker_->announcer()) {
    for (const auto& [ip, counters] : announcer->counters()) {
      const MetricLabels labels{{"ip", ip.ToString()}};
      metrics_.Set("metallb_layer2_requests_received", labels,
                   static_cast<double>(counters.requests_received));
      metrics_.Set("metallb_layer2_responses_sent", labels,
                   static_cast<double>(counters.responses_sent));
      metrics_.Set("metallb_layer2_gratuitous_sent", labels,
                   static_cast<double>(counters.gratuitous_sent));
    }
  }
  if (const membership::Memberlist* memberlist = speaker_->memberlist()) {
    std::map<std::string, int> by_state;
    for (const membership::MemberView& member : memberlist->AllNodes()) {
      ++by_state[membership::MemberStateName(member.state)];
    }
    for (const char* state : {"alive", "suspect", "dead", "left"}) {
      metrics_.Set("metallab_memberlist_members", {{"state", state}}, by_state[state]);
    }
    metrics_.Set("metallab_memberlist_health_score", {}, memberlist->health_score());
  }
  PublishStatus();
}

void SpeakerDaemon::DescribeMetrics() {
  metrics_.Describe("metallb_layer2_requests_received", MetricType::kCounter,
                    "Number of layer2 requests received for owned IPs");
  metrics_.Describe("metallb_layer2_responses_sent", MetricType::kCounter,
                    "Number of layer2 responses sent for owned IPs");
  metrics_.Describe("metallb_layer2_gratuitous_sent", MetricType::kCounter,
                    "Number of gratuitous layer2 packets sent for owned IPs");
  metrics_.Describe("metallb_speaker_announced", MetricType::kGauge,
                    "The node is announcing the service IP");
  metrics_.Describe("metallb_k8s_client_config_loaded_bool", MetricType::kGauge,
                    "1 if the MetalLB configuration was successfully loaded at least once");
  metrics_.Describe("metallb_k8s_client_config_stale_bool", MetricType::kGauge,
                    "1 if running on a stale configuration, because the latest config failed "
                    "to load");
  metrics_.Describe("metallb_k8s_client_updates_total", MetricType::kCounter,
                    "Number of configuration updates accepted");
  metrics_.Describe("metallb_k8s_client_update_errors_total", MetricType::kCounter,
                    "Number of configuration updates refused");
  metrics_.Describe("metallab_memberlist_members", MetricType::kGauge,
                    "Members this speaker's memberlist knows, by state");
  metrics_.Describe("metallab_memberlist_events_total", MetricType::kCounter,
                    "Membership news heard, by kind");
  metrics_.Describe("metallab_memberlist_health_score", MetricType::kGauge,
                    "Lifeguard's local health score (0 healthy; probes wait score + 1 "
                    "intervals)");
  metrics_.Describe("metallab_frames_sent_total", MetricType::kCounter,
                    "ARP and NDP frames sent (replies and gratuitous)");
  metrics_.Describe("metallab_layer2_response_seconds", MetricType::kHistogram,
                    "Time from receiving an ARP or NDP request to sending the reply",
                    {10e-6, 20e-6, 50e-6, 100e-6, 200e-6, 500e-6, 1e-3, 10e-3, 100e-3, 1});
  metrics_.Set("metallb_k8s_client_config_loaded_bool", {}, 0);
  metrics_.Set("metallb_k8s_client_config_stale_bool", {}, 0);
}

void SpeakerDaemon::PublishStatus() {
  if (!speaker_) return;
  std::string json = StatusJson(*speaker_, view_, config_state_);
  const std::lock_guard lock(status_mutex_);
  status_json_ = std::move(json);
}

int SpeakerDaemon::Run() {
  const runtime::Instant start = MonotonicNow();
  log_.Info("starting", {{"node", options_.node}});
  speaker_->Start(start);
  Flush(start);
  Housekeeping(start);
  for (;;) {
    const runtime::Instant now = MonotonicNow();
    last_turn_ = now;
    if (stopping_ && (!speaker_->running() || now >= exit_by_)) break;
    loop_.RunOnce(1000);
  }
  if (speaker_->running()) speaker_->Stop(MonotonicNow(), speaker::StopReason::kCrash);
  log_.Info("stopped");
  return 0;
}

}  // namespace metallab::daemon
