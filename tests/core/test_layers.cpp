// Layers: forward passes against direct computations, backward passes against central differences.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <utility>

#include "core/layers/activation.hpp"
#include "core/layers/dense.hpp"
#include "core/layers/conv2d.hpp"
#include "core/layers/dropout.hpp"
#include "core/layers/init.hpp"
#include "core/layers/layer_spec.hpp"
#include "core/layers/product.hpp"
#include "test_util.hpp"

using dl::Mat;
using dl::RowVec;
using dltest::grad_check;
using dltest::random_mat;
using dltest::weighted_sum;

TEST_CASE("dense: forward is x W + b") {
    dl::Rng rng(3);
    const Mat x = random_mat(3, 4, rng), w = random_mat(4, 5, rng);
    const Mat bm = random_mat(1, 5, rng);
    const RowVec b = bm.row(0);
    Mat y;
    dl::dense_forward(x, w, b, y);
    REQUIRE(y.rows() == 3);
    REQUIRE(y.cols() == 5);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 5; ++j) {
            double s = b(j);
            for (int k = 0; k < 4; ++k) s += double(x(i, k)) * w(k, j);
            CHECK(y(i, j) == doctest::Approx(s).epsilon(1e-5));
        }
}

// In WebAssembly SIMD builds results up to kNarrowColumns wide take the narrow kernel: every width, with
// row counts around its blocks of 4 rows, and one wider product (Eigen's) against sums in double.
TEST_CASE("product and product_at: a b and a^T b for every narrow width and a wide one") {
    dl::Rng rng(11);
    for (int n = 1; n <= dl::kNarrowColumns + 1; ++n)
        for (int rows : {1, 3, 4, 6, 11, 23}) {
            const int inner = 37;
            const Mat a = random_mat(rows, inner, rng), b = random_mat(inner, n, rng);
            const Mat at = random_mat(inner, rows, rng), bt = random_mat(inner, n, rng);
            Mat y, yt;
            dl::product(a, b, y);
            dl::product_at(at, bt, yt);
            REQUIRE(y.rows() == rows);
            REQUIRE(y.cols() == n);
            REQUIRE(yt.rows() == rows);
            REQUIRE(yt.cols() == n);
            for (int i = 0; i < rows; ++i)
                for (int j = 0; j < n; ++j) {
                    double s = 0, st = 0;
                    for (int k = 0; k < inner; ++k) {
                        s += double(a(i, k)) * b(k, j);
                        st += double(at(k, i)) * bt(k, j);
                    }
                    INFO("n = " << n << ", rows = " << rows << ", at (" << i << ", " << j << ")");
                    CHECK(y(i, j) == doctest::Approx(s).epsilon(1e-5));
                    CHECK(yt(i, j) == doctest::Approx(st).epsilon(1e-5));
                }
        }
}

TEST_CASE("dense: backward matches finite differences (dx, dw, db)") {
    for (int trial = 0; trial < 3; ++trial) {
        dl::Rng rng(100 + trial);
        const int batch = 2 + trial, in = 3 + 2 * trial, out = 4 + trial;
        Mat x = random_mat(batch, in, rng), w = random_mat(in, out, rng);
        RowVec b = random_mat(1, out, rng).row(0);
        const Mat r = random_mat(batch, out, rng);  // dL/dy
        Mat y, dw, dx;
        RowVec db;
        dl::dense_forward(x, w, b, y);
        dl::dense_backward(x, w, r, dw, db, &dx);
        REQUIRE(dw.rows() == in);
        REQUIRE(dw.cols() == out);
        REQUIRE(db.size() == out);
        REQUIRE(dx.rows() == batch);
        REQUIRE(dx.cols() == in);
        auto loss = [&] {
            Mat yy;
            dl::dense_forward(x, w, b, yy);
            return weighted_sum(yy, r);
        };
        CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "dx"));
        CHECK_GRAD(grad_check(w.data(), dw.data(), int(w.size()), loss, 1e-3f, 1e-2, 1e-3, "dw"));
        CHECK_GRAD(grad_check(b.data(), db.data(), int(b.size()), loss, 1e-3f, 1e-2, 1e-3, "db"));

        // Without dx (first layer) the weight gradients are the same.
        Mat dw2;
        RowVec db2;
        dl::dense_backward(x, w, r, dw2, db2, nullptr);
        CHECK(dw2 == dw);
        CHECK(db2 == db);
    }
}

