// The Winograd F(2x2, 3x3) and F(4x4, 3x3) convolutions against the im2col reference (itself tested against
// direct loops and finite differences in test_conv.cpp): forward, and both backward products, for every 3x3
// shape the presets use, 'valid' and 'same' padding, output sizes that are not multiples of the block; then
// their own gradients against finite differences.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

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
void paths_compare(const Window& win, int block, int batch) {
    INFO("F(", block, "x", block, ", 3x3), input ", win.in.h, "x", win.in.w, "x", win.in.c, ", ", win.out.c,
         " filters, ", win.same ? "same" : "valid");
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
    dl::winograd_forward(x, win, block, w, b, work, y);
    dl::winograd_backward(x, work, win, block, dy, dw, db, &dx);
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
            if (l.spec.kind == dl::LayerKind::Conv2D && dl::winograd_block(l.win)) {
                INFO(p.name);
                for (int block : {2, 4}) paths_compare(l.win, block, 3);  // the one chosen, and the other
                ++compared;
            }
    }
    CHECK(compared >= 4);  // Fast CNN's second convolution, Best CNN's last three
}

TEST_CASE("winograd: 'valid' and 'same' padding, outputs of every size modulo 4, non-square inputs") {
    const Shape inputs[] = {{8, 8, 3}, {9, 7, 2}, {5, 6, 4}, {4, 4, 1}, {3, 3, 2}, {11, 12, 3}, {13, 10, 2}};
    for (const Shape& in : inputs)
        for (bool same : {false, true})
            for (int block : {2, 4}) paths_compare(dl::window_make(in, 3, 1, same, 5), block, 2);
}

TEST_CASE("winograd: backward matches finite differences") {
    for (const std::pair<int, bool>& c : {std::pair{2, false}, {2, true}, {4, false}, {4, true}}) {
        const int block = c.first;  // not a structured binding: C++17 lambdas cannot capture those
        const bool same = c.second;
        INFO("F(", block, "x", block, ", 3x3), padding ", std::string(same ? "same" : "valid"));
        dl::Rng rng(21);
        const Window win = dl::window_make({5, 6, 2}, 3, 1, same, 3);
        Mat x = random_mat(2, win.in.size(), rng);
        Mat w = random_mat(9 * win.in.c, win.out.c, rng);
        RowVec b = random_mat(1, win.out.c, rng).row(0);
        const Mat r = random_mat(2, win.out.size(), rng);
        dl::ConvWork work;
        Mat y, dw, dx;
        RowVec db;
        dl::winograd_forward(x, win, block, w, b, work, y);
        dl::winograd_backward(x, work, win, block, r, dw, db, &dx);
        dltest::conv_grads_check(x, w, b, r, dx, dw, db, [&] {
            dl::ConvWork w2;
            Mat y2;
            dl::winograd_forward(x, win, block, w, b, w2, y2);
            return y2;
        }, 0.05f);  // F(4x4)'s rounding, over a step of 1e-3, would be a few percent of the derivative
    }
}

TEST_CASE("winograd_block: 4x4 blocks where they cover the output well, else 2x2, else none") {
    CHECK(dl::winograd_block(dl::window_make({26, 26, 32}, 3, 1, false, 32)) == 4);  // 24x24 out
    CHECK(dl::winograd_block(dl::window_make({28, 28, 32}, 3, 1, true, 32)) == 4);   // same padding, 28x28
    CHECK(dl::winograd_block(dl::window_make({10, 10, 64}, 3, 1, false, 64)) == 4);  // 8x8 out
    CHECK(dl::winograd_block(dl::window_make({12, 12, 32}, 3, 1, false, 64)) == 2);  // 10x10 out: 4x4 wastes 31%
    CHECK(dl::winograd_block(dl::window_make({5, 5, 64}, 3, 1, false, 64)) == 0);    // 3x3 out: 7 of 16 wasted
    CHECK(dl::winograd_block(dl::window_make({28, 28, 1}, 3, 1, false, 32)) == 0);   // one channel
    CHECK(dl::winograd_block(dl::window_make({12, 12, 32}, 3, 2, false, 64)) == 0);  // stride 2
    CHECK(dl::winograd_block(dl::window_make({12, 12, 32}, 5, 1, false, 64)) == 0);  // 5x5
}
