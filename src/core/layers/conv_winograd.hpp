// 3x3 convolutions with stride 1 by Winograd's minimal filtering F(m x m, 3x3) (Lavin & Gray 2015), m = 2
// or 4: each m x m block of outputs comes from an a x a tile of the input (a = m + 2) as
// Y = A^T [(G g G^T) . (B^T d B)] A, where the elementwise product, summed over input channels, is a*a matrix
// products (one per tile element) of the tiles' transforms V (tiles x C) by the weights' transforms U (C x F).
// Per output and channel pair that is 4 multiplications for F(2x2) and 2.25 for F(4x4), against the
// im2col product's 9.
//
// Both backward products are the transposes of the same chain, so they run in the transformed domain too:
// dM = A dY A^T, dU = V^T dM (then dW = G^T dU G), dV = dM U^T (then dX = B dV B^T, added over the
// overlapping tiles). In exact arithmetic every result equals the direct convolution's; in floats they
// differ in the last bits (F(4x4)'s larger coefficients lose a few more).
#pragma once
#include "../tensor.hpp"
#include "conv2d.hpp"

namespace dl {

// The output block size m that pays for this window, or 0 for none: Winograd needs a 3x3 kernel with stride 1
// and enough input channels for its matrix products to be efficient. m = 4 where 4x4 blocks cover the output
// with at most a quarter wasted (24x24, 8x8, 26x26), m = 2 where only 2x2 blocks do (10x10), none where
// neither does (a 3x3 output).
int winograd_block(const Window& win);

// y = conv(x) + b by F(block x block, 3x3), keeping the weights' transforms (work.u) for backward;
// work.cols and work.m are scratch.
void winograd_forward(const Mat& x, const Window& win, int block, const Mat& w, const RowVec& b, ConvWork& work,
                      Mat& y);
// The gradients of the last winograd_forward of x, with the same block.
void winograd_backward(const Mat& x, ConvWork& work, const Window& win, int block, const Mat& dy, Mat& dw,
                       RowVec& db, Mat* dx);

}  // namespace dl
