// The daemon's Prometheus metrics: counters, gauges and histograms by name and labels, written
// by the event loop and rendered in the text exposition format (version 0.0.4) by the HTTP
// endpoint's thread, hence the lock. Names and help texts follow MetalLB's where MetalLB has the
// metric (metallb_layer2_*, metallb_speaker_announced, metallb_k8s_client_*).
#ifndef METALLAB_DAEMON_METRICS_REGISTRY_H_
#define METALLAB_DAEMON_METRICS_REGISTRY_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace metallab::daemon {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge, kHistogram };

class MetricsRegistry {
 public:
  // Declares a metric; a histogram's bucket upper bounds must ascend.
  void Describe(const std::string& name, MetricType type, const std::string& help,
                std::vector<double> buckets = {});

  void Add(const std::string& name, const MetricLabels& labels, double delta = 1);
  void Set(const std::string& name, const MetricLabels& labels, double value);
  void Remove(const std::string& name, const MetricLabels& labels);
  void Observe(const std::string& name, const MetricLabels& labels, double value);
  double Value(const std::string& name, const MetricLabels& labels) const;

  std::string Render() const;

 private:
  struct Series {
    double value = 0;               // counter or gauge; a histogram's sum
    uint64_t count = 0;             // histogram
    std::vector<uint64_t> buckets;  // histogram, cumulative at render
  };
  struct Family {
    MetricType type = MetricType::kCounter;
    std::string help;
    std::vector<double> bounds;
    std::map<MetricLabels, Series> series;
  };

  Family* Find(const std::string& name);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_METRICS_REGISTRY_H_
