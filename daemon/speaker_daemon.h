// metallabd's driver of core/speaker on real sockets, the counterpart of the simulator's
// SpeakerProcess: one thread, one epoll loop. It hands the speaker frames from an AF_PACKET
// socket per interface, memberlist datagrams from a UDP socket, the time from CLOCK_MONOTONIC
// and the cluster from the manifest directory, and sends what the speaker gives back. It makes
// no MetalLB decision itself.
#ifndef METALLAB_DAEMON_SPEAKER_DAEMON_H_
#define METALLAB_DAEMON_SPEAKER_DAEMON_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/speaker/cluster_view.h"
#include "core/speaker/host_view.h"
#include "core/speaker/speaker.h"
#include "daemon/daemon_options.h"
#include "daemon/deadline_timer.h"
#include "daemon/directory_watch.h"
#include "daemon/embedded_controller.h"
#include "daemon/event_loop.h"
#include "daemon/host_links.h"
#include "daemon/http_endpoint.h"
#include "daemon/json_log.h"
#include "daemon/log_rate_limit.h"
#include "daemon/membership_streams.h"
#include "daemon/metrics_registry.h"
#include "daemon/packet_socket.h"
#include "daemon/signal_channel.h"
#include "daemon/status_document.h"
#include "daemon/udp_socket.h"

namespace metallab::daemon {

class SpeakerDaemon : private speaker::HostView {
 public:
  // Opens everything (throws std::runtime_error naming what failed) and reads the directory.
  SpeakerDaemon(DaemonOptions options, const JsonLog& log);
  ~SpeakerDaemon() override;
  SpeakerDaemon(const SpeakerDaemon&) = delete;
  SpeakerDaemon& operator=(const SpeakerDaemon&) = delete;

  // Runs until SIGTERM or SIGINT and the speaker's leave; returns the exit code.
  int Run();

 private:
  // speaker::HostView: the selected interfaces as last read.
  std::vector<layer2::LinkInfo> Links() const override;
  std::optional<net::IpAddress> SourceAddressFor(const net::IpAddress& peer) const override;

  speaker::SpeakerOptions SpeakerOptionsFor() const;
  void OpenMembership();
  void StartHttp();
  void WatchControlDescriptors();
  bool Selected(const layer2::LinkInfo& link) const;
  void RefreshLinks();
  void SyncPacketSockets();
  void Reload(runtime::Instant now);
  std::optional<ClusterSnapshot> ReadSnapshot(manifest::Diagnostics& diagnostics);
  void OnFrames(PacketSocket& socket);
  void OnDatagrams();
  void OnSignal();
  void Flush(runtime::Instant now);
  void Report(const speaker::SpeakerEvent& event);
  void ChangeMulticast(const net::IpAddress& ip, bool join);
  void Housekeeping(runtime::Instant now);
  void DescribeMetrics();
  void PublishStatus();

  DaemonOptions options_;
  const JsonLog& log_;
  EventLoop loop_;
  SignalChannel signals_;
  DirectoryWatch directory_;
  LinkChanges link_changes_;
  DeadlineTimer speaker_timer_;
  DeadlineTimer reload_timer_;
  DeadlineTimer housekeeping_timer_;
  std::vector<layer2::LinkInfo> links_;  // every interface, as last read
  std::map<std::string, std::unique_ptr<PacketSocket>> packet_sockets_;  // by interface
  std::optional<UdpSocket> membership_socket_;
  std::unique_ptr<MembershipStreams>
      membership_streams_;  // refers to speaker_, never in its destructor
  // The memberlist Secret as last read: MetalLB reads its key once, at start.
  std::optional<std::vector<uint8_t>> memberlist_secret_;
  speaker::StaticClusterView view_;
  ConfigState config_state_;
  std::unique_ptr<EmbeddedController> controller_;  // --allocate only
  std::unique_ptr<speaker::Speaker> speaker_;
  std::map<net::IpAddress, int> multicast_refs_;  // IPv6 VIPs announced, per Service count
  std::set<std::string> bgp_peers_refused_;
  LogRateLimit malformed_log_;  // a stranger's flood of garbage must not flood the log
  MetricsRegistry metrics_;
  std::unique_ptr<HttpEndpoint> http_;
  // Published for the HTTP thread.
  std::mutex status_mutex_;
  std::string status_json_;
  std::atomic<int64_t> last_turn_{0};
  std::atomic<bool> ready_{false};
  bool stopping_ = false;
  runtime::Instant exit_by_ = runtime::kNoDeadline;
  std::vector<uint8_t> buffer_;
  uint64_t frames_sent_ = 0;  // replies and gratuitous frames, for the latency histogram
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_SPEAKER_DAEMON_H_
