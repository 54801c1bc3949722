#include "profile.hpp"

#include <chrono>

namespace dl {

double seconds_now() {
    using clock = std::chrono::steady_clock;
    return std::chrono::duration<double>(clock::now().time_since_epoch()).count();
}

void LayerTimes::layer_add(std::vector<double>& phase, size_t layer, double seconds) {
    if (phase.size() <= layer) phase.resize(layer + 1, 0.0);
    phase[layer] += seconds;
}

}  // namespace dl
