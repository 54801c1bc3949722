// Drawing pad to MNIST image: rasterizing strokes, then scaling the ink into a 20x20 box centred by mass.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/digitize.hpp"

using dl::PadPoint;
using dl::PadStroke;

namespace {

struct Stats {
    int top = -1, bottom = -1, left = -1, right = -1;  // ink bounding box (pixels > threshold), inclusive
    double cx = 0, cy = 0;                             // centre of mass in pixel-index coordinates
    int max = 0;
    long total = 0;
};

Stats stats(const uint8_t* img, int threshold = 0) {
    Stats s;
    double sx = 0, sy = 0;
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const int v = img[y * 28 + x];
            s.max = std::max(s.max, v);
            s.total += v;
            sx += double(v) * x;
            sy += double(v) * y;
            if (v > threshold) {
                if (s.top < 0 || y < s.top) s.top = y;
                if (y > s.bottom) s.bottom = y;
                if (s.left < 0 || x < s.left) s.left = x;
                if (x > s.right) s.right = x;
            }
        }
    if (s.total) {
        s.cx = sx / s.total;
        s.cy = sy / s.total;
    }
    return s;
}

// The centre of mass is at the frame's centre: 14 in MNIST's pixel-index convention, or 13.5 if pixel i is
// taken to cover [i, i+1] (centre of the frame at 14.0 in continuous coordinates). Both within 0.5 px.
void check_centred(double c) {
    INFO("centre of mass (pixel index) ", c);
    CHECK(c >= 13.0 - 1e-6);
    CHECK(c <= 14.5 + 1e-6);
}

std::vector<uint8_t> digitize(const std::vector<PadStroke>& strokes, int size, bool* ok = nullptr) {
    const auto ink = dl::strokes_rasterize(strokes, size);
    REQUIRE(ink.size() == size_t(size) * size);
    std::vector<uint8_t> out(784, 77);
    const bool r = dl::ink_digitize(ink.data(), size, size, out.data());
    if (ok) *ok = r;
    return out;
}

PadStroke line(float x0, float y0, float x1, float y1, float radius, int steps = 20) {
    PadStroke s;
    s.radius = radius;
    for (int i = 0; i <= steps; ++i) {
        const float t = float(i) / steps;
        s.points.push_back({x0 + t * (x1 - x0), y0 + t * (y1 - y0)});
    }
    return s;
}

// A "7" drawn inside the square [ox, ox + scale] x [oy, oy + scale] of the pad.
std::vector<PadStroke> seven(float ox, float oy, float scale) {
    auto p = [&](float x, float y) { return PadPoint{ox + x * scale, oy + y * scale}; };
    PadStroke top, stem;
    top.radius = stem.radius = 0.06f * scale;
    for (int i = 0; i <= 20; ++i) top.points.push_back(p(0.2f + 0.6f * i / 20, 0.15f));
    for (int i = 0; i <= 30; ++i) stem.points.push_back(p(0.8f - 0.4f * i / 30, 0.15f + 0.7f * i / 30));
    return {top, stem};
}

}  // namespace

TEST_CASE("strokes_rasterize: a round brush dot") {
    PadStroke dot;
    dot.radius = 0.1f;
    dot.points.push_back({0.5f, 0.5f});
    const int size = 100;
    const auto ink = dl::strokes_rasterize({dot}, size);
    REQUIRE(ink.size() == size_t(size * size));
    double total = 0;
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const float v = ink[y * size + x];
            CHECK(v >= 0.f);
            CHECK(v <= 1.f);
            total += v;
            const double d = std::hypot(x + 0.5 - 50, y + 0.5 - 50);  // pixel centre to dot centre
            if (d < 8.5) CHECK(v > 0.99f);
            if (d > 11.5) CHECK(v == 0.f);
        }
    const double area = 3.14159265358979 * 10 * 10;
    CHECK(total == doctest::Approx(area).epsilon(0.08));
}

TEST_CASE("strokes_rasterize: nothing drawn is blank") {
    const auto ink = dl::strokes_rasterize({}, 64);
    REQUIRE(ink.size() == 64u * 64u);
    for (float v : ink) CHECK(v == 0.f);
}

TEST_CASE("ink_digitize: a blank pad returns false") {
    bool ok = true;
    digitize({}, 200, &ok);
    CHECK_FALSE(ok);
    std::vector<float> zeros(50 * 40, 0.f);
    uint8_t out[784];
    CHECK_FALSE(dl::ink_digitize(zeros.data(), 50, 40, out));
}

