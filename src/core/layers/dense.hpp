// Fully connected layer: y = x W + b, with x (batch x in), W (in x out), b (1 x out).
#pragma once
#include "../rng.hpp"
#include "../tensor.hpp"
#include "init.hpp"

namespace dl {

void dense_forward(const Mat& x, const Mat& w, const RowVec& b, Mat& y);
// Given dy = dL/dy: dw = x^T dy, db = column sums of dy, dx = dy W^T (dx may be null for the first layer).
void dense_backward(const Mat& x, const Mat& w, const Mat& dy, Mat& dw, RowVec& db, Mat* dx);
// Weights by `init` (Keras' default: Glorot uniform), zero bias.
void dense_init(Mat& w, RowVec& b, int in, int out, Rng& rng, Init init = Init::GlorotUniform);

}  // namespace dl
