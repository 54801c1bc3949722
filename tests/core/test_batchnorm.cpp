// Batch normalization: training-mode statistics, running averages, inference mode, and gradients.
#include <doctest/doctest.h>

#include <cmath>

#include "core/layers/batchnorm.hpp"
#include "core/loss.hpp"
#include "core/model.hpp"
#include "test_util.hpp"

using dl::Mat;
using dl::RowVec;
using dltest::grad_check;
using dltest::random_mat;
using dltest::weighted_sum;

namespace {
// Two images of 2x3 positions with C channels, HWC: channel c of position p of image n at (n, p*C + c).
constexpr int kPositions = 6, kChannels = 3;

// A training-mode forward pass of x from fresh running statistics, and its backward pass from dy.
struct Pass {
    dl::BatchNormState st;
    Mat y, dx;
    RowVec dgamma, dbeta;
};
Pass pass_run(const Mat& x, const Mat& dy, const RowVec& gamma, const RowVec& beta, float momentum) {
    Pass p;
    RowVec g0, b0;
    dl::batchnorm_init(kChannels, g0, b0, p.st);
    dl::batchnorm_forward(x, kChannels, gamma, beta, momentum, 1e-3f, true, p.st, p.y);
    dl::batchnorm_backward(dy, kChannels, gamma, p.st, p.dx, p.dgamma, p.dbeta);
    return p;
}
}  // namespace

TEST_CASE("batchnorm: training normalizes each channel over batch and positions; running stats move") {
    dl::Rng rng(51);
    const Mat x = random_mat(2, kPositions * kChannels, rng, -2.f, 5.f);
    RowVec gamma = random_mat(1, kChannels, rng, 0.5f, 2.f).row(0), beta = random_mat(1, kChannels, rng).row(0);
    dl::BatchNormState st;
    RowVec g0, b0;
    dl::batchnorm_init(kChannels, g0, b0, st);
    CHECK(g0.isOnes(0));
    CHECK(b0.isZero(0));
    Mat y;
    dl::batchnorm_forward(x, kChannels, gamma, beta, 0.9f, 1e-3f, true, st, y);
    for (int c = 0; c < kChannels; ++c) {
        double mean = 0, var = 0;
        const int m = 2 * kPositions;
        for (int n = 0; n < 2; ++n)
            for (int p = 0; p < kPositions; ++p) mean += x(n, p * kChannels + c) / m;
        for (int n = 0; n < 2; ++n)
            for (int p = 0; p < kPositions; ++p) var += std::pow(x(n, p * kChannels + c) - mean, 2) / m;
        for (int n = 0; n < 2; ++n)
            for (int p = 0; p < kPositions; ++p) {
                const double want = gamma(c) * (x(n, p * kChannels + c) - mean) / std::sqrt(var + 1e-3) + beta(c);
                CHECK(y(n, p * kChannels + c) == doctest::Approx(want).epsilon(1e-4));
            }
        // Running statistics: 0.9 * initial (0 and 1) + 0.1 * batch (variance unbiased).
        CHECK(st.mean(c) == doctest::Approx(0.1 * mean).epsilon(1e-4));
        CHECK(st.var(c) == doctest::Approx(0.9 + 0.1 * var * m / (m - 1)).epsilon(1e-4));
    }
}

TEST_CASE("batchnorm: inference uses the running statistics, not the batch") {
    dl::Rng rng(52);
    const Mat x = random_mat(2, kPositions * kChannels, rng);
    const RowVec gamma = random_mat(1, kChannels, rng, 0.5f, 2.f).row(0), beta = random_mat(1, kChannels, rng).row(0);
    dl::BatchNormState st;
    st.mean = random_mat(1, kChannels, rng).row(0);
    st.var = random_mat(1, kChannels, rng, 0.5f, 3.f).row(0);
    const dl::BatchNormState before = st;
    Mat y;
    dl::batchnorm_forward(x, kChannels, gamma, beta, 0.99f, 1e-3f, false, st, y);
    for (int i = 0; i < x.cols(); ++i) {
        const int c = i % kChannels;
        const double want = gamma(c) * (x(1, i) - st.mean(c)) / std::sqrt(st.var(c) + 1e-3) + beta(c);
        CHECK(y(1, i) == doctest::Approx(want).epsilon(1e-4));
    }
    CHECK(st.mean == before.mean);  // inference never updates them
    CHECK(st.var == before.var);
}

TEST_CASE("batchnorm: training-mode backward matches finite differences (dx, dgamma, dbeta)") {
    dl::Rng rng(53);
    Mat x = random_mat(2, kPositions * kChannels, rng, -1.f, 2.f);
    RowVec gamma = random_mat(1, kChannels, rng, 0.5f, 2.f).row(0), beta = random_mat(1, kChannels, rng).row(0);
    const Mat r = random_mat(2, kPositions * kChannels, rng);
    Pass p = pass_run(x, r, gamma, beta, 0.99f);
    auto loss = [&] {
        dl::BatchNormState s2 = p.st;
        Mat y2;
        dl::batchnorm_forward(x, kChannels, gamma, beta, 0.99f, 1e-3f, true, s2, y2);
        return weighted_sum(y2, r);
    };
    CHECK_GRAD(grad_check(x.data(), p.dx.data(), int(x.size()), loss, 1e-3f, 2e-2, 1e-3, "dx"));
    CHECK_GRAD(grad_check(gamma.data(), p.dgamma.data(), int(gamma.size()), loss, 1e-3f, 1e-2, 1e-3, "dgamma"));
    CHECK_GRAD(grad_check(beta.data(), p.dbeta.data(), int(beta.size()), loss, 1e-3f, 1e-2, 1e-3, "dbeta"));
}

