#include "dropout.hpp"

namespace dl {

void dropout_forward(const Mat& x, float rate, bool training, Rng& rng, Mat& mask, Mat& y) {
    if (!training || rate <= 0.0f) {
        y = x;
        return;
    }
    const float keep = 1.0f - rate;
    const float scale = 1.0f / keep;
    mask.resize(x.rows(), x.cols());
    for (int i = 0; i < mask.size(); ++i) mask.data()[i] = rng.uniform() < keep ? scale : 0.0f;
    y = x.cwiseProduct(mask);
}

void dropout_backward(const Mat& mask, bool training, const Mat& dy, Mat& dx) {
    if (!training || mask.size() != dy.size()) {
        dx = dy;
        return;
    }
    dx = dy.cwiseProduct(mask);
}

}  // namespace dl
