// Convolution and pooling layers: forward against direct loops, backward against central differences,
// for each padding ('valid', 'same') and stride case; then a whole CNN.
#include <doctest/doctest.h>

#include <cmath>

#include "core/layers/conv2d.hpp"
#include "core/layers/layer_spec.hpp"
#include "core/layers/pool.hpp"
#include "core/layers/zero_padding.hpp"
#include "core/loss.hpp"
#include "core/model.hpp"
#include "test_util.hpp"

using dl::Mat;
using dl::RowVec;
using dl::Shape;
using dl::Window;
using dltest::grad_check;
using dltest::random_mat;
using dltest::weighted_sum;

namespace {

struct ConvCase {
    Shape in;
    int kernel, stride;
    bool same;
    int filters;
};

const ConvCase kCases[] = {
    {{6, 5, 2}, 3, 1, false, 3},  // valid, stride 1, non-square input
    {{6, 5, 2}, 3, 1, true, 3},   // same, stride 1
    {{7, 7, 1}, 3, 2, false, 2},  // valid, stride 2
    {{7, 6, 2}, 2, 2, true, 2},   // same, stride 2, even kernel (asymmetric padding)
    {{5, 5, 3}, 5, 1, true, 4},   // same, kernel as large as the input
};

// Input value at (y, x, c) of image n, or 0 outside (padding).
float at(const Mat& x, int n, Shape s, int y, int xx, int c) {
    if (y < 0 || y >= s.h || xx < 0 || xx >= s.w) return 0.f;
    return x(n, (y * s.w + xx) * s.c + c);
}

// The expected output size and padding, computed independently of window_make (TensorFlow's rule).
void expected_geometry(const ConvCase& k, int& oh, int& ow, int& pad_top, int& pad_left) {
    if (k.same) {
        oh = int(std::ceil(double(k.in.h) / k.stride));
        ow = int(std::ceil(double(k.in.w) / k.stride));
        pad_top = std::max(0, (oh - 1) * k.stride + k.kernel - k.in.h) / 2;
        pad_left = std::max(0, (ow - 1) * k.stride + k.kernel - k.in.w) / 2;
    } else {
        oh = (k.in.h - k.kernel) / k.stride + 1;
        ow = (k.in.w - k.kernel) / k.stride + 1;
        pad_top = pad_left = 0;
    }
}

}  // namespace

TEST_CASE("conv2d im2col: forward equals a direct convolution, every padding and stride") {
    for (const ConvCase& k : kCases) {
        INFO("case ", k.in.h, " ", k.in.w, " ", k.kernel, " ", k.stride, " ", k.same);
        dl::Rng rng(11);
        const Window win = dl::window_make(k.in, k.kernel, k.stride, k.same, k.filters);
        int oh, ow, pt, pl;
        expected_geometry(k, oh, ow, pt, pl);
        REQUIRE(win.out.h == oh);
        REQUIRE(win.out.w == ow);
        REQUIRE(win.out.c == k.filters);
        const Mat x = random_mat(2, k.in.size(), rng);
        const Mat w = random_mat(k.kernel * k.kernel * k.in.c, k.filters, rng);
        const RowVec b = random_mat(1, k.filters, rng).row(0);
        Mat cols, y;
        dl::conv2d_im2col_forward(x, win, w, b, cols, y);
        REQUIRE(y.cols() == oh * ow * k.filters);
        for (int n = 0; n < 2; ++n)
            for (int oy = 0; oy < oh; ++oy)
                for (int ox = 0; ox < ow; ++ox)
                    for (int f = 0; f < k.filters; ++f) {
                        double s = b(f);
                        for (int ky = 0; ky < k.kernel; ++ky)
                            for (int kx = 0; kx < k.kernel; ++kx)
                                for (int c = 0; c < k.in.c; ++c)
                                    s += double(at(x, n, k.in, oy * k.stride + ky - pt, ox * k.stride + kx - pl, c)) *
                                         w((ky * k.kernel + kx) * k.in.c + c, f);
                        CHECK(y(n, (oy * ow + ox) * k.filters + f) == doctest::Approx(s).epsilon(1e-5));
                    }
    }
}

TEST_CASE("conv2d im2col: backward matches finite differences, every padding and stride") {
    for (const ConvCase& k : kCases) {
        INFO("case ", k.in.h, " ", k.kernel, " ", k.stride, " ", k.same);
        dl::Rng rng(21);
        const Window win = dl::window_make(k.in, k.kernel, k.stride, k.same, k.filters);
        Mat x = random_mat(2, k.in.size(), rng);
        Mat w = random_mat(k.kernel * k.kernel * k.in.c, k.filters, rng);
        RowVec b = random_mat(1, k.filters, rng).row(0);
        const Mat r = random_mat(2, win.out.size(), rng);
        Mat cols, y, dw, dx;
        RowVec db;
        dl::conv2d_im2col_forward(x, win, w, b, cols, y);
        dl::conv2d_im2col_backward(cols, win, w, r, dw, db, &dx);
        dltest::conv_grads_check(x, w, b, r, dx, dw, db, [&] {
            Mat c2, y2;
            dl::conv2d_im2col_forward(x, win, w, b, c2, y2);
            return y2;
        });
    }
}

