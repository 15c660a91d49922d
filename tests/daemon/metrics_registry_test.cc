#include "daemon/metrics_registry.h"

#include <catch2/catch.hpp>

namespace metallab::daemon {
namespace {

TEST_CASE("metrics render in Prometheus' text format") {
  MetricsRegistry metrics;
  metrics.Describe("metallb_layer2_requests_received", MetricType::kCounter, "Requests");
  metrics.Describe("metallb_speaker_announced", MetricType::kGauge, "Announced");
  metrics.Add("metallb_layer2_requests_received", {{"ip", "192.0.2.1"}});
  metrics.Add("metallb_layer2_requests_received", {{"ip", "192.0.2.1"}}, 2);
  metrics.Set("metallb_speaker_announced", {{"ip", "192.0.2.1"}, {"service", "a\"b"}}, 1);
  metrics.Add("undeclared", {});  // ignored: only declared metrics exist
  CHECK(metrics.Render() ==
        "# HELP metallb_layer2_requests_received Requests\n"
        "# TYPE metallb_layer2_requests_received counter\n"
        "metallb_layer2_requests_received{ip=\"192.0.2.1\"} 3\n"
        "# HELP metallb_speaker_announced Announced\n"
        "# TYPE metallb_speaker_announced gauge\n"
        "metallb_speaker_announced{ip=\"192.0.2.1\",service=\"a\\\"b\"} 1\n");
  metrics.Remove("metallb_speaker_announced", {{"ip", "192.0.2.1"}, {"service", "a\"b"}});
  CHECK(metrics.Render().find("service=") == std::string::npos);
}

TEST_CASE("a histogram counts each observation once, cumulatively per bucket") {
  MetricsRegistry metrics;
  metrics.Describe("latency_seconds", MetricType::kHistogram, "Latency", {0.001, 0.01});
  metrics.Observe("latency_seconds", {}, 0.0005);
  metrics.Observe("latency_seconds", {}, 0.005);
  metrics.Observe("latency_seconds", {}, 5);
  CHECK(metrics.Value("latency_seconds", {}) == 3);
  const std::string text = metrics.Render();
  CHECK_THAT(text, Catch::Contains("latency_seconds_bucket{le=\"0.001\"} 1\n"));
  CHECK_THAT(text, Catch::Contains("latency_seconds_bucket{le=\"0.01\"} 2\n"));
  CHECK_THAT(text, Catch::Contains("latency_seconds_bucket{le=\"+Inf\"} 3\n"));
  CHECK_THAT(text, Catch::Contains("latency_seconds_count 3\n"));
}

}  // namespace
}  // namespace metallab::daemon
