// `metallab explain`'s output: for each asked Service, every node's speaker on why the Service
// is or is not announced from it, as text for a person or JSON for a program.
#ifndef METALLAB_REPORTS_EXPLANATION_REPORT_H_
#define METALLAB_REPORTS_EXPLANATION_REPORT_H_

#include <string>
#include <vector>

#include "core/speaker/service_explanation.h"
#include "sim/engine/sim_time.h"

namespace metallab::reports {

struct ServiceQuestion {
  std::string service;                             // namespace/name
  std::vector<std::string> ips;                    // its ingress IPs at the time
  std::vector<speaker::ServiceExplanation> nodes;  // one per node, in node order
};

std::string ExplanationText(const std::vector<ServiceQuestion>& questions, sim::SimTime at);
std::string ExplanationJson(const std::string& scenario,
                            const std::vector<ServiceQuestion>& questions, sim::SimTime at);

}  // namespace metallab::reports

#endif  // METALLAB_REPORTS_EXPLANATION_REPORT_H_
