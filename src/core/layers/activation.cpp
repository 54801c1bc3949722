#include "activation.hpp"

namespace dl {

void relu_forward(const Mat& x, Mat& y) { y = x.cwiseMax(0.0f); }

void relu_backward(const Mat& y, const Mat& dy, Mat& dx) {
    // A plain loop: the compiler turns it into SIMD compares and masks, where Eigen's select() stays
    // element by element.
    dx.resize(dy.rows(), dy.cols());
    const float* yp = y.data();
    const float* g = dy.data();
    float* out = dx.data();
    for (Eigen::Index i = 0, n = dy.size(); i < n; ++i) {
        const float gi = g[i];  // loaded whatever the test says: then the select needs no branch
        out[i] = yp[i] > 0.0f ? gi : 0.0f;
    }
}

void tanh_forward(const Mat& x, Mat& y) { y = x.array().tanh(); }

void tanh_backward(const Mat& y, const Mat& dy, Mat& dx) {
    dx = dy.array() * (1.0f - y.array().square());
}

void sigmoid_forward(const Mat& x, Mat& y) { y = 1.0f / (1.0f + (-x.array()).exp()); }

void sigmoid_backward(const Mat& y, const Mat& dy, Mat& dx) {
    dx = dy.array() * y.array() * (1.0f - y.array());
}

namespace {
constexpr float kSeluAlpha = 1.6732632423543772f;
constexpr float kSeluScale = 1.0507009873554805f;
}  // namespace

void selu_forward(const Mat& x, Mat& y) {
    y = (x.array() > 0.0f).select(kSeluScale * x.array(), kSeluScale * kSeluAlpha * (x.array().exp() - 1.0f));
}

// For x <= 0, y = s*a*(e^x - 1), so dy/dx = s*a*e^x = y + s*a: the output alone gives the slope.
void selu_backward(const Mat& y, const Mat& dy, Mat& dx) {
    dx = (y.array() > 0.0f).select(kSeluScale * dy.array(), dy.array() * (y.array() + kSeluScale * kSeluAlpha));
}

}  // namespace dl
