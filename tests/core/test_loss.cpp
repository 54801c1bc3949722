// Softmax + cross-entropy: values against direct formulas, the fused gradient against finite differences.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/loss.hpp"
#include "test_util.hpp"

using dl::Mat;

TEST_CASE("softmax: values, rows sum to 1, stable for large logits") {
    Mat logits(3, 10);
    logits.setZero();
    for (int j = 0; j < 10; ++j) logits(0, j) = float(j) * 0.5f - 2.f;
    logits.row(1).setConstant(3.f);
    for (int j = 0; j < 10; ++j) logits(2, j) = 1000.f + float(j);  // exp would overflow without the max shift
    Mat p;
    dl::softmax_forward(logits, p);
    REQUIRE(p.rows() == 3);
    REQUIRE(p.cols() == 10);
    for (int i = 0; i < 3; ++i) {
        double z = 0, mx = -1e30;
        for (int j = 0; j < 10; ++j) mx = std::max(mx, double(logits(i, j)));
        for (int j = 0; j < 10; ++j) z += std::exp(double(logits(i, j)) - mx);
        double sum = 0;
        for (int j = 0; j < 10; ++j) {
            const double want = std::exp(double(logits(i, j)) - mx) / z;
            CHECK(std::isfinite(p(i, j)));
            CHECK(p(i, j) == doctest::Approx(want).epsilon(1e-5));
            sum += p(i, j);
        }
        CHECK(sum == doctest::Approx(1.0).epsilon(1e-5));
    }
    CHECK(p(1, 4) == doctest::Approx(0.1).epsilon(1e-6));
}

TEST_CASE("cross-entropy: mean of -log p[label], counts correct argmax") {
    Mat p(4, 10);
    p.setConstant(0.05f);
    const int argmax[4] = {3, 0, 9, 5};
    for (int i = 0; i < 4; ++i) p(i, argmax[i]) = 0.55f;  // each row sums to 1
    const uint8_t labels[4] = {3, 1, 9, 2};               // rows 0 and 2 correct
    int correct = -1;
    const float loss = dl::cross_entropy_forward(p, labels, &correct);
    const double want = (-std::log(0.55) - std::log(0.05) - std::log(0.55) - std::log(0.05)) / 4;
    CHECK(loss == doctest::Approx(want).epsilon(1e-5));
    CHECK(correct == 2);
    for (int i = 0; i < 4; ++i) CHECK(dl::row_argmax(p, i) == argmax[i]);
}

TEST_CASE("cross-entropy: a probability of exactly 0 gives a finite or infinite loss, never NaN") {
    Mat p(1, 10);
    p.setZero();
    p(0, 0) = 1.f;
    const uint8_t label = 5;
    int correct = 0;
    const float loss = dl::cross_entropy_forward(p, &label, &correct);
    CHECK_FALSE(std::isnan(loss));
    CHECK(loss > 10.f);
    CHECK(correct == 0);
}

TEST_CASE("row_argmax") {
    Mat m(2, 10);
    m.setZero();
    m(0, 7) = 2.f;
    m(1, 0) = -1.f;
    m.row(1).tail(9).setConstant(-3.f);
    CHECK(dl::row_argmax(m, 0) == 7);
    CHECK(dl::row_argmax(m, 1) == 0);
}

