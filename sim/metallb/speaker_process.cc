#include "sim/metallb/speaker_process.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/bfd/bfd_session.h"
#include "sim/engine/rng_source.h"

namespace metallab::sim {
namespace {

speaker::StopReason SpeakerStopReason(StopReason reason) {
  switch (reason) {
    case StopReason::kShutdown:
      return speaker::StopReason::kSigterm;
    case StopReason::kCrash:
      return speaker::StopReason::kCrash;
    case StopReason::kPowerOff:
      break;
  }
  return speaker::StopReason::kPowerLoss;
}

}  // namespace

SpeakerProcess::SpeakerProcess(IpNode& node, const speaker::ClusterView& cluster,
                               speaker::SpeakerOptions options, SpeakerProcessParameters parameters,
                               Observer observer)
    : node_(node),
      speaker_(node.name(), std::move(options), cluster, *this,
               [&node](const std::string& name) -> std::unique_ptr<runtime::RandomSource> {
                 return std::make_unique<RngSource>(node.simulator().Rng(name));
               }),
      parameters_(parameters),
      startup_random_(node.simulator().Rng("speaker-startup/" + node.name())),
      startup_(node.simulator()),
      frame_timer_(node.simulator()),
      observer_(std::move(observer)),
      trace_component_(node.simulator().Component("speaker/" + node.name())),
      membership_streams_(node, speaker_, [this] { Flush(); }) {}

SpeakerProcess::~SpeakerProcess() {
  // Destroyed with its host at the end of a run: resources to release, nothing to report (the
  // observer may be gone already).
  observer_ = nullptr;
  speaker_.Stop(Now(), speaker::StopReason::kPowerLoss);
  EndConnections(StopReason::kPowerOff);
  speaker_.TakeEvents();
  SyncSockets();
  timers_.clear();
}

std::vector<layer2::LinkInfo> SpeakerProcess::Links() const {
  std::vector<layer2::LinkInfo> links;
  for (const auto& interface : node_.interfaces()) {
    layer2::LinkInfo link{
        interface->name(), interface->mac(), interface->carrier(), true, false, false, {}};
    for (const InterfaceAddress& address : node_.Addresses(*interface)) {
      link.addresses.push_back(address.address);
    }
    links.push_back(std::move(link));
  }
  return links;
}

std::optional<net::IpAddress> SpeakerProcess::SourceAddressFor(const net::IpAddress& peer) const {
  return node_.SourceAddressFor(peer);
}

void SpeakerProcess::Start() {
  const auto up = [this] {
    speaker_.Start(Now());
    Flush();
  };
  if (parameters_.startup_jitter <= 0) return up();
  startup_.Arm(startup_random_.UniformInt(0, parameters_.startup_jitter - 1), up);
}

void SpeakerProcess::Stop(StopReason reason) {
  startup_.Cancel();  // stopped before it came up
  if (reason != StopReason::kShutdown) {
    // Killed or powered off: what it had not sent yet dies with it.
    pending_frames_.clear();
    frame_timer_.Cancel();
  }
  if (!speaker_.running()) return;
  speaker_.Stop(Now(), SpeakerStopReason(reason));
  if (reason != StopReason::kShutdown) EndConnections(reason);
  Flush();
}

void SpeakerProcess::Resync() {
  speaker_.Resync(Now());
  Flush();
}

void SpeakerProcess::EndConnections(StopReason reason) {
  membership_streams_.End(reason == StopReason::kCrash);
  for (auto& [peer, connection] : connections_) {
    if (reason == StopReason::kCrash && connection->open()) {
      connection->Close();  // the kernel closes a dead process's sockets: a FIN goes out
    } else {
      connection->Forget();
    }
  }
}

void SpeakerProcess::Flush() {
  if (flushing_) return;
  flushing_ = true;
  while (SendOutputs()) {
  }
  flushing_ = false;
  SyncSockets();
  ArmTimers();
}

bool SpeakerProcess::SendOutputs() {
  bool any = false;
  for (bfd::EndpointDatagram& datagram : speaker_.TakeBfdDatagrams()) {
    any = true;
    // RFC 5881 §5: TTL 255, so the peer can tell the packet crossed no router (GTSM).
    node_.SendIp(packet::IpPacket{
        net::IpAddress::Of(datagram.to.address.family(), 0), datagram.to.address, bfd::kTransmitTtl,
        packet::UdpDatagram{datagram.source_port, datagram.to.port, std::move(datagram.bytes)}});
  }
  for (const speaker::StreamAction& action : speaker_.TakeStreamActions()) {
    any = true;
    Perform(action);
  }
  for (const membership::StreamRequest& request : speaker_.TakeMembershipStreams()) {
    any = true;
    membership_streams_.Perform(request);
  }
  const uint16_t port = speaker_.membership_port();
  for (membership::OutgoingDatagram& datagram : speaker_.TakeMembershipDatagrams()) {
    any = true;
    node_.SendUdp(datagram.to.address, port, datagram.to.port, std::move(datagram.bytes));
  }
  for (layer2::OutgoingFrame& frame : speaker_.TakeFrames()) {
    any = true;
    SendFrame(std::move(frame));
  }
  for (const speaker::SpeakerEvent& event : speaker_.TakeEvents()) {
    any = true;
    if (observer_) observer_(event);
  }
  return any;
}

void SpeakerProcess::SendFrame(layer2::OutgoingFrame frame) {
  if (parameters_.frame_latency <= 0) {
    if (Interface* interface = node_.FindInterface(frame.link)) {
      node_.SendRawFrame(*interface, std::move(frame.bytes));
    }
    return;
  }
  pending_frames_.push_back({Now() + parameters_.frame_latency, std::move(frame)});
  if (!frame_timer_.armed())
    frame_timer_.ArmAt(pending_frames_.front().due, [this] { SendDueFrames(); });
}

void SpeakerProcess::SendDueFrames() {
  while (!pending_frames_.empty() && pending_frames_.front().due <= Now()) {
    layer2::OutgoingFrame frame = std::move(pending_frames_.front().frame);
    pending_frames_.pop_front();
    if (Interface* interface = node_.FindInterface(frame.link)) {
      node_.SendRawFrame(*interface, std::move(frame.bytes));
    }
  }
  if (!pending_frames_.empty()) {
    frame_timer_.ArmAt(pending_frames_.front().due, [this] { SendDueFrames(); });
  }
}

void SpeakerProcess::Perform(const speaker::StreamAction& action) {
  BgpConnection& connection = Connection(action.peer);
  switch (action.kind) {
    case speaker::StreamAction::Kind::kConnect:
      // No route: the speaker hears of it at once, and the loop in Flush takes what follows.
      if (!connection.Open()) speaker_.OnConnectFailed(Now(), action.peer);
      return;
    case speaker::StreamAction::Kind::kWrite:
      connection.Write(action.bytes);
      return;
    case speaker::StreamAction::Kind::kClose:
      if (connection.open()) connection.Close();
      return;
    case speaker::StreamAction::Kind::kSetMd5Password:
      connection.SetMd5Password(action.md5_password);
      return;
  }
}

BgpConnection& SpeakerProcess::Connection(const net::IpAddress& peer) {
  auto found = connections_.find(peer);
  if (found != connections_.end()) return *found->second;
  BgpConnectionCallbacks callbacks;
  callbacks.on_connected = [this, peer] {
    speaker_.OnConnected(Now(), peer);
    Flush();
  };
  callbacks.on_bytes = [this, peer](std::span<const uint8_t> bytes) {
    speaker_.OnBytes(Now(), peer, bytes);
    Flush();
  };
  callbacks.on_closed = [this, peer] {
    speaker_.OnClosed(Now(), peer);
    Flush();
  };
  callbacks.on_connect_failed = [this, peer] {
    speaker_.OnConnectFailed(Now(), peer);
    Flush();
  };
  auto connection = std::make_unique<BgpConnection>(node_, peer, std::move(callbacks));
  return *connections_.emplace(peer, std::move(connection)).first->second;
}

void SpeakerProcess::SyncSockets() {
  const bool running = speaker_.running();
  if (running && !listening_) {
    listening_ = true;
    raw_listener_ = node_.AddRawListener([this](Interface& interface, const Frame& frame) {
      speaker_.HandleFrame(Now(), interface.name(), *frame);
      Flush();
    });
    if (speaker_.memberlist() != nullptr) {
      membership_bound_ = node_.BindUdp(
          speaker_.membership_port(),
          [this](const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
            speaker_.HandleMembershipDatagram(
                Now(), runtime::UdpEndpoint{packet.source, datagram.source_port}, datagram.payload);
            Flush();
          });
      membership_streams_.Listen(speaker_.membership_port());
    }
  } else if (!running && listening_) {
    listening_ = false;
    node_.RemoveRawListener(raw_listener_);
  }
  if (!running && membership_bound_) {
    membership_bound_ = false;
    node_.UnbindUdp(speaker_.membership_port());
  }
  if (!running) membership_streams_.StopListening();
  const bool bfd = speaker_.bfd_running();
  if (bfd && !bfd_bound_) {
    bfd_bound_ = node_.BindUdp(
        std::nullopt, bfd::kControlPort,
        [this](const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
          speaker_.HandleBfdDatagram(Now(), packet.source, datagram.payload, packet.ttl);
          Flush();
        });
  } else if (!bfd && bfd_bound_) {
    bfd_bound_ = false;
    node_.UnbindUdp(std::nullopt, bfd::kControlPort);
  }
}

void SpeakerProcess::ArmTimers() {
  // Called after every input, frames included: no allocation once the slots exist.
  speaker_.Deadlines(deadlines_);
  for (TimerSlot& slot : timers_) slot.wanted = false;
  for (const speaker::Deadline& deadline : deadlines_) {
    auto slot = std::find_if(timers_.begin(), timers_.end(), [&](const TimerSlot& s) {
      return s.kind == deadline.kind && s.key == deadline.key;
    });
    if (slot == timers_.end()) {
      auto timer = std::make_unique<Timer>(
          node_.simulator(), TraceTag{trace_component_, static_cast<uint32_t>(deadline.kind) + 1});
      timers_.push_back({deadline.kind, deadline.key, std::move(timer), false});
      slot = timers_.end() - 1;
    }
    slot->wanted = true;
    if (slot->timer->armed() && slot->timer->expiry() == deadline.at) continue;
    slot->timer->ArmAt(deadline.at, [this, kind = deadline.kind, key = deadline.key] {
      speaker_.HandleDeadline(Now(), kind, key);
      Flush();
    });
  }
  for (TimerSlot& slot : timers_) {
    if (!slot.wanted) slot.timer->Cancel();
  }
}

}  // namespace metallab::sim
