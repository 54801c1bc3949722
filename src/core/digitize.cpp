#include "digitize.hpp"

#include <algorithm>
#include <cmath>

namespace dl {

namespace {

constexpr int kFrame = 28;
constexpr float kBox = 20.0f;       // MNIST fits each digit's bounding box into 20x20 ...
constexpr float kInkThreshold = 0.02f;  // ... of the pixels that really carry ink

// Distance from p to the segment ab.
float segment_distance(float px, float py, PadPoint a, PadPoint b) {
    const float vx = b.x - a.x, vy = b.y - a.y;
    const float len2 = vx * vx + vy * vy;
    float t = len2 > 0 ? ((px - a.x) * vx + (py - a.y) * vy) / len2 : 0.0f;
    t = std::clamp(t, 0.0f, 1.0f);
    const float dx = px - (a.x + t * vx), dy = py - (a.y + t * vy);
    return std::sqrt(dx * dx + dy * dy);
}

// For a target pixel covering source interval [lo, hi): the source pixels it overlaps and by how much.
struct Span {
    int first = 0;
    std::vector<float> weights;
};

Span span_of(float lo, float hi, int limit) {
    Span s;
    const int a = std::max(0, int(std::floor(lo)));
    const int b = std::min(limit, int(std::ceil(hi)));
    s.first = a;
    for (int i = a; i < b; ++i) s.weights.push_back(std::min(hi, float(i + 1)) - std::max(lo, float(i)));
    return s;
}

}  // namespace

std::vector<float> strokes_rasterize(const std::vector<PadStroke>& strokes, int size) {
    std::vector<float> ink(size_t(size) * size, 0.0f);
    for (const PadStroke& stroke : strokes) {
        if (stroke.points.empty()) continue;
        const float r = stroke.radius * size;
        // Work in pixel units; a single point is a segment of length zero (a dot).
        std::vector<PadPoint> pts;
        for (PadPoint p : stroke.points) pts.push_back({p.x * size, p.y * size});
        if (pts.size() == 1) pts.push_back(pts[0]);
        for (size_t k = 0; k + 1 < pts.size(); ++k) {
            const PadPoint a = pts[k], b = pts[k + 1];
            const int x0 = std::max(0, int(std::floor(std::min(a.x, b.x) - r - 1)));
            const int x1 = std::min(size - 1, int(std::ceil(std::max(a.x, b.x) + r + 1)));
            const int y0 = std::max(0, int(std::floor(std::min(a.y, b.y) - r - 1)));
            const int y1 = std::min(size - 1, int(std::ceil(std::max(a.y, b.y) + r + 1)));
            for (int y = y0; y <= y1; ++y)
                for (int x = x0; x <= x1; ++x) {
                    // Coverage falls from 1 to 0 over the pixel at the brush edge: anti-aliased.
                    const float cover = std::clamp(r + 0.5f - segment_distance(x + 0.5f, y + 0.5f, a, b), 0.0f, 1.0f);
                    float& cell = ink[size_t(y) * size + x];
                    cell = std::max(cell, cover);
                }
        }
    }
    return ink;
}

bool ink_digitize(const float* ink, int width, int height, uint8_t out[784]) {
    // Bounding box and centre of mass of the ink (pixel centres at i + 0.5).
    int x0 = width, x1 = -1, y0 = height, y1 = -1;
    double mass = 0, mx = 0, my = 0;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const float v = ink[size_t(y) * width + x];
            if (v <= kInkThreshold) continue;
            x0 = std::min(x0, x), x1 = std::max(x1, x);
            y0 = std::min(y0, y), y1 = std::max(y1, y);
            mass += v, mx += v * (x + 0.5), my += v * (y + 0.5);
        }
    std::fill(out, out + kFrame * kFrame, uint8_t(0));
    if (x1 < 0) return false;
    const float scale = kBox / float(std::max(x1 - x0 + 1, y1 - y0 + 1));
    const float cx = float(mx / mass), cy = float(my / mass);

    // Target u = (x - cx) * scale + 14 + shift puts the centre of mass at the frame's centre; the shift
    // (normally 0) keeps a lopsided digit's box inside the frame rather than cutting it.
    auto shift_into_frame = [&](int lo, int hi, float c) {
        const float left = (lo - c) * scale + kFrame / 2.0f, right = (hi + 1 - c) * scale + kFrame / 2.0f;
        if (left < 0) return -left;
        if (right > kFrame) return kFrame - right;
        return 0.0f;
    };
    const float sx = shift_into_frame(x0, x1, cx), sy = shift_into_frame(y0, y1, cy);
    auto source_of = [&](float u, float c, float shift) { return (u - kFrame / 2.0f - shift) / scale + c; };

    std::vector<Span> xs(kFrame), ys(kFrame);
    for (int u = 0; u < kFrame; ++u) {
        xs[u] = span_of(source_of(float(u), cx, sx), source_of(float(u + 1), cx, sx), width);
        ys[u] = span_of(source_of(float(u), cy, sy), source_of(float(u + 1), cy, sy), height);
    }
    // Area average: each target pixel is the mean ink over the source rectangle it covers.
    const float area = 1.0f / (scale * scale);
    for (int v = 0; v < kFrame; ++v)
        for (int u = 0; u < kFrame; ++u) {
            float sum = 0;
            for (size_t j = 0; j < ys[v].weights.size(); ++j) {
                const float* row = ink + size_t(ys[v].first + j) * width + xs[u].first;
                float acc = 0;
                for (size_t i = 0; i < xs[u].weights.size(); ++i) acc += xs[u].weights[i] * row[i];
                sum += ys[v].weights[j] * acc;
            }
            out[v * kFrame + u] = uint8_t(std::lround(std::clamp(sum / area, 0.0f, 1.0f) * 255.0f));
        }
    return true;
}

}  // namespace dl
