// 2-D convolution over images stored channels-last (HWC, as Keras does), one image per batch row.
// The reference is one matrix product per batch (im2col): every output position's receptive field becomes a
// row of `cols` (kernel*kernel*in_channels values), so cols (N*OH*OW x K*K*C) times W (K*K*C x F) is the
// output (N*OH*OW x F), which read row-major is exactly the batch of HWC outputs. 3x3 convolutions with
// stride 1 and enough channels take Winograd's shortcut instead (conv_winograd.hpp).
#pragma once
#include "../rng.hpp"
#include "../tensor.hpp"
#include "init.hpp"

namespace dl {

// Geometry of a convolution or pooling window; `same` pads so that out = ceil(in / stride).
struct Window {
    int kernel = 3, stride = 1;
    bool same = false;
    Shape in, out;
    int pad_top = 0, pad_left = 0;
};

// Fills the output shape and padding; out.h or out.w is < 1 when the window does not fit.
Window window_make(Shape in, int kernel, int stride, bool same, int out_channels);

void im2col(const Mat& x, const Window& win, Mat& cols);
void col2im(const Mat& cols, const Window& win, int batch, Mat& dx);

// What a convolution keeps from its forward pass for the backward one. Backward uses the buffers up (they
// are reused for the gradients; the next forward pass fills them again), so no batch-sized matrix is
// allocated per step.
struct ConvWork {
    Mat cols;  // im2col: the input's patches; Winograd: a chunk of the input tiles' transforms
    Mat u;     // Winograd: the weights' transforms
    Mat m;     // Winograd: a chunk's transformed products, then their gradients
};

// By Winograd where winograd_block(win) is not 0, else by im2col.
void conv2d_forward(const Mat& x, const Window& win, const Mat& w, const RowVec& b, ConvWork& work, Mat& y);
// The gradients of the last conv2d_forward of x; dx may be null for the first layer.
void conv2d_backward(const Mat& x, ConvWork& work, const Window& win, const Mat& w, const Mat& dy, Mat& dw,
                     RowVec& db, Mat* dx);
// The im2col path alone: the reference the Winograd kernels are tested against.
void conv2d_im2col_forward(const Mat& x, const Window& win, const Mat& w, const RowVec& b, Mat& cols, Mat& y);
void conv2d_im2col_backward(Mat& cols, const Window& win, const Mat& w, const Mat& dy, Mat& dw, RowVec& db, Mat* dx);
// Weights by `init` over fan_in = K*K*C and fan_out = K*K*F (Keras' default: Glorot uniform), zero bias.
void conv2d_init(Mat& w, RowVec& b, const Window& win, Rng& rng, Init init = Init::GlorotUniform);

}  // namespace dl