TEST_CASE("ink_digitize: a vertical line is 20 px tall and centred by mass") {
    bool ok = false;
    const auto img = digitize({line(0.5f, 0.2f, 0.5f, 0.8f, 0.04f)}, 280, &ok);
    REQUIRE(ok);
    const Stats s = stats(img.data());
    INFO("box rows ", s.top, "-", s.bottom, " cols ", s.left, "-", s.right, " com ", s.cx, ",", s.cy);
    const int height = s.bottom - s.top + 1, width = s.right - s.left + 1;
    CHECK(height >= 19);
    CHECK(height <= 21);
    CHECK(width <= 6);  // aspect ratio kept: the line stays thin
    check_centred(s.cx);
    check_centred(s.cy);
    CHECK(s.max >= 200);  // solid ink stays dark
    // Nothing outside the central 20x20 area (+1 for anti-aliasing) around the centre.
    CHECK(s.top >= 3);
    CHECK(s.bottom <= 24);
}

TEST_CASE("ink_digitize: a horizontal line is 20 px wide and centred by mass") {
    bool ok = false;
    const auto img = digitize({line(0.1f, 0.3f, 0.7f, 0.3f, 0.03f)}, 300, &ok);
    REQUIRE(ok);
    const Stats s = stats(img.data());
    const int height = s.bottom - s.top + 1, width = s.right - s.left + 1;
    CHECK(width >= 19);
    CHECK(width <= 21);
    CHECK(height <= 6);
    check_centred(s.cx);
    check_centred(s.cy);
}

TEST_CASE("ink_digitize: ink is 255, paper is 0, and a non-square canvas works") {
    // A solid 60x90 block of ink in a 200x150 canvas: scaled to 13x20 (aspect kept), fully inked inside.
    const int w = 200, h = 150;
    std::vector<float> ink(size_t(w) * h, 0.f);
    for (int y = 30; y < 120; ++y)
        for (int x = 100; x < 160; ++x) ink[size_t(y) * w + x] = 1.f;
    uint8_t out[784];
    REQUIRE(dl::ink_digitize(ink.data(), w, h, out));
    const Stats s = stats(out);
    CHECK(s.max == 255);
    CHECK(s.bottom - s.top + 1 >= 19);
    CHECK(s.bottom - s.top + 1 <= 21);
    CHECK(s.right - s.left + 1 >= 13);
    CHECK(s.right - s.left + 1 <= 15);
    check_centred(s.cx);
    check_centred(s.cy);
    CHECK(out[0] == 0);
    CHECK(out[783] == 0);
    CHECK(out[14 * 28 + 14] == 255);  // the middle of the block
}

TEST_CASE("ink_digitize: a small drawing in a corner gives the same image as the same drawing large") {
    bool ok1 = false, ok2 = false;
    const auto small = digitize(seven(0.02f, 0.05f, 0.25f), 400, &ok1);
    const auto large = digitize(seven(0.1f, 0.1f, 0.8f), 400, &ok2);
    REQUIRE(ok1);
    REQUIRE(ok2);
    // The same drawing again, bottom right on a smaller pad.
    bool ok3 = false;
    const auto other = digitize(seven(0.6f, 0.6f, 0.35f), 280, &ok3);
    REQUIRE(ok3);
    double diff_other = 0;
    for (int i = 0; i < 784; ++i) diff_other += std::abs(int(other[i]) - int(large[i]));
    CHECK(diff_other / 784 < 6.0);
    // For scale: the large drawing moved by one pixel differs from itself by about 13 on average.
    double diff = 0;
    int max_diff = 0;
    for (int i = 0; i < 784; ++i) {
        const int d = std::abs(int(small[i]) - int(large[i]));
        diff += d;
        max_diff = std::max(max_diff, d);
    }
    const Stats a = stats(small.data()), b = stats(large.data());
    INFO("mean |diff| ", diff / 784, " max ", max_diff, "; ink ", a.total, " vs ", b.total);
    CHECK(diff / 784 < 6.0);
    CHECK(std::abs(double(a.total - b.total)) < 0.1 * double(b.total));
    CHECK(std::abs(a.cx - b.cx) < 0.3);
    CHECK(std::abs(a.cy - b.cy) < 0.3);
    check_centred(a.cx);
    check_centred(a.cy);
    // The 7 is taller than wide by design: 20 rows tall.
    CHECK(b.bottom - b.top + 1 >= 19);
    CHECK(b.bottom - b.top + 1 <= 21);
}
