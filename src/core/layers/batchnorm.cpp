#include "batchnorm.hpp"

#include <algorithm>
#include <cmath>

namespace dl {

namespace {
// A batch of HWC rows viewed as (N*H*W x C): one row per position, one column per channel.
Eigen::Map<const Mat> by_channel(const Mat& m, int channels) {
    return {m.data(), m.size() / channels, channels};
}

using Channels = Eigen::Map<const Eigen::ArrayXf>;
using ChannelsOut = Eigen::Map<Eigen::ArrayXf>;

// Per-channel sums over the positions (rows) of a by_channel view: term(row) gives a row's C terms. Row by row,
// so each pass reads the batch once in memory order (a column-wise reduction of the row-major view strides
// through it once per channel); and in blocks of rows, so that float sums of a whole batch's positions (tens
// of thousands) keep their precision.
template <typename Term>
RowVec channel_sums(long rows, int channels, Term term) {
    constexpr long kBlock = 256;
    Eigen::ArrayXf total = Eigen::ArrayXf::Zero(channels), block(channels);
    for (long r0 = 0; r0 < rows; r0 += kBlock) {
        block.setZero();
        for (long r = r0; r < std::min(rows, r0 + kBlock); ++r) block += term(r);
        total += block;
    }
    return total.matrix().transpose();
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
    const long rows = long(x.size() / channels);
    const float* p = x.data();
    out.count = rows;
    out.mean = channel_sums(rows, channels, [&](long r) { return Channels(p + r * channels, channels); }) /
               float(std::max(rows, 1L));
    const Channels mean(out.mean.data(), channels);
    out.m2 = channel_sums(rows, channels, [&](long r) { return (Channels(p + r * channels, channels) - mean).square(); });
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
    const long rows = long(x.size() / channels);
    y.resize(x.rows(), x.cols());
    state.xhat.resize(rows, channels);
    state.inv_std = (batch.m2.array() / float(batch.count) + epsilon).rsqrt();
    const Channels mean(batch.mean.data(), channels), inv_std(state.inv_std.data(), channels),
        g(gamma.data(), channels), b(beta.data(), channels);
    for (long r = 0; r < rows; ++r) {
        ChannelsOut xhat(state.xhat.data() + r * channels, channels);
        xhat = (Channels(x.data() + r * channels, channels) - mean) * inv_std;
        ChannelsOut(y.data() + r * channels, channels) = xhat * g + b;
    }
}

void batchnorm_running_update(const BatchMoments& batch, float momentum, BatchNormState& state) {
    // The running variance takes the unbiased estimate, as TensorFlow's does.
    const float unbiased = 1.0f / float(batch.count > 1 ? batch.count - 1 : 1);
    state.mean = momentum * state.mean + (1.0f - momentum) * batch.mean;
    state.var = momentum * state.var + (1.0f - momentum) * unbiased * batch.m2;
}

void batchnorm_backward_sums(const Mat& dy, int channels, const BatchNormState& state, RowVec& dgamma,
                             RowVec& dbeta) {
    const long rows = long(dy.size() / channels);
    const float *d = dy.data(), *xhat = state.xhat.data();
    dbeta = channel_sums(rows, channels, [&](long r) { return Channels(d + r * channels, channels); });
    dgamma = channel_sums(rows, channels, [&](long r) {
        return Channels(d + r * channels, channels) * Channels(xhat + r * channels, channels);
    });
}

void batchnorm_backward_dx(const Mat& dy, int channels, const RowVec& gamma, const BatchNormState& state,
                           const RowVec& dgamma, const RowVec& dbeta, long count, Mat& dx) {
    // dx = gamma * inv_std / m * (m * dy - sum(dy) - xhat * sum(dy * xhat)), sums and m over the whole batch.
    const long rows = long(dy.size() / channels);
    const float m = float(count);
    dx.resize(dy.rows(), dy.cols());
    const Eigen::ArrayXf scale = (gamma.array() * state.inv_std.array() / m).transpose();
    const Channels sum_dy(dbeta.data(), channels), sum_dy_xhat(dgamma.data(), channels);
    for (long r = 0; r < rows; ++r) {
        const Channels d(dy.data() + r * channels, channels), xhat(state.xhat.data() + r * channels, channels);
        ChannelsOut(dx.data() + r * channels, channels) = (d * m - sum_dy - xhat * sum_dy_xhat) * scale;
    }
}

}  // namespace dl
