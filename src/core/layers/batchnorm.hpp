// Batch normalization (Ioffe & Szegedy 2015) per channel of HWC rows (per feature after a Dense layer):
// while training, each channel is normalized by the batch's mean and variance and the running statistics
// move towards them; at inference the running statistics are used. y = gamma * xhat + beta.
#pragma once
#include "../tensor.hpp"

namespace dl {

struct BatchNormState {
    RowVec mean, var;  // running statistics (not trained by gradients; saved in model files)
    Mat xhat;          // normalized input of the last training pass, for backward
    RowVec inv_std;    // 1 / sqrt(var + epsilon) of that pass
};

void batchnorm_init(int channels, RowVec& gamma, RowVec& beta, BatchNormState& state);
void batchnorm_forward(const Mat& x, int channels, const RowVec& gamma, const RowVec& beta, float momentum,
                       float epsilon, bool training, BatchNormState& state, Mat& y);
// Backward of a training-mode forward pass (batch statistics).
void batchnorm_backward(const Mat& dy, int channels, const RowVec& gamma, const BatchNormState& state, Mat& dx,
                        RowVec& dgamma, RowVec& dbeta);

}  // namespace dl
