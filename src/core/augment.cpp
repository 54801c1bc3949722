#include "augment.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "tensor.hpp"

namespace dl {

namespace {

constexpr int N = kImageSide;

float uniform_in(Rng& rng, float limit) { return (2.0f * rng.uniform() - 1.0f) * limit; }

// Bilinear sample of the image at (x, y) in pixel-centre coordinates; paper (0) outside.
float sample(const float* img, float x, float y) {
    const int x0 = int(std::floor(x)), y0 = int(std::floor(y));
    const float fx = x - x0, fy = y - y0;
    auto at = [&](int xx, int yy) { return xx < 0 || yy < 0 || xx >= N || yy >= N ? 0.0f : img[yy * N + xx]; };
    return (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
}

// A random displacement field: uniform noise smoothed by a Gaussian (separable), scaled to `alpha`.
void elastic_field(Rng& rng, float alpha, float sigma, std::vector<float>& field) {
    const int radius = std::max(1, int(std::ceil(2.0f * sigma)));
    std::vector<float> kernel(2 * radius + 1);
    float sum = 0;
    for (int i = -radius; i <= radius; ++i) sum += kernel[i + radius] = std::exp(-0.5f * i * i / (sigma * sigma));
    for (float& k : kernel) k /= sum;
    std::vector<float> noise(N * N), tmp(N * N);
    for (float& v : noise) v = uniform_in(rng, 1.0f);
    auto blur = [&](const std::vector<float>& in, std::vector<float>& out, int dx, int dy) {
        for (int y = 0; y < N; ++y)
            for (int x = 0; x < N; ++x) {
                float acc = 0;
                for (int i = -radius; i <= radius; ++i) {
                    const int xx = std::clamp(x + i * dx, 0, N - 1), yy = std::clamp(y + i * dy, 0, N - 1);
                    acc += kernel[i + radius] * in[yy * N + xx];
                }
                out[y * N + x] = acc;
            }
    };
    blur(noise, tmp, 1, 0);
    blur(tmp, field, 0, 1);
    // Smoothing shrinks the noise; normalize so that alpha is the typical displacement in pixels.
    float rms = 0;
    for (float v : field) rms += v * v;
    rms = std::sqrt(rms / field.size()) + 1e-12f;
    for (float& v : field) v *= alpha / rms;
}

// The affine transform (radians, scale, shift in pixels), plus the displacement field (fx, fy) if given.
// Inverse mapping: each output pixel looks up where it comes from in the source.
void affine_sample(const float* src, float* dst, float angle, float scale, float tx, float ty, const float* fx,
                   const float* fy) {
    const float cs = std::cos(angle) / scale, sn = std::sin(angle) / scale, centre = (N - 1) / 2.0f;
    for (int v = 0; v < N; ++v)
        for (int u = 0; u < N; ++u) {
            float x = u - centre - tx, y = v - centre - ty;
            if (fx) x += fx[v * N + u], y += fy[v * N + u];
            dst[v * N + u] = sample(src, cs * x + sn * y + centre, -sn * x + cs * y + centre);
        }
}

}  // namespace

void augment_image(const float* src, float* dst, const AugmentConfig& c, Rng& rng) {
    const float angle = uniform_in(rng, c.rotation) * 3.14159265f / 180.0f;
    const float scale = 1.0f + uniform_in(rng, c.zoom);
    const float tx = uniform_in(rng, c.shift) * N, ty = uniform_in(rng, c.shift) * N;
    if (c.elastic <= 0) return affine_sample(src, dst, angle, scale, tx, ty, nullptr, nullptr);
    std::vector<float> fx(N * N, 0.0f), fy(N * N, 0.0f);
    elastic_field(rng, c.elastic, c.elastic_sigma, fx);
    elastic_field(rng, c.elastic, c.elastic_sigma, fy);
    affine_sample(src, dst, angle, scale, tx, ty, fx.data(), fy.data());
}

void image_transform(const float* src, float* dst, float degrees, float scale, float dx, float dy) {
    affine_sample(src, dst, degrees * 3.14159265f / 180.0f, scale, dx, dy, nullptr, nullptr);
}

}  // namespace dl
