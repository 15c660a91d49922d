// The only randomness core code may use: a source the driver hands in, seeded by the driver
// (the simulator from the scenario seed and the component's name, the daemon from the OS), so
// a simulated run is reproducible and core code stays testable with a scripted source.
#ifndef METALLAB_CORE_RUNTIME_RANDOM_SOURCE_H_
#define METALLAB_CORE_RUNTIME_RANDOM_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace metallab::runtime {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual uint64_t NextU64() = 0;

  // Uniform in [0, bound); unbiased. `bound` must be > 0.
  uint64_t Below(uint64_t bound);

  // Fisher–Yates, drawing from this source.
  template <typename T>
  void Shuffle(std::vector<T>& items) {
    for (size_t k = items.size(); k > 1; --k) {
      const size_t j = static_cast<size_t>(Below(k));
      std::swap(items[k - 1], items[j]);
    }
  }
};

}  // namespace metallab::runtime

#endif  // METALLAB_CORE_RUNTIME_RANDOM_SOURCE_H_
