// The memberlist's TCP side on a simulated node, as memberlist's NetTransport does it: every
// stream the memberlist asks for (a push-pull, a fallback ping) is a connection to the member's
// memberlist port that writes the request and hands everything the peer sends back to the
// speaker until it has its reply; the memberlist port listens for the other members' streams
// and answers each once its message is whole, then closes. Nothing decided here: the speaker
// says what to send and when a stream is done (membership::Memberlist's stream seam).
#ifndef METALLAB_SIM_METALLB_MEMBERSHIP_STREAMS_H_
#define METALLAB_SIM_METALLB_MEMBERSHIP_STREAMS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "core/membership/memberlist.h"
#include "core/speaker/speaker.h"
#include "sim/network/ip_node.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim {

class MembershipStreams {
 public:
  // `settle` runs after every input handed to the speaker (the process sends what it made).
  MembershipStreams(IpNode& node, speaker::Speaker& speaker, std::function<void()> settle);
  // Lets go of every connection without sending anything (the process is going away).
  ~MembershipStreams();
  MembershipStreams(const MembershipStreams&) = delete;
  MembershipStreams& operator=(const MembershipStreams&) = delete;

  void Perform(const membership::StreamRequest& request);
  // The memberlist port's listener, held while the speaker runs.
  void Listen(uint16_t port);
  void StopListening();
  bool listening() const { return listening_; }
  // The process died: the kernel closes its sockets (a FIN each); on power loss nothing is
  // sent, and the host's TCP forgets them itself.
  void End(bool send_fin);

 private:
  struct Stream {
    std::shared_ptr<TcpConnection> connection;
    std::vector<uint8_t> request;   // outgoing: written once the connection is up
    std::vector<uint8_t> received;  // everything the other side sent so far
    runtime::UdpEndpoint from;      // incoming: who connected
    bool done = false;              // nothing more goes to the speaker
  };
  using Key = std::pair<bool, uint64_t>;  // (incoming, id): outgoing ids are the memberlist's

  void Adopt(Key key, Stream stream);
  void OnData(Key key, std::span<const uint8_t> data);
  // The other side finished or the connection failed before the stream was done.
  void OnEnded(Key key, bool closed);
  SimTime Now() const { return node_.simulator().Now(); }

  IpNode& node_;
  speaker::Speaker& speaker_;
  std::function<void()> settle_;
  std::map<Key, Stream> streams_;  // until the connection has closed
  uint64_t next_incoming_ = 0;
  uint16_t port_ = 0;
  bool listening_ = false;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_MEMBERSHIP_STREAMS_H_