TEST_CASE("dense: Glorot uniform init, zero bias") {
    dl::Rng rng(7);
    Mat w;
    RowVec b;
    dl::dense_init(w, b, 784, 256, rng);
    REQUIRE(w.rows() == 784);
    REQUIRE(w.cols() == 256);
    REQUIRE(b.size() == 256);
    CHECK(b.isZero(0));
    const double limit = std::sqrt(6.0 / (784 + 256));
    double sum = 0, sq = 0;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
        sum += w.data()[i];
        sq += double(w.data()[i]) * w.data()[i];
    }
    CHECK(w.cwiseAbs().maxCoeff() <= limit);
    CHECK(w.cwiseAbs().maxCoeff() > 0.95 * limit);  // the whole range is used
    const double mean = sum / w.size(), var = sq / w.size() - mean * mean;
    CHECK(std::fabs(mean) < 0.01 * limit);
    CHECK(var == doctest::Approx(limit * limit / 3).epsilon(0.03));  // variance of U(-l, l)
    // Deterministic in the seed, different for another seed.
    dl::Rng a(9), c(9), d(10);
    Mat w1, w2, w3;
    RowVec b1, b2, b3;
    dl::dense_init(w1, b1, 20, 10, a);
    dl::dense_init(w2, b2, 20, 10, c);
    dl::dense_init(w3, b3, 20, 10, d);
    CHECK(w1 == w2);
    CHECK(w1 != w3);
}

TEST_CASE("relu: forward and backward (away from 0)") {
    dl::Rng rng(11);
    Mat x = random_mat(4, 6, rng);
    for (Eigen::Index i = 0; i < x.size(); ++i)  // keep |x| >= 0.1 so that x +- eps never crosses the kink
        x.data()[i] = x.data()[i] < 0 ? x.data()[i] - 0.1f : x.data()[i] + 0.1f;
    Mat y;
    dl::relu_forward(x, y);
    REQUIRE(y.rows() == 4);
    REQUIRE(y.cols() == 6);
    for (Eigen::Index i = 0; i < x.size(); ++i) CHECK(y.data()[i] == std::max(0.f, x.data()[i]));
    const Mat r = random_mat(4, 6, rng);
    Mat dx;
    dl::relu_backward(y, r, dx);
    auto loss = [&] {
        Mat yy;
        dl::relu_forward(x, yy);
        return weighted_sum(yy, r);
    };
    CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "relu dx"));
    for (Eigen::Index i = 0; i < x.size(); ++i) CHECK(dx.data()[i] == (x.data()[i] > 0 ? r.data()[i] : 0.f));
}

TEST_CASE("tanh: forward and backward") {
    dl::Rng rng(12);
    Mat x = random_mat(3, 7, rng, -2.f, 2.f);
    Mat y;
    dl::tanh_forward(x, y);
    for (Eigen::Index i = 0; i < x.size(); ++i) CHECK(y.data()[i] == doctest::Approx(std::tanh(double(x.data()[i]))).epsilon(1e-5));
    const Mat r = random_mat(3, 7, rng);
    Mat dx;
    dl::tanh_backward(y, r, dx);
    auto loss = [&] {
        Mat yy;
        dl::tanh_forward(x, yy);
        return weighted_sum(yy, r);
    };
    CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "tanh dx"));
}

TEST_CASE("dropout: training drops about `rate`, scales survivors by 1/(1-rate)") {
    const float rate = 0.3f;
    dl::Rng rng(13);
    Mat x = random_mat(200, 50, rng, 0.5f, 1.5f);  // never 0, so a dropped input is recognisable
    Mat mask, y;
    dl::Rng drng(99);
    dl::dropout_forward(x, rate, true, drng, mask, y);
    REQUIRE(y.rows() == x.rows());
    REQUIRE(y.cols() == x.cols());
    int dropped = 0;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        if (y.data()[i] == 0) {
            ++dropped;
        } else {
            CHECK(y.data()[i] == doctest::Approx(x.data()[i] / (1 - rate)).epsilon(1e-5));
        }
    }
    const double frac = double(dropped) / x.size();
    CHECK(frac == doctest::Approx(rate).epsilon(0.1));  // 10000 draws: 0.3 +- 0.03 is > 6 sigma

    // Inference is the identity and backward passes dy through.
    Mat mask2, y2, dx2;
    dl::dropout_forward(x, rate, false, drng, mask2, y2);
    CHECK(y2 == x);
    const Mat r = random_mat(200, 50, rng);
    dl::dropout_backward(mask2, false, r, dx2);
    CHECK(dx2 == r);

    // Rate 0 while training keeps everything.
    Mat mask3, y3;
    dl::dropout_forward(x, 0.f, true, drng, mask3, y3);
    CHECK(y3 == x);
}

