#include "init.hpp"

#include <cmath>

namespace dl {

namespace {
// Normal truncated at two standard deviations, rescaled to the requested standard deviation as
// TensorFlow's variance-scaling initializer does (0.8796 is the stddev of a unit normal cut at +-2).
float truncated_normal(Rng& rng, float stddev) {
    float z;
    do z = rng.normal(); while (std::fabs(z) > 2.0f);
    return z * stddev / 0.87962566103423978f;
}
}  // namespace

void weights_init(Mat& w, int fan_in, int fan_out, Init init, Rng& rng) {
    switch (init) {
        case Init::GlorotUniform: {
            const float limit = std::sqrt(6.0f / float(fan_in + fan_out));
            for (int i = 0; i < w.size(); ++i) w.data()[i] = (2.0f * rng.uniform() - 1.0f) * limit;
            break;
        }
        case Init::HeNormal:
        case Init::LecunNormal: {
            const float stddev = std::sqrt((init == Init::HeNormal ? 2.0f : 1.0f) / float(fan_in));
            for (int i = 0; i < w.size(); ++i) w.data()[i] = truncated_normal(rng, stddev);
            break;
        }
    }
}

const char* init_name(Init init) {
    switch (init) {
        case Init::GlorotUniform: return "glorot_uniform";
        case Init::HeNormal: return "he_normal";
        case Init::LecunNormal: return "lecun_normal";
    }
    return "?";
}

}  // namespace dl
