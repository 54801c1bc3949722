// Augmentation: the identity, the range of shifts and rotations, values kept in [0, 1], and draws that
// differ image by image.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

#include "core/augment.hpp"
#include "core/tensor.hpp"
#include "core/trainer.hpp"

using dl::Mat;

namespace {
std::vector<float> test_image() {
    std::vector<float> img(dl::kImageSize, 0.0f);
    for (int y = 6; y < 20; ++y) img[y * 28 + 10] = 1.0f;  // a vertical bar at x = 10
    for (int x = 10; x < 18; ++x) img[6 * 28 + x] = 0.5f;  // and a top bar
    return img;
}
double mass_x(const std::vector<float>& img) {
    double m = 0, mx = 0;
    for (int i = 0; i < dl::kImageSize; ++i) m += img[i], mx += img[i] * (i % 28);
    return mx / m;
}
}  // namespace

TEST_CASE("augment: no transform is the identity") {
    dl::AugmentConfig c;
    CHECK_FALSE(c.enabled());
    dl::Rng rng(1);
    const std::vector<float> src = test_image();
    std::vector<float> dst(dl::kImageSize);
    dl::augment_image(src.data(), dst.data(), c, rng);
    for (int i = 0; i < dl::kImageSize; ++i) CHECK(dst[i] == doctest::Approx(src[i]).epsilon(1e-5));
}

TEST_CASE("augment: a shift moves the ink by whole pixels at most the range; values stay in [0, 1]") {
    dl::AugmentConfig c;
    c.shift = 0.1f;  // up to 2.8 pixels
    REQUIRE(c.enabled());
    const std::vector<float> src = test_image();
    std::vector<float> dst(dl::kImageSize);
    dl::Rng rng(2);
    double moved = 0;
    for (int k = 0; k < 20; ++k) {
        dl::augment_image(src.data(), dst.data(), c, rng);
        const double dx = mass_x(dst) - mass_x(src);
        CHECK(std::fabs(dx) <= 2.8 + 1e-3);
        moved += std::fabs(dx);
        for (float v : dst) CHECK((v >= 0.0f && v <= 1.0f + 1e-6f));
    }
    CHECK(moved > 1.0);  // the draws differ from image to image
}

TEST_CASE("augment: rotations up to 90 degrees sometimes lay the vertical bar down") {
    // Angles are drawn uniformly in [-90, 90]: some of 200 draws come within a few degrees of +-90.
    dl::AugmentConfig c;
    c.rotation = 90.0f;
    const std::vector<float> src = test_image();
    std::vector<float> dst(dl::kImageSize);
    dl::Rng rng(3);
    int longest_run = 0;
    for (int k = 0; k < 200; ++k) {
        dl::augment_image(src.data(), dst.data(), c, rng);
        int longest = 0;  // longest horizontal run of ink
        for (int y = 0; y < 28; ++y) {
            int run = 0;
            for (int x = 0; x < 28; ++x) {
                run = dst[y * 28 + x] > 0.5f ? run + 1 : 0;
                longest = std::max(longest, run);
            }
        }
        longest_run = std::max(longest_run, longest);
    }
    CHECK(longest_run >= 12);  // the 14-pixel vertical bar lay (nearly) horizontal at least once
}

TEST_CASE("augment: elastic distortion keeps most of the ink and changes the image") {
    dl::AugmentConfig c;
    c.elastic = 2.0f;
    const std::vector<float> src = test_image();
    std::vector<float> dst(dl::kImageSize);
    dl::Rng rng(4);
    dl::augment_image(src.data(), dst.data(), c, rng);
    double ink_src = 0, ink_dst = 0, diff = 0;
    for (int i = 0; i < dl::kImageSize; ++i) ink_src += src[i], ink_dst += dst[i], diff += std::fabs(dst[i] - src[i]);
    CHECK(ink_dst == doctest::Approx(ink_src).epsilon(0.35));
    CHECK(diff > 1.0);
}

TEST_CASE("augment: image_transform shifts by whole pixels and rotates about the centre") {
    const std::vector<float> src = test_image();
    std::vector<float> dst(dl::kImageSize);
    dl::image_transform(src.data(), dst.data(), 0, 1, 0, 0);
    for (int i = 0; i < dl::kImageSize; ++i) CHECK(dst[i] == doctest::Approx(src[i]));
    dl::image_transform(src.data(), dst.data(), 0, 1, 2, -1);  // 2 right, 1 up: pixel (x, y) goes to (x+2, y-1)
    for (int y = 1; y < 28; ++y)
        for (int x = 0; x < 26; ++x) CHECK(dst[(y - 1) * 28 + x + 2] == doctest::Approx(src[y * 28 + x]));
    dl::image_transform(src.data(), dst.data(), 90, 1, 0, 0);  // the vertical bar lies down
    int longest = 0;
    for (int y = 0; y < 28; ++y) {
        int run = 0;
        for (int x = 0; x < 28; ++x) longest = std::max(longest, run = dst[y * 28 + x] > 0.5f ? run + 1 : 0);
    }
    CHECK(longest >= 13);
}

TEST_CASE("augment: test-time augmentation averages the model's probabilities over the fixed views") {
    dl::Model model = dl::model_create(dl::mlp_layers({16}, dl::Activation::Relu, 0.0f), 7);
    dl::Rng rng(8);
    Mat x(3, dl::kImageSize);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.uniform() < 0.2f ? 1.0f : 0.0f;
    Mat tta, plain;
    dl::model_predict_tta(model, x, tta);
    dl::model_predict(model, x, plain);
    REQUIRE(tta.rows() == 3);
    REQUIRE(tta.cols() == dl::kClasses);
    // The same average computed view by view, from the transformed images.
    Mat expected = Mat::Zero(3, dl::kClasses), view(3, dl::kImageSize), p;
    for (const dl::TtaView& v : dl::kTtaViews) {
        for (int i = 0; i < 3; ++i) dl::image_transform(x.row(i).data(), view.row(i).data(), v.degrees, 1, v.dx, v.dy);
        dl::model_predict(model, view, p);
        expected += p / float(std::size(dl::kTtaViews));
    }
    double off_plain = 0;
    for (int i = 0; i < 3; ++i) {
        CHECK(tta.row(i).sum() == doctest::Approx(1.0));
        for (int c = 0; c < dl::kClasses; ++c) {
            CHECK(tta(i, c) == doctest::Approx(expected(i, c)).epsilon(1e-4));
            off_plain += std::fabs(tta(i, c) - plain(i, c));
        }
    }
    CHECK(off_plain > 1e-3);  // the views do change the prediction of random-ish images
}
