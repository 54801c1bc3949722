// The matrix products of the dense layer. Eigen's, except in WebAssembly SIMD for a result of at most
// kNarrowColumns columns, such as a last dense layer's 10 classes, or softmax regression's only layer.
//
// Eigen's general product first copies both operands into panels, which pays off when each value is used
// many times. In a narrow product each value of the wide operand (the batch of 784 pixels, or of 512 hidden
// units) is used only 10 times, so the copies cost more than they save. In Chromium, softmax regression's
// products (64 x 784 by 784 x 10 on each thread) took 40-57 us each with Eigen, 23-36 us with this kernel.
#pragma once
#include "../tensor.hpp"

namespace dl {

constexpr int kNarrowColumns = 12;

// out = a b
void product(const Mat& a, const Mat& b, Mat& out);
// out = a^T b
void product_at(const Mat& a, const Mat& b, Mat& out);

}  // namespace dl