TEST_CASE("dropout: backward in training mode matches finite differences with a fixed mask") {
    const float rate = 0.4f;
    dl::Rng rng(14);
    Mat x = random_mat(5, 8, rng, 0.2f, 1.f);
    const Mat r = random_mat(5, 8, rng);
    Mat mask, y, dx;
    dl::Rng fixed(1234);
    {
        dl::Rng g = fixed;
        dl::dropout_forward(x, rate, true, g, mask, y);
    }
    dl::dropout_backward(mask, true, r, dx);
    auto loss = [&] {
        dl::Rng g = fixed;  // the same generator state: the same mask
        Mat m, yy;
        dl::dropout_forward(x, rate, true, g, m, yy);
        return weighted_sum(yy, r);
    };
    // Some inputs were dropped and some kept, so both branches are checked.
    int zeros = 0;
    for (Eigen::Index i = 0; i < y.size(); ++i) zeros += y.data()[i] == 0;
    CHECK(zeros > 0);
    CHECK(zeros < y.size());
    CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "dropout dx"));
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        if (y.data()[i] == 0) CHECK(dx.data()[i] == 0);
        else CHECK(dx.data()[i] == doctest::Approx(r.data()[i] / (1 - rate)).epsilon(1e-5));
    }
}

TEST_CASE("layer specs: mlp_layers and layers_check") {
    using dl::LayerKind;
    auto l = dl::mlp_layers({256, 128}, dl::Activation::Relu, 0.2f);
    REQUIRE(l.size() == 7);
    const LayerKind kinds[] = {LayerKind::Dense, LayerKind::Relu, LayerKind::Dropout, LayerKind::Dense,
                               LayerKind::Relu, LayerKind::Dropout, LayerKind::Dense};
    for (int i = 0; i < 7; ++i) CHECK(l[i].kind == kinds[i]);
    CHECK(l[0].units == 256);
    CHECK(l[3].units == 128);
    CHECK(l[6].units == 10);
    CHECK(l[2].rate == doctest::Approx(0.2f));
    CHECK(dl::layers_check(l).empty());

    auto t = dl::mlp_layers({32}, dl::Activation::Tanh, 0.f);  // no dropout layers when the rate is 0
    REQUIRE(t.size() == 3);
    CHECK(t[0].kind == LayerKind::Dense);
    CHECK(t[1].kind == LayerKind::Tanh);
    CHECK(t[2].kind == LayerKind::Dense);
    CHECK(t[2].units == 10);

    auto s = dl::mlp_layers({}, dl::Activation::Relu, 0.5f);  // softmax regression
    REQUIRE(s.size() == 1);
    CHECK(s[0].kind == LayerKind::Dense);
    CHECK(s[0].units == 10);
    CHECK(dl::layers_check(s).empty());

    CHECK_FALSE(dl::layers_check({}).empty());
    auto bad = l;
    bad.back().units = 9;  // does not end in 10 outputs
    CHECK_FALSE(dl::layers_check(bad).empty());
    bad = l;
    bad[0].units = 0;
    CHECK_FALSE(dl::layers_check(bad).empty());
    bad = l;
    bad[2].rate = 1.f;
    CHECK_FALSE(dl::layers_check(bad).empty());
    bad = l;
    bad[2].rate = -0.1f;
    CHECK_FALSE(dl::layers_check(bad).empty());
    bad = l;
    bad[0].kind = dl::LayerKind(42);
    CHECK_FALSE(dl::layers_check(bad).empty());

    CHECK(std::string(dl::layer_kind_name(LayerKind::Dense)).size() > 0);
    CHECK(std::string(dl::layer_kind_name(LayerKind::Relu)) != dl::layer_kind_name(LayerKind::Tanh));
}

TEST_CASE("sigmoid: forward and backward") {
    dl::Rng rng(15);
    Mat x = random_mat(3, 7, rng, -4.f, 4.f);
    Mat y, dx;
    dl::sigmoid_forward(x, y);
    for (Eigen::Index i = 0; i < x.size(); ++i)
        CHECK(y.data()[i] == doctest::Approx(1.0 / (1.0 + std::exp(-double(x.data()[i])))).epsilon(1e-5));
    const Mat r = random_mat(3, 7, rng);
    dl::sigmoid_backward(y, r, dx);
    auto loss = [&] {
        Mat yy;
        dl::sigmoid_forward(x, yy);
        return weighted_sum(yy, r);
    };
    CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "sigmoid dx"));
}

TEST_CASE("selu: forward (Klambauer et al.'s constants) and backward away from 0") {
    const double scale = 1.0507009873554804934193349852946, alpha = 1.6732632423543772848170429916717;
    dl::Rng rng(16);
    Mat x = random_mat(4, 6, rng, -3.f, 3.f);
    for (Eigen::Index i = 0; i < x.size(); ++i)  // the derivative jumps at 0: stay clear of it
        x.data()[i] = x.data()[i] < 0 ? x.data()[i] - 0.1f : x.data()[i] + 0.1f;
    Mat y, dx;
    dl::selu_forward(x, y);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        const double v = x.data()[i];
        CHECK(y.data()[i] == doctest::Approx(v > 0 ? scale * v : scale * alpha * (std::exp(v) - 1)).epsilon(1e-5));
    }
    const Mat r = random_mat(4, 6, rng);
    dl::selu_backward(y, r, dx);
    auto loss = [&] {
        Mat yy;
        dl::selu_forward(x, yy);
        return weighted_sum(yy, r);
    };
    CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "selu dx"));
}

