#include "batchnorm.hpp"

#include <cmath>

namespace dl {

namespace {
// A batch of HWC rows viewed as (N*H*W x C): one row per position, one column per channel.
Eigen::Map<const Mat> by_channel(const Mat& m, int channels) {
    return {m.data(), m.size() / channels, channels};
}
}  // namespace

void batchnorm_init(int channels, RowVec& gamma, RowVec& beta, BatchNormState& state) {
    gamma = RowVec::Ones(channels);
    beta = RowVec::Zero(channels);
    state.mean = RowVec::Zero(channels);
    state.var = RowVec::Ones(channels);
}

void batchnorm_forward(const Mat& x, int channels, const RowVec& gamma, const RowVec& beta, float momentum,
                       float epsilon, bool training, BatchNormState& state, Mat& y) {
    if (training) {
        BatchMoments batch;
        batchnorm_moments(x, channels, batch);
        batchnorm_normalize(x, channels, gamma, beta, batch, epsilon, state, y);
        batchnorm_running_update(batch, momentum, state);
        return;
    }
    const auto xc = by_channel(x, channels);
    y.resize(x.rows(), x.cols());
    Eigen::Map<Mat> yc(y.data(), xc.rows(), channels);
    const RowVec scale = gamma.array() / (state.var.array() + epsilon).sqrt();
    yc = (xc.rowwise() - state.mean).array().rowwise() * scale.array();
    yc.rowwise() += beta;
}

void batchnorm_backward(const Mat& dy, int channels, const RowVec& gamma, const BatchNormState& state, Mat& dx,
                        RowVec& dgamma, RowVec& dbeta) {
    batchnorm_backward_sums(dy, channels, state, dgamma, dbeta);
    batchnorm_backward_dx(dy, channels, gamma, state, dgamma, dbeta, long(dy.size() / channels), dx);
}

// [SECTION] The training-mode pass in pieces

void batchnorm_moments(const Mat& x, int channels, BatchMoments& out) {
    const auto xc = by_channel(x, channels);
    out.count = long(xc.rows());
    out.mean = xc.colwise().mean();
    out.m2 = (xc.rowwise() - out.mean).array().square().colwise().sum();
}

void batch_moments_merge(BatchMoments& into, const BatchMoments& share) {
    if (into.count == 0) {
        into = share;
        return;
    }
    const float n = float(into.count + share.count), f = float(share.count) / n;
    const RowVec delta = share.mean - into.mean;
    into.mean += delta * f;
    into.m2 += share.m2 + (delta.array().square() * (float(into.count) * f)).matrix();
    into.count += share.count;
}

void batchnorm_normalize(const Mat& x, int channels, const RowVec& gamma, const RowVec& beta,
                         const BatchMoments& batch, float epsilon, BatchNormState& state, Mat& y) {
    const auto xc = by_channel(x, channels);
    y.resize(x.rows(), x.cols());
    Eigen::Map<Mat> yc(y.data(), xc.rows(), channels);
    state.inv_std = (batch.m2.array() / float(batch.count) + epsilon).rsqrt();
    state.xhat = xc.rowwise() - batch.mean;
    state.xhat.array().rowwise() *= state.inv_std.array();
    yc = state.xhat.array().rowwise() * gamma.array();
    yc.rowwise() += beta;
}

void batchnorm_running_update(const BatchMoments& batch, float momentum, BatchNormState& state) {
    // The running variance takes the unbiased estimate, as TensorFlow's does.
    const float unbiased = 1.0f / float(batch.count > 1 ? batch.count - 1 : 1);
    state.mean = momentum * state.mean + (1.0f - momentum) * batch.mean;
    state.var = momentum * state.var + (1.0f - momentum) * unbiased * batch.m2;
}

void batchnorm_backward_sums(const Mat& dy, int channels, const BatchNormState& state, RowVec& dgamma,
                             RowVec& dbeta) {
    const auto dyc = by_channel(dy, channels);
    dbeta = dyc.colwise().sum();
    dgamma = (dyc.array() * state.xhat.array()).colwise().sum();
}

void batchnorm_backward_dx(const Mat& dy, int channels, const RowVec& gamma, const BatchNormState& state,
                           const RowVec& dgamma, const RowVec& dbeta, long count, Mat& dx) {
    // dx = gamma * inv_std / m * (m * dy - sum(dy) - xhat * sum(dy * xhat)), sums and m over the whole batch.
    const auto dyc = by_channel(dy, channels);
    const float m = float(count);
    dx.resize(dy.rows(), dy.cols());
    Eigen::Map<Mat> dxc(dx.data(), dyc.rows(), channels);
    dxc = (dyc * m).rowwise() - dbeta;
    dxc -= (state.xhat.array().rowwise() * dgamma.array()).matrix();
    dxc.array().rowwise() *= (gamma.array() * state.inv_std.array() / m);
}

}  // namespace dl
