// Something running on a host (MetalLB's speaker, an echo server): started when the host
// boots, stopped when it crashes or loses power. Its sockets live on the host's stack, so a
// process must release them in Stop.
#ifndef METALLAB_SIM_NETWORK_PROCESS_H_
#define METALLAB_SIM_NETWORK_PROCESS_H_

namespace metallab::sim {

enum class StopReason {
  kCrash,     // the process died; the kernel closes its sockets (FIN/RST go out)
  kPowerOff,  // the host lost power; nothing goes out
  kShutdown,  // an orderly stop; goodbyes may take a bounded time (MetalLB's leave: ≤ 1 s)
};

class Process {
 public:
  virtual ~Process() = default;
  virtual void Start() = 0;
  virtual void Stop(StopReason reason) = 0;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_PROCESS_H_
