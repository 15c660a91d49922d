// The host's process table on its own: what starts and stops when, and what each fault does.
#include "sim/network/process_table.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

// Records what it was told, in order.
class RecordingProcess : public Process {
 public:
  explicit RecordingProcess(std::vector<std::string>& log) : log_(log) {}
  void Start() override { log_.push_back("start"); }
  void Stop(StopReason reason) override {
    log_.push_back(reason == StopReason::kCrash      ? "crash"
                   : reason == StopReason::kShutdown ? "sigterm"
                                                     : "power-off");
  }

 private:
  std::vector<std::string>& log_;
};

TEST_CASE("a process starts with a powered host, stops with its power and boots again",
          "[network][process]") {
  std::vector<std::string> log;
  ProcessTable table;
  table.Add("speaker", std::make_unique<RecordingProcess>(log), true);
  CHECK(table.running("speaker"));
  table.PowerOff();
  CHECK_FALSE(table.running("speaker"));
  table.PowerOn();
  CHECK(log == std::vector<std::string>{"start", "power-off", "start"});

  std::vector<std::string> unpowered;
  table.Add("echo", std::make_unique<RecordingProcess>(unpowered), false);
  CHECK(unpowered.empty());
  CHECK_FALSE(table.Restart("echo", false));  // no power, no start
}

TEST_CASE(
    "faults by name: a crash stays down until restarted, a stop is SIGTERM, a removal "
    "crashes and forgets",
    "[network][process]") {
  std::vector<std::string> log;
  ProcessTable table;
  table.Add("speaker", std::make_unique<RecordingProcess>(log), true);
  CHECK(table.Stop("speaker", StopReason::kCrash));
  CHECK_FALSE(table.Stop("speaker", StopReason::kCrash));  // not running any more
  CHECK(table.Restart("speaker", true));
  CHECK_FALSE(table.Restart("speaker", true));  // running already
  CHECK(table.Stop("speaker", StopReason::kShutdown));
  table.PowerOff();  // nothing running: nothing told
  table.PowerOn();   // a boot starts crashed and stopped processes alike
  CHECK(table.Remove("speaker"));
  CHECK(table.Find("speaker") == nullptr);
  CHECK_FALSE(table.Remove("speaker"));
  CHECK(log == std::vector<std::string>{"start", "crash", "start", "sigterm", "start", "crash"});
}

}  // namespace
}  // namespace metallab::sim
