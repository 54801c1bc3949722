// 3x3 convolutions with stride 1 by Winograd's minimal filtering F(2x2, 3x3) (Lavin & Gray 2015): each 2x2
// block of outputs comes from a 4x4 tile of the input as Y = A^T [(G g G^T) . (B^T d B)] A, where the
// elementwise product, summed over input channels, is 16 matrix products (one per tile element) of the
// tiles' transforms V (tiles x C) by the weights' transforms U (C x F). That is 16 multiplications per
// output block and channel pair instead of 36, so about 2.25 times less arithmetic than the im2col product.
//
// Both backward products are the transposes of the same chain, so they run in the transformed domain too:
// dM = A dY A^T, dU = V^T dM (then dW = G^T dU G), dV = dM U^T (then dX = B dV B^T, added over the
// overlapping tiles). In exact arithmetic every result equals the direct convolution's; in floats they
// differ in the last bits.
#pragma once
#include "../tensor.hpp"
#include "conv2d.hpp"

namespace dl {

// Whether Winograd pays for this window: a 3x3 kernel with stride 1, enough input channels for its matrix
// products to be efficient, and outputs that fill most of the 2x2 blocks (a 3x3 output wastes 7 of 16).
bool winograd_fits(const Window& win);

// y = conv(x) + b, keeping the weights' transforms (work.u) for backward; work.cols and work.m are scratch.
void winograd_forward(const Mat& x, const Window& win, const Mat& w, const RowVec& b, ConvWork& work, Mat& y);
// The gradients of the last winograd_forward of x.
void winograd_backward(const Mat& x, ConvWork& work, const Window& win, const Mat& dy, Mat& dw, RowVec& db,
                       Mat* dx);

}  // namespace dl