TEST_CASE("weights_init: Keras' Glorot uniform, He normal and LeCun normal (truncated at 2 sigma)") {
    const int fan_in = 300, fan_out = 200;
    auto moments = [](const Mat& w, double& mean, double& sd, double& max_abs) {
        double s = 0, q = 0;
        max_abs = 0;
        for (Eigen::Index i = 0; i < w.size(); ++i) {
            s += w.data()[i];
            q += double(w.data()[i]) * w.data()[i];
            max_abs = std::max(max_abs, double(std::fabs(w.data()[i])));
        }
        mean = s / w.size();
        sd = std::sqrt(q / w.size() - mean * mean);
    };
    double mean, sd, max_abs;
    {
        dl::Rng rng(1);
        Mat w(fan_in, fan_out);
        dl::weights_init(w, fan_in, fan_out, dl::Init::GlorotUniform, rng);
        moments(w, mean, sd, max_abs);
        const double l = std::sqrt(6.0 / (fan_in + fan_out));
        CHECK(max_abs <= l);
        CHECK(max_abs > 0.99 * l);
        CHECK(sd == doctest::Approx(l / std::sqrt(3.0)).epsilon(0.02));
        CHECK(std::fabs(mean) < 0.01 * l);
    }
    for (const auto& case_ : {std::pair{dl::Init::HeNormal, std::sqrt(2.0 / fan_in)},
                              std::pair{dl::Init::LecunNormal, std::sqrt(1.0 / fan_in)}}) {
        const dl::Init init = case_.first;  // (no structured binding: clang 14 cannot capture one in INFO)
        const double target = case_.second;
        INFO(dl::init_name(init));
        dl::Rng rng(2);
        Mat w(fan_in, fan_out);
        dl::weights_init(w, fan_in, fan_out, init, rng);
        moments(w, mean, sd, max_abs);
        // Keras' VarianceScaling: a normal truncated at 2 of its stddevs, the stddev chosen (divided by
        // 0.87962566103423978) so that the truncated distribution has the target standard deviation.
        const double sigma = target / 0.87962566103423978;
        CHECK(sd == doctest::Approx(target).epsilon(0.03));
        CHECK(max_abs <= 2 * sigma * 1.0001);
        CHECK(max_abs > 1.9 * sigma);
        CHECK(std::fabs(mean) < 0.01 * target);
    }
    CHECK(std::string(dl::init_name(dl::Init::HeNormal)) != dl::init_name(dl::Init::LecunNormal));
}

TEST_CASE("conv2d_init: Glorot over fan_in K*K*C and fan_out K*K*F; im2col and col2im are adjoint") {
    const dl::Window win = dl::window_make(dl::kInputShape, 5, 1, false, 32);
    dl::Rng rng(3);
    Mat w;
    RowVec b;
    dl::conv2d_init(w, b, win, rng);
    REQUIRE(w.rows() == 25);
    REQUIRE(w.cols() == 32);
    REQUIRE(b.size() == 32);
    CHECK(b.isZero(0));
    const double limit = std::sqrt(6.0 / (25 + 25 * 32));
    CHECK(w.cwiseAbs().maxCoeff() <= limit);
    CHECK(w.cwiseAbs().maxCoeff() > 0.9 * limit);

    // <im2col(x), c> == <x, col2im(c)> for any x and c: col2im is the transpose of im2col, which is what
    // the convolution's input gradient needs.
    struct G {
        dl::Shape in;
        int k, s;
        bool same;
    };
    for (const G& g : {G{{5, 6, 2}, 3, 1, false}, G{{5, 6, 2}, 3, 1, true}, G{{7, 5, 1}, 3, 2, true},
                       G{{6, 6, 1}, 4, 3, true}, G{{7, 5, 3}, 2, 2, false}}) {
        const dl::Window wi = dl::window_make(g.in, g.k, g.s, g.same, 1);
        const Mat x = random_mat(2, g.in.size(), rng);
        Mat cols, back;
        dl::im2col(x, wi, cols);
        REQUIRE(cols.rows() == 2 * wi.out.h * wi.out.w);
        REQUIRE(cols.cols() == g.k * g.k * g.in.c);
        const Mat c = random_mat(int(cols.rows()), int(cols.cols()), rng);
        dl::col2im(c, wi, 2, back);
        REQUIRE(back.rows() == 2);
        REQUIRE(back.cols() == g.in.size());
        CHECK(weighted_sum(cols, c) == doctest::Approx(weighted_sum(x, back)).epsilon(1e-5));
    }
}
