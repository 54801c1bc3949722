// The Winograd F(2x2, 3x3) convolution against the im2col reference (itself tested against direct loops and
// finite differences in test_conv.cpp): forward, and both backward products, for every 3x3 shape the presets
// use, 'valid' and 'same' padding, odd output sizes; then its own gradients against finite differences.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "core/layers/conv2d.hpp"
#include "core/layers/conv_winograd.hpp"
#include "core/model.hpp"
#include "core/presets.hpp"
#include "test_util.hpp"

using dl::Mat;
using dl::RowVec;
using dl::Shape;
using dl::Window;
using dltest::random_mat;

namespace {

// Largest |a - b| relative to b's largest magnitude.
double relative_gap(const Mat& a, const Mat& b) {
    REQUIRE(a.rows() == b.rows());
    REQUIRE(a.cols() == b.cols());
    return double((a - b).cwiseAbs().maxCoeff()) / std::max(1e-30, double(b.cwiseAbs().maxCoeff()));
}

// Forward, dw, db and dx of both paths on the same random data.
void paths_compare(const Window& win, int batch) {
    INFO("input ", win.in.h, "x", win.in.w, "x", win.in.c, ", ", win.out.c, " filters, ", win.same ? "same" : "valid");
    dl::Rng rng(7);
    const Mat x = random_mat(batch, win.in.size(), rng);
    const Mat w = random_mat(9 * win.in.c, win.out.c, rng);
    const RowVec b = random_mat(1, win.out.c, rng).row(0);
    const Mat dy = random_mat(batch, win.out.size(), rng);
    Mat cols, y_ref, dw_ref, dx_ref, y, dw, dx;
    RowVec db_ref, db;
    dl::conv2d_im2col_forward(x, win, w, b, cols, y_ref);
    dl::conv2d_im2col_backward(cols, win, w, dy, dw_ref, db_ref, &dx_ref);
    dl::ConvWork work;
    dl::winograd_forward(x, win, w, b, work, y);
    dl::winograd_backward(x, work, win, dy, dw, db, &dx);
    CHECK(relative_gap(y, y_ref) < 1e-5);
    CHECK(relative_gap(dw, dw_ref) < 1e-5);
    CHECK(relative_gap(db, db_ref) < 1e-5);
    CHECK(relative_gap(dx, dx_ref) < 1e-5);
}

}  // namespace

TEST_CASE("winograd: every 3x3 convolution of the presets equals the im2col path, forward and backward") {
    int compared = 0;
    for (const dl::Preset& p : dl::presets()) {
        const dl::Model m = dl::model_create(p.config.layers, 1);
        for (const dl::Layer& l : m.layers)
            if (l.spec.kind == dl::LayerKind::Conv2D && dl::winograd_fits(l.win)) {
                INFO(p.name);
                paths_compare(l.win, 3);
                ++compared;
            }
    }
    CHECK(compared >= 4);  // Fast CNN's second convolution, Best CNN's last three
}

TEST_CASE("winograd: 'valid' and 'same' padding, odd and even outputs, non-square inputs") {
    const Shape inputs[] = {{8, 8, 3}, {9, 7, 2}, {5, 6, 4}, {4, 4, 1}, {3, 3, 2}};
    for (const Shape& in : inputs)
        for (bool same : {false, true}) paths_compare(dl::window_make(in, 3, 1, same, 5), 2);
}

TEST_CASE("winograd: backward matches finite differences") {
    for (bool same : {false, true}) {
        INFO("padding ", same ? "same" : "valid");
        dl::Rng rng(21);
        const Window win = dl::window_make({5, 6, 2}, 3, 1, same, 3);
        Mat x = random_mat(2, win.in.size(), rng);
        Mat w = random_mat(9 * win.in.c, win.out.c, rng);
        RowVec b = random_mat(1, win.out.c, rng).row(0);
        const Mat r = random_mat(2, win.out.size(), rng);
        dl::ConvWork work;
        Mat y, dw, dx;
        RowVec db;
        dl::winograd_forward(x, win, w, b, work, y);
        dl::winograd_backward(x, work, win, r, dw, db, &dx);
        dltest::conv_grads_check(x, w, b, r, dx, dw, db, [&] {
            dl::ConvWork w2;
            Mat y2;
            dl::winograd_forward(x, win, w, b, w2, y2);
            return y2;
        });
    }
}

TEST_CASE("winograd_fits: 3x3 stride 1 with enough channels and well-filled 2x2 blocks only") {
    CHECK(dl::winograd_fits(dl::window_make({12, 12, 32}, 3, 1, false, 64)));   // 10x10 out
    CHECK(dl::winograd_fits(dl::window_make({28, 28, 32}, 3, 1, true, 32)));    // same padding
    CHECK_FALSE(dl::winograd_fits(dl::window_make({5, 5, 64}, 3, 1, false, 64)));  // 3x3 out: 7 of 16 wasted
    CHECK_FALSE(dl::winograd_fits(dl::window_make({28, 28, 1}, 3, 1, false, 32)));  // one channel
    CHECK_FALSE(dl::winograd_fits(dl::window_make({12, 12, 32}, 3, 2, false, 64)));  // stride 2
    CHECK_FALSE(dl::winograd_fits(dl::window_make({12, 12, 32}, 5, 1, false, 64)));  // 5x5
}