TEST_CASE("softmax_cross_entropy_backward matches finite differences of the loss") {
    for (int trial = 0; trial < 4; ++trial) {
        dl::Rng rng(200 + trial);
        const int batch = 1 + 2 * trial;
        Mat logits = dltest::random_mat(batch, 10, rng, -3.f, 3.f);
        std::vector<uint8_t> labels(batch);
        for (auto& l : labels) l = uint8_t(rng.below(10));
        Mat p, dlogits;
        dl::softmax_forward(logits, p);
        dl::softmax_cross_entropy_backward(p, labels.data(), dlogits);
        REQUIRE(dlogits.rows() == batch);
        REQUIRE(dlogits.cols() == 10);
        // Closed form: (p - onehot) / batch.
        for (int i = 0; i < batch; ++i)
            for (int j = 0; j < 10; ++j)
                CHECK(dlogits(i, j) == doctest::Approx((p(i, j) - (labels[i] == j)) / batch).epsilon(1e-5));
        auto loss = [&] {
            Mat pp;
            dl::softmax_forward(logits, pp);
            int c = 0;
            return double(dl::cross_entropy_forward(pp, labels.data(), &c));
        };
        // Float loss of magnitude ~3: rounding 3e-7 / (2 eps) ~ 1.5e-4, so abs tolerance 5e-4.
        CHECK_GRAD(dltest::grad_check(logits.data(), dlogits.data(), int(logits.size()), loss, 1e-2f, 1e-2, 5e-4,
                                      "dlogits"));
    }
}

namespace {

// Keras' definitions on the softmax probabilities against one-hot labels, averaged over the 10 outputs and
// the batch.
double mae_ref(const Mat& p, const std::vector<uint8_t>& labels) {
    double s = 0;
    for (int i = 0; i < p.rows(); ++i)
        for (int j = 0; j < 10; ++j) s += std::fabs(double(p(i, j)) - (labels[i] == j));
    return s / (p.rows() * 10.0);
}

double bce_ref(const Mat& p, const std::vector<uint8_t>& labels) {
    double s = 0;
    for (int i = 0; i < p.rows(); ++i)
        for (int j = 0; j < 10; ++j) {
            const double q = p(i, j), y = labels[i] == j;
            s -= y * std::log(q) + (1 - y) * std::log(1 - q);
        }
    return s / (p.rows() * 10.0);
}

}  // namespace

TEST_CASE("loss kinds: values by Keras' definitions, gradients against finite differences") {
    using dl::LossKind;
    CHECK(std::string(dl::loss_kind_name(LossKind::MeanAbsoluteError)) !=
          dl::loss_kind_name(LossKind::BinaryCrossEntropy));
    for (int trial = 0; trial < 3; ++trial) {
        dl::Rng rng(300 + trial);
        const int batch = 2 + trial;
        Mat logits = dltest::random_mat(batch, 10, rng, -2.f, 2.f);
        std::vector<uint8_t> labels(batch);
        for (auto& l : labels) l = uint8_t(rng.below(10));
        Mat p;
        dl::softmax_forward(logits, p);
        int want_correct = 0;
        for (int i = 0; i < batch; ++i) want_correct += dl::row_argmax(p, i) == labels[i];
        for (LossKind kind : {LossKind::CrossEntropy, LossKind::MeanAbsoluteError, LossKind::BinaryCrossEntropy}) {
            INFO(dl::loss_kind_name(kind), " batch ", batch);
            int correct = -1;
            const float value = dl::loss_forward(kind, p, labels.data(), &correct);
            CHECK(correct == want_correct);
            double want = 0;
            if (kind == LossKind::CrossEntropy) {
                for (int i = 0; i < batch; ++i) want -= std::log(double(p(i, labels[i])));
                want /= batch;
            } else {
                want = kind == LossKind::MeanAbsoluteError ? mae_ref(p, labels) : bce_ref(p, labels);
            }
            CHECK(value == doctest::Approx(want).epsilon(1e-4));
            Mat dlogits;
            dl::loss_backward(kind, p, labels.data(), dlogits);
            REQUIRE(dlogits.rows() == batch);
            REQUIRE(dlogits.cols() == 10);
            auto loss = [&] {
                Mat pp;
                dl::softmax_forward(logits, pp);
                int c = 0;
                return double(dl::loss_forward(kind, pp, labels.data(), &c));
            };
            CHECK_GRAD(dltest::grad_check(logits.data(), dlogits.data(), int(logits.size()), loss, 1e-2f, 2e-2,
                                          2e-4, "dlogits"));
        }
    }
}