TEST_CASE("batchnorm: a batch split in shares, moments merged and sums added, gives the whole batch's pass") {
    // 7 images of 2x3 positions, in shares of 3, 1 and 3 rows (a thread's share of a batch).
    dl::Rng rng(55);
    const Mat x = random_mat(7, kPositions * kChannels, rng, -2.f, 5.f);
    const Mat dy = random_mat(7, kPositions * kChannels, rng);
    const RowVec gamma = random_mat(1, kChannels, rng, 0.5f, 2.f).row(0), beta = random_mat(1, kChannels, rng).row(0);
    const Pass whole = pass_run(x, dy, gamma, beta, 0.5f);

    const int starts[] = {0, 3, 4, 7};
    dl::BatchMoments merged;
    std::vector<dl::BatchMoments> moments(3);
    for (int s = 0; s < 3; ++s) {
        dl::batchnorm_moments(x.middleRows(starts[s], starts[s + 1] - starts[s]), kChannels, moments[s]);
        dl::batch_moments_merge(merged, moments[s]);
    }
    dl::BatchNormState running;
    RowVec g0, b0;
    dl::batchnorm_init(kChannels, g0, b0, running);
    dl::batchnorm_running_update(merged, 0.5f, running);
    CHECK(merged.count == 7 * kPositions);
    for (int c = 0; c < kChannels; ++c) {
        CHECK(running.mean(c) == doctest::Approx(whole.st.mean(c)).epsilon(1e-5));
        CHECK(running.var(c) == doctest::Approx(whole.st.var(c)).epsilon(1e-5));
    }
    std::vector<dl::BatchNormState> states(3);
    RowVec dgamma_sum = RowVec::Zero(kChannels), dbeta_sum = RowVec::Zero(kChannels);
    for (int s = 0; s < 3; ++s) {
        const int n = starts[s + 1] - starts[s];
        Mat ys;
        dl::batchnorm_normalize(x.middleRows(starts[s], n), kChannels, gamma, beta, merged, 1e-3f, states[s], ys);
        for (int i = 0; i < ys.size(); ++i) CHECK(ys.data()[i] == doctest::Approx(whole.y.middleRows(starts[s], n).eval().data()[i]).epsilon(1e-4));
        RowVec dg, db;
        dl::batchnorm_backward_sums(dy.middleRows(starts[s], n), kChannels, states[s], dg, db);
        dgamma_sum += dg, dbeta_sum += db;
    }
    for (int c = 0; c < kChannels; ++c) {
        CHECK(dgamma_sum(c) == doctest::Approx(whole.dgamma(c)).epsilon(1e-4));
        CHECK(dbeta_sum(c) == doctest::Approx(whole.dbeta(c)).epsilon(1e-4));
    }
    for (int s = 0; s < 3; ++s) {
        const int n = starts[s + 1] - starts[s];
        Mat dxs;
        dl::batchnorm_backward_dx(dy.middleRows(starts[s], n), kChannels, gamma, states[s], dgamma_sum, dbeta_sum,
                                  merged.count, dxs);
        const Mat want = whole.dx.middleRows(starts[s], n);
        for (int i = 0; i < dxs.size(); ++i) CHECK(dxs.data()[i] == doctest::Approx(want.data()[i]).epsilon(1e-4).scale(1e-4));
    }
}

TEST_CASE("batchnorm in a model: gradients of gamma and beta, and the model file keeps running stats") {
    dl::LayerSpec bn{dl::LayerKind::BatchNorm};
    const std::vector<dl::LayerSpec> layers = {{dl::LayerKind::Conv2D, 2, 0, 3, 2, false}, bn, {dl::LayerKind::Tanh},
                                               {dl::LayerKind::Dense, 10}};
    dl::Model m = dl::model_create(layers, 3);
    CHECK(dl::layer_param_count(m.layers[1]) == 4 * 2);  // gamma, beta, running mean and variance
    CHECK(dl::model_summary(m).find("Non-trainable params: 4") != std::string::npos);
    dl::Rng rng(54);
    const Mat x = random_mat(4, dl::kImageSize, rng, 0.f, 1.f);
    const uint8_t labels[4] = {0, 3, 9, 3};
    Mat probs, dlogits;
    dl::softmax_forward(dl::model_forward(m, x, true, rng), probs);
    dl::softmax_cross_entropy_backward(probs, labels, dlogits);
    dl::model_backward(m, x, dlogits, true);
    const dl::BatchNormState trained = m.layers[1].bn;
    auto loss = [&] {
        dl::Model copy = m;  // training-mode forward passes move the running stats: use a copy
        Mat p;
        dl::Rng r2(1);
        dl::softmax_forward(dl::model_forward(copy, x, true, r2), p);
        return double(dl::cross_entropy_forward(p, labels, nullptr));
    };
    std::vector<float> gamma_grad(m.layers[1].dw.data(), m.layers[1].dw.data() + 2);
    std::vector<float> beta_grad(m.layers[1].db.data(), m.layers[1].db.data() + 2);
    CHECK_GRAD(grad_check(m.layers[1].w.data(), gamma_grad.data(), 2, loss, 1e-3f, 2e-2, 2e-4, "gamma"));
    CHECK_GRAD(grad_check(m.layers[1].b.data(), beta_grad.data(), 2, loss, 1e-3f, 2e-2, 2e-4, "beta"));
    CHECK(trained.mean.cwiseAbs().sum() > 0);  // the training pass moved them
}
