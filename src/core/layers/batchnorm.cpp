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
    const auto xc = by_channel(x, channels);
    y.resize(x.rows(), x.cols());
    Eigen::Map<Mat> yc(y.data(), xc.rows(), channels);
    if (!training) {
        const RowVec scale = gamma.array() / (state.var.array() + epsilon).sqrt();
        yc = (xc.rowwise() - state.mean).array().rowwise() * scale.array();
        yc.rowwise() += beta;
        return;
    }
    const Eigen::Index m = xc.rows();
    const RowVec mean = xc.colwise().mean();
    state.xhat = xc.rowwise() - mean;
    const RowVec var = state.xhat.array().square().colwise().sum() / float(m);
    state.inv_std = (var.array() + epsilon).rsqrt();
    state.xhat.array().rowwise() *= state.inv_std.array();
    yc = state.xhat.array().rowwise() * gamma.array();
    yc.rowwise() += beta;
    // Running variance uses the unbiased estimate, as TensorFlow does.
    const float unbias = m > 1 ? float(m) / float(m - 1) : 1.0f;
    state.mean = momentum * state.mean + (1.0f - momentum) * mean;
    state.var = momentum * state.var + (1.0f - momentum) * unbias * var;
}

void batchnorm_backward(const Mat& dy, int channels, const RowVec& gamma, const BatchNormState& state, Mat& dx,
                        RowVec& dgamma, RowVec& dbeta) {
    const auto dyc = by_channel(dy, channels);
    const float m = float(dyc.rows());
    dbeta = dyc.colwise().sum();
    dgamma = (dyc.array() * state.xhat.array()).colwise().sum();
    // dx = gamma * inv_std / m * (m * dy - sum(dy) - xhat * sum(dy * xhat))
    dx.resize(dy.rows(), dy.cols());
    Eigen::Map<Mat> dxc(dx.data(), dyc.rows(), channels);
    dxc = (dyc * m).rowwise() - dbeta;
    dxc -= (state.xhat.array().rowwise() * dgamma.array()).matrix();
    dxc.array().rowwise() *= (gamma.array() * state.inv_std.array() / m);
}

}  // namespace dl