TEST_CASE("label smoothing: the loss against (1 - s) onehot + s / 10, and its gradient by finite differences") {
    for (const float smoothing : {0.1f, 0.3f}) {
        INFO("smoothing ", smoothing);
        dl::Rng rng(300);
        const int batch = 5;
        Mat logits = dltest::random_mat(batch, 10, rng, -3.f, 3.f);
        std::vector<uint8_t> labels(batch);
        for (auto& l : labels) l = uint8_t(rng.below(10));
        Mat p, targets, dlogits;
        dl::softmax_forward(logits, p);
        dl::smoothed_targets(labels.data(), batch, smoothing, targets);
        double expected = 0;
        for (int i = 0; i < batch; ++i)
            for (int k = 0; k < 10; ++k)
                expected -= ((labels[i] == k ? 1.0 - smoothing : 0.0) + smoothing / 10.0) * std::log(double(p(i, k)));
        int correct = 0;
        CHECK(dl::soft_cross_entropy_forward(p, targets, labels.data(), &correct) ==
              doctest::Approx(expected / batch).epsilon(1e-5));
        dl::softmax_soft_cross_entropy_backward(p, targets, dlogits);
        auto loss = [&] {
            Mat pp;
            dl::softmax_forward(logits, pp);
            return double(dl::soft_cross_entropy_forward(pp, targets, labels.data(), nullptr));
        };
        CHECK_GRAD(dltest::grad_check(logits.data(), dlogits.data(), int(logits.size()), loss, 1e-2f, 1e-2, 5e-4,
                                      "dlogits"));
        // Smoothing moves the optimum off the one-hot corner: a perfect prediction has a non-zero gradient.
        Mat sure = Mat::Constant(1, 10, -20.f), sure_p, sure_targets, sure_grad;
        sure(0, labels[0]) = 20.f;
        dl::softmax_forward(sure, sure_p);
        dl::smoothed_targets(labels.data(), 1, smoothing, sure_targets);
        dl::softmax_soft_cross_entropy_backward(sure_p, sure_targets, sure_grad);
        CHECK(sure_grad(0, labels[0]) == doctest::Approx(smoothing - smoothing / 10.f).epsilon(1e-4));
    }
}

TEST_CASE("soft targets: label smoothing's targets; any targets' gradient by finite differences") {
    dl::Rng rng(301);
    const int batch = 6;
    Mat logits = dltest::random_mat(batch, 10, rng, -3.f, 3.f);
    std::vector<uint8_t> labels(batch);
    for (auto& l : labels) l = uint8_t(rng.below(10));
    Mat p, targets, dlogits;
    dl::softmax_forward(logits, p);
    dl::smoothed_targets(labels.data(), batch, 0.1f, targets);
    REQUIRE(targets.rows() == batch);
    REQUIRE(targets.cols() == 10);
    for (int i = 0; i < batch; ++i)
        for (int k = 0; k < 10; ++k) CHECK(targets(i, k) == doctest::Approx(k == labels[size_t(i)] ? 0.91 : 0.01));
    int correct = -1;
    dl::soft_cross_entropy_forward(p, targets, labels.data(), &correct);
    int want_correct = 0;
    for (int i = 0; i < batch; ++i) want_correct += dl::row_argmax(p, i) == labels[size_t(i)];
    CHECK(correct == want_correct);

    // A teacher's kind of targets: random distributions, unsure between digits.
    Mat random = dltest::random_mat(batch, 10, rng, 0.f, 1.f);
    for (int i = 0; i < batch; ++i) random.row(i) /= random.row(i).sum();
    dl::softmax_soft_cross_entropy_backward(p, random, dlogits);
    auto loss = [&] {
        Mat pp;
        dl::softmax_forward(logits, pp);
        return double(dl::soft_cross_entropy_forward(pp, random, labels.data(), nullptr));
    };
    CHECK_GRAD(dltest::grad_check(logits.data(), dlogits.data(), int(logits.size()), loss, 1e-2f, 1e-2, 5e-4,
                                  "dlogits"));
}
