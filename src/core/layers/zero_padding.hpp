// ZeroPadding2D: a border of `pad` zero pixels around each HWC image.
#pragma once
#include "../tensor.hpp"

namespace dl {

void zero_padding_forward(const Mat& x, Shape in, int pad, Mat& y);
void zero_padding_backward(const Mat& dy, Shape in, int pad, Mat& dx);

}  // namespace dl
