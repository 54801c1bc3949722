// Weight initializers with Keras' definitions: fan_in/fan_out count kernel positions times channels.
#pragma once
#include <cstdint>

#include "../rng.hpp"
#include "../tensor.hpp"

namespace dl {

// Values are part of the model file format: never renumber them.
enum class Init : uint32_t {
    GlorotUniform = 0,  // Keras' default: U(-l, l), l = sqrt(6 / (fan_in + fan_out))
    HeNormal = 1,       // truncated normal, stddev sqrt(2 / fan_in): for ReLU
    LecunNormal = 2,    // truncated normal, stddev sqrt(1 / fan_in): for SELU
};

void weights_init(Mat& w, int fan_in, int fan_out, Init init, Rng& rng);

const char* init_name(Init init);

}  // namespace dl
