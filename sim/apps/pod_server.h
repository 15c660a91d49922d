// The application in a pod's container, as the simulation runs it on the pod's node: an HTTP
// server on the pod's address and container port (and a UDP responder on the same port) whose
// answer depends on the image, as the walkthrough's images behave:
// - sysnet4admin/echo-hname: the pod's name;
// - sysnet4admin/echo-ip: the source address the pod sees (the client's, or a node's once
//   kube-proxy has SNATed it);
// - any other image: an empty 200.
// The exact page layout of those images is not reproduced, only what they report.
#ifndef METALLAB_SIM_APPS_POD_SERVER_H_
#define METALLAB_SIM_APPS_POD_SERVER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/net/ip_address.h"
#include "sim/network/ip_node.h"
#include "sim/network/process.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim {

enum class PodAnswer { kPodName, kClientAddress, kEmpty };
// What a container of `image` answers ("sysnet4admin/echo-ip:latest" → kClientAddress).
PodAnswer PodAnswerForImage(const std::string& image);

struct PodServerSpec {
  std::string pod;  // the pod's name
  net::IpAddress address;
  uint16_t port = 80;
  PodAnswer answer = PodAnswer::kEmpty;
};

class PodServer : public Process {
 public:
  PodServer(IpNode& host, PodServerSpec spec);
  ~PodServer() override;

  void Start() override;
  void Stop(StopReason reason) override;

  uint64_t requests_served() const { return requests_served_; }

 private:
  std::string AnswerFor(const net::IpAddress& client) const;
  void Accept(const std::shared_ptr<TcpConnection>& connection);
  void Forget(const TcpConnection* connection);

  IpNode& host_;
  PodServerSpec spec_;
  bool running_ = false;
  std::vector<std::shared_ptr<TcpConnection>> open_;
  uint64_t requests_served_ = 0;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_APPS_POD_SERVER_H_
