#include "activation.hpp"

namespace dl {

void relu_forward(const Mat& x, Mat& y) { y = x.cwiseMax(0.0f); }

void relu_backward(const Mat& y, const Mat& dy, Mat& dx) {
    dx = (y.array() > 0.0f).select(dy, 0.0f);
}

void tanh_forward(const Mat& x, Mat& y) { y = x.array().tanh(); }

void tanh_backward(const Mat& y, const Mat& dy, Mat& dx) {
    dx = dy.array() * (1.0f - y.array().square());
}

}  // namespace dl
