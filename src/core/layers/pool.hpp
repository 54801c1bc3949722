// Pooling over HWC images.
// Max (Keras MaxPooling2D): each output is the largest input in its window; the gradient flows only to that
// input, whose index the forward pass remembers.
// Average (Keras AveragePooling2D): the mean of the window's inputs; with 'same' padding, padded positions
// are left out of the mean, as Keras does.
#pragma once
#include <vector>

#include "../tensor.hpp"
#include "conv2d.hpp"

namespace dl {

void maxpool_forward(const Mat& x, const Window& win, Mat& y, std::vector<int>& argmax);
void maxpool_backward(const std::vector<int>& argmax, const Window& win, const Mat& dy, Mat& dx);

void avgpool_forward(const Mat& x, const Window& win, Mat& y);
void avgpool_backward(const Window& win, const Mat& dy, Mat& dx);

}  // namespace dl
