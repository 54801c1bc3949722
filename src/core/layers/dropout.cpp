#include "dropout.hpp"

#include <cmath>

namespace dl {

void dropout_forward(const Mat& x, float rate, bool training, Rng& rng, Mat& mask, Mat& y) {
    if (!training || rate <= 0.0f) {
        y = x;
        return;
    }
    const float keep = 1.0f - rate;
    const float scale = 1.0f / keep;
    // rng.uniform() < keep compares the draw's top 24 bits, scaled by 2^-24, with keep: the same as comparing
    // those bits with keep * 2^24 rounded up, without the conversion to float (the same draws, faster).
    const uint32_t threshold = uint32_t(std::ceil(double(keep) * 16777216.0));
    mask.resize(x.rows(), x.cols());
    y.resize(x.rows(), x.cols());
    const float* in = x.data();
    float* m = mask.data();
    float* out = y.data();
    for (Eigen::Index i = 0, n = x.size(); i < n; ++i) {
        m[i] = (rng.next_u32() >> 8) < threshold ? scale : 0.0f;
        out[i] = in[i] * m[i];
    }
}

void dropout_backward(const Mat& mask, bool training, const Mat& dy, Mat& dx) {
    if (!training || mask.size() != dy.size()) {
        dx = dy;
        return;
    }
    dx = dy.cwiseProduct(mask);
}

}  // namespace dl
