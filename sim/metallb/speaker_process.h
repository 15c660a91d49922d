// MetalLB's speaker as a process on a simulated node: core's speaker::Speaker driven over the
// node's UDP sockets (the memberlist port, BFD's 3784), the memberlist's TCP streams on the
// same port (MembershipStreams), its raw frame access, one TCP connection per BGP peer
// (BgpConnection) and one engine timer per speaker timer (so that
// timeouts at one instant run in the order they were armed, as separate timers do).
// It answers the speaker's HostView from the virtual host and hands every speaker event to an
// observer (the scenario's transcript, report and ServiceL2Status objects). Nothing MetalLB
// decides is here: only what the daemon's runtime does on real sockets.
//
// SpeakerProcessParameters add the host's part: a started process comes up after a random
// delay (where each speaker's memberlist tickers tick decides races such as who suspects a dead
// node first), and each ARP or NDP frame leaves a fixed latency after the speaker decides it
// (which decides races such as the kernel answering a VIP too).
#ifndef METALLAB_SIM_METALLB_SPEAKER_PROCESS_H_
#define METALLAB_SIM_METALLB_SPEAKER_PROCESS_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/speaker/cluster_view.h"
#include "core/speaker/host_view.h"
#include "core/speaker/speaker.h"
#include "core/speaker/speaker_event.h"
#include "core/speaker/speaker_options.h"
#include "sim/bgp/bgp_connection.h"
#include "sim/engine/simulator.h"
#include "sim/metallb/membership_streams.h"
#include "sim/metallb/speaker_process_parameters.h"
#include "sim/network/ip_node.h"
#include "sim/network/process.h"

namespace metallab::sim {

class SpeakerProcess : public Process, private speaker::HostView {
 public:
  using Observer = std::function<void(const speaker::SpeakerEvent& event)>;

  SpeakerProcess(IpNode& node, const speaker::ClusterView& cluster, speaker::SpeakerOptions options,
                 SpeakerProcessParameters parameters, Observer observer);
  ~SpeakerProcess() override;

  void Start() override;
  void Stop(StopReason reason) override;
  // The cluster changed: MetalLB reconciles every Service (changes at one instant are one
  // reconcile).
  void Resync();

  bool running() const { return speaker_.running(); }
  const speaker::Speaker& speaker() const { return speaker_; }
  const std::string& node_name() const { return node_.name(); }

 private:
  // speaker::HostView
  std::vector<layer2::LinkInfo> Links() const override;
  std::optional<net::IpAddress> SourceAddressFor(const net::IpAddress& peer) const override;

  // Sends what the speaker produced, reports its events, and keeps the sockets and the timer
  // in line with its state; inputs made meanwhile (a connect failing at once, an observer's
  // Resync) are picked up by the same loop.
  void Flush();
  bool SendOutputs();
  void Perform(const speaker::StreamAction& action);
  BgpConnection& Connection(const net::IpAddress& peer);
  void SyncSockets();
  // Queues `frame` to leave after the frame latency (at once without one).
  void SendFrame(layer2::OutgoingFrame frame);
  void SendDueFrames();
  void ArmTimers();
  // The process ended: its TCP connections closed (crash) or forgotten (power loss).
  void EndConnections(StopReason reason);
  SimTime Now() const { return node_.simulator().Now(); }

  IpNode& node_;
  speaker::Speaker speaker_;
  SpeakerProcessParameters parameters_;
  RngStream startup_random_;
  Timer startup_;  // armed while the process is coming up
  struct PendingFrame {
    SimTime due;
    layer2::OutgoingFrame frame;
  };
  std::deque<PendingFrame> pending_frames_;  // in send order; one latency, so in due order
  Timer frame_timer_;                        // armed for the first pending frame
  Observer observer_;
  uint32_t trace_component_;
  struct TimerSlot {
    speaker::TimerKind kind;
    std::string key;
    std::unique_ptr<Timer> timer;
    bool wanted = false;
  };
  std::vector<TimerSlot> timers_;             // a handful: linear search beats a map here
  std::vector<speaker::Deadline> deadlines_;  // reused by every ArmTimers
  std::map<net::IpAddress, std::unique_ptr<BgpConnection>> connections_;
  MembershipStreams membership_streams_;
  uint64_t raw_listener_ = 0;
  bool listening_ = false;  // raw frames
  bool membership_bound_ = false;
  bool bfd_bound_ = false;
  bool flushing_ = false;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_SPEAKER_PROCESS_H_
