// Augmentation: the identity, the range of shifts and rotations, values kept in [0, 1], and draws that
// differ image by image.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/augment.hpp"
#include "core/tensor.hpp"

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