TEST_CASE("maxpool: forward takes each window's maximum; backward matches finite differences") {
    const ConvCase pools[] = {{{6, 6, 2}, 2, 2, false, 2}, {{5, 7, 3}, 2, 2, true, 3}, {{7, 7, 1}, 3, 1, false, 1}};
    for (const ConvCase& k : pools) {
        INFO("case ", k.in.h, " ", k.kernel, " ", k.stride, " ", k.same);
        dl::Rng rng(31);
        const Window win = dl::window_make(k.in, k.kernel, k.stride, k.same, k.in.c);
        int oh, ow, pt, pl;
        expected_geometry(k, oh, ow, pt, pl);
        REQUIRE(win.out.h == oh);
        REQUIRE(win.out.w == ow);
        // Distinct values spaced well beyond eps, so no finite-difference step changes which one is largest.
        Mat x(2, k.in.size());
        std::vector<int> order(x.size());
        for (int i = 0; i < int(order.size()); ++i) order[i] = i;
        rng.shuffle(order);
        for (int i = 0; i < int(order.size()); ++i) x.data()[i] = 0.05f * order[i];
        Mat y, dx;
        std::vector<int> arg;
        dl::maxpool_forward(x, win, y, arg);
        for (int n = 0; n < 2; ++n)
            for (int oy = 0; oy < oh; ++oy)
                for (int ox = 0; ox < ow; ++ox)
                    for (int c = 0; c < k.in.c; ++c) {
                        float best = -1e30f;
                        for (int ky = 0; ky < k.kernel; ++ky)
                            for (int kx = 0; kx < k.kernel; ++kx) {
                                const int iy = oy * k.stride + ky - pt, ix = ox * k.stride + kx - pl;
                                if (iy >= 0 && iy < k.in.h && ix >= 0 && ix < k.in.w)
                                    best = std::max(best, at(x, n, k.in, iy, ix, c));
                            }
                        CHECK(y(n, (oy * ow + ox) * k.in.c + c) == best);
                    }
        const Mat r = random_mat(2, win.out.size(), rng);
        dl::maxpool_backward(arg, win, r, dx);
        auto loss = [&] {
            Mat y2;
            std::vector<int> a2;
            dl::maxpool_forward(x, win, y2, a2);
            return weighted_sum(y2, r);
        };
        CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "dx"));
    }
}

TEST_CASE("layers_check: shapes through a CNN, and windows that do not fit") {
    CHECK(dl::layers_check(dl::cnn_layers(0.3f)).empty());
    dl::Model m = dl::model_create(dl::cnn_layers(0.3f), 1);
    CHECK(m.layers[0].out.h == 24);
    CHECK(m.layers[0].out.c == 32);
    CHECK(m.layers[2].out.h == 12);
    CHECK(m.layers[4].out.c == 12 * 12 * 32);  // Flatten
    // 5x5 conv (28 -> 24), 2x2 pools: 12, 6, 3, 1, then a 2x2 pool on 1x1 cannot fit.
    std::vector<dl::LayerSpec> l = {{dl::LayerKind::Conv2D, 4, 0, 5, 1, false}};
    for (int i = 0; i < 5; ++i) l.push_back({dl::LayerKind::MaxPool2D, 0, 0, 2, 2, false});
    l.push_back({dl::LayerKind::Dense, 10});
    const std::string e = dl::layers_check(l);
    CHECK(e.find("layer 6 (MaxPooling2D)") != std::string::npos);
    CHECK(e.find("1x1") != std::string::npos);
    l[0].kernel = 0;
    CHECK(dl::layers_check(l).find("layer 1 (Conv2D)") != std::string::npos);
}

