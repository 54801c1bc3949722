// Max pooling over HWC images (Keras MaxPooling2D): each output is the largest input in its window; the
// gradient flows only to that input, whose index the forward pass remembers.
#pragma once
#include <vector>

#include "../tensor.hpp"
#include "conv2d.hpp"

namespace dl {

void maxpool_forward(const Mat& x, const Window& win, Mat& y, std::vector<int>& argmax);
void maxpool_backward(const std::vector<int>& argmax, const Window& win, const Mat& dy, Mat& dx);

}  // namespace dl
