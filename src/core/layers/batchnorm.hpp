// Batch normalization (Ioffe & Szegedy 2015) per channel of HWC rows (per feature after a Dense layer):
// while training, each channel is normalized by the batch's mean and variance and the running statistics
// move towards them; at inference the running statistics are used. y = gamma * xhat + beta.
//
// A batch split over threads is still normalized by the whole batch's statistics, as Keras does (each
// thread's own share would make the model depend on the machine's core count: batch 64 on 16 cores would
// normalize by 4 images). So the training-mode pass also comes in pieces: each thread's moments, merged;
// then each thread's normalization by the merged ones; backward, each thread's sums, added; then its dx.
#pragma once
#include "../tensor.hpp"

namespace dl {

struct BatchNormState {
    RowVec mean, var;  // running statistics (not trained by gradients; saved in model files)
    Mat xhat;          // normalized input of the last training pass, for backward
    RowVec inv_std;    // 1 / sqrt(var + epsilon) of that pass
};

// Per-channel statistics of a batch, or of one thread's share of it.
struct BatchMoments {
    long count = 0;   // values per channel: rows x positions
    RowVec mean, m2;  // their mean, and the sum of their squared deviations from it
};

void batchnorm_init(int channels, RowVec& gamma, RowVec& beta, BatchNormState& state);
// Training mode on x alone (its own moments), or inference mode (the running statistics).
void batchnorm_forward(const Mat& x, int channels, const RowVec& gamma, const RowVec& beta, float momentum,
                       float epsilon, bool training, BatchNormState& state, Mat& y);
// Backward of a training-mode forward pass of x alone.
void batchnorm_backward(const Mat& dy, int channels, const RowVec& gamma, const BatchNormState& state, Mat& dx,
                        RowVec& dgamma, RowVec& dbeta);

// [SECTION] The training-mode pass in pieces, for a batch split over threads

void batchnorm_moments(const Mat& x, int channels, BatchMoments& out);
// Adds a share's moments to `into` (Chan, Golub & LeVeque's pairwise update); `into` may be empty.
void batch_moments_merge(BatchMoments& into, const BatchMoments& share);
// Normalizes x, a share of the batch, by the batch's moments.
void batchnorm_normalize(const Mat& x, int channels, const RowVec& gamma, const RowVec& beta,
                         const BatchMoments& batch, float epsilon, BatchNormState& state, Mat& y);
// Moves the running statistics towards the batch's.
void batchnorm_running_update(const BatchMoments& batch, float momentum, BatchNormState& state);
// A share's parts of the gradients of beta (sum of dy) and gamma (sum of dy * xhat).
void batchnorm_backward_sums(const Mat& dy, int channels, const BatchNormState& state, RowVec& dgamma,
                             RowVec& dbeta);
// dx of a share, from the whole batch's dgamma and dbeta and its count of values per channel.
void batchnorm_backward_dx(const Mat& dy, int channels, const RowVec& gamma, const BatchNormState& state,
                           const RowVec& dgamma, const RowVec& dbeta, long count, Mat& dx);

}  // namespace dl