TEST_CASE("CNN model: backward matches finite differences of the cross-entropy loss") {
    // A small CNN so every parameter can be checked. Smooth activations, and the pooling on the input
    // images: a max that switches under a finite-difference step would make the check itself wrong (pooling's
    // own gradient is checked above with well-separated values).
    const std::vector<dl::LayerSpec> layers = {
        {dl::LayerKind::MaxPool2D, 0, 0, 2, 2, false}, {dl::LayerKind::Conv2D, 3, 0, 3, 1, true},
        {dl::LayerKind::Tanh}, {dl::LayerKind::Conv2D, 4, 0, 3, 2, false},
        {dl::LayerKind::Tanh}, {dl::LayerKind::Flatten}, {dl::LayerKind::Dense, 10}};
    REQUIRE(dl::layers_check(layers).empty());
    dl::Model m = dl::model_create(layers, 5);
    dl::Rng rng(41);
    // Distinct input values, so the pooling's choices are unambiguous.
    Mat x(3, dl::kImageSize);
    std::vector<int> order(x.size());
    for (int i = 0; i < int(order.size()); ++i) order[i] = i;
    rng.shuffle(order);
    for (int i = 0; i < int(order.size()); ++i) x.data()[i] = float(order[i]) / float(order.size());
    const uint8_t labels[3] = {1, 7, 3};
    dl::Rng unused;
    Mat probs, dlogits;
    dl::softmax_forward(dl::model_forward(m, x, false, unused), probs);
    dl::softmax_cross_entropy_backward(probs, labels, dlogits);
    dl::model_backward(m, x, dlogits, false);
    auto loss = [&] {
        Mat p;
        dl::softmax_forward(dl::model_forward(m, x, false, unused), p);
        return double(dl::cross_entropy_forward(p, labels, nullptr));
    };
    // Keep the analytic gradients: the loss re-runs forward passes but never backward.
    const std::vector<dl::Param> params = dl::model_params(m);
    REQUIRE(params.size() == 6);
    for (const dl::Param& p : params) {
        const std::vector<float> analytic(p.grad, p.grad + p.size);
        CHECK_GRAD(grad_check(p.value, analytic.data(), std::min(p.size, 120), loss, 1e-3f, 2e-2, 2e-4, "param"));
    }
}

TEST_CASE("avgpool: forward is the mean of each window (padding left out); backward matches finite differences") {
    const ConvCase pools[] = {{{6, 6, 2}, 2, 2, false, 2}, {{5, 7, 3}, 2, 2, true, 3}, {{5, 5, 1}, 3, 1, true, 1}};
    for (const ConvCase& k : pools) {
        INFO("case ", k.in.h, " ", k.kernel, " ", k.stride, " ", k.same);
        dl::Rng rng(61);
        const Window win = dl::window_make(k.in, k.kernel, k.stride, k.same, k.in.c);
        int oh, ow, pt, pl;
        expected_geometry(k, oh, ow, pt, pl);
        Mat x = random_mat(2, k.in.size(), rng), y, dx;
        dl::avgpool_forward(x, win, y);
        for (int n = 0; n < 2; ++n)
            for (int oy = 0; oy < oh; ++oy)
                for (int ox = 0; ox < ow; ++ox)
                    for (int c = 0; c < k.in.c; ++c) {
                        double sum = 0;
                        int count = 0;
                        for (int ky = 0; ky < k.kernel; ++ky)
                            for (int kx = 0; kx < k.kernel; ++kx) {
                                const int iy = oy * k.stride + ky - pt, ix = ox * k.stride + kx - pl;
                                if (iy >= 0 && iy < k.in.h && ix >= 0 && ix < k.in.w)
                                    sum += at(x, n, k.in, iy, ix, c), ++count;
                            }
                        CHECK(y(n, (oy * ow + ox) * k.in.c + c) == doctest::Approx(sum / count).epsilon(1e-5));
                    }
        const Mat r = random_mat(2, win.out.size(), rng);
        dl::avgpool_backward(win, r, dx);
        auto loss = [&] {
            Mat y2;
            dl::avgpool_forward(x, win, y2);
            return weighted_sum(y2, r);
        };
        CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "dx"));
    }
}

TEST_CASE("zero padding: a zero border around each image; backward takes the inner part") {
    const Shape in{3, 2, 2};
    dl::Rng rng(71);
    Mat x = random_mat(2, in.size(), rng), y, dx;
    dl::zero_padding_forward(x, in, 1, y);
    REQUIRE(y.cols() == 5 * 4 * 2);
    for (int n = 0; n < 2; ++n)
        for (int py = 0; py < 5; ++py)
            for (int px = 0; px < 4; ++px)
                for (int c = 0; c < 2; ++c)
                    CHECK(y(n, (py * 4 + px) * 2 + c) == at(x, n, in, py - 1, px - 1, c));
    const Mat r = random_mat(2, int(y.cols()), rng);
    dl::zero_padding_backward(r, in, 1, dx);
    auto loss = [&] {
        Mat y2;
        dl::zero_padding_forward(x, in, 1, y2);
        return weighted_sum(y2, r);
    };
    CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, 1e-3f, 1e-2, 1e-3, "dx"));
}
