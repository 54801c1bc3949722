// Helpers shared by the core tests (not a test file itself: only tests/core/*.cpp are compiled).
#pragma once
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "core/ensemble.hpp"
#include "core/model.hpp"
#include "core/rng.hpp"
#include "core/tensor.hpp"

namespace dltest {

// The labels `model` predicts for rows [begin, end) of `data`, written to labels[begin..end), on this thread.
inline void model_predict_labels(const dl::Model& model, const dl::Dataset& data, int begin, int end, uint8_t* labels) {
    std::vector<dl::Ensemble> one{dl::Ensemble{{model}}};
    dl::ensemble_predict_labels(one, data, begin, end, labels);
}

inline dl::Mat random_mat(int rows, int cols, dl::Rng& rng, float lo = -1.f, float hi = 1.f) {
    dl::Mat m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) m(r, c) = lo + (hi - lo) * rng.uniform();
    return m;
}

// sum(y .* r) in double: the scalar objective of the gradient checks, so that dL/dy = r.
inline double weighted_sum(const dl::Mat& y, const dl::Mat& r) {
    REQUIRE(y.rows() == r.rows());
    REQUIRE(y.cols() == r.cols());
    double s = 0;
    for (int i = 0; i < y.rows(); ++i)
        for (int j = 0; j < y.cols(); ++j) s += double(y(i, j)) * double(r(i, j));
    return s;
}

// Numerical derivative by central differences of `loss` with respect to *p (restored afterwards).
inline double numeric_derivative(float* p, const std::function<double()>& loss, float eps) {
    const float saved = *p;
    *p = saved + eps;
    const float up = *p;
    const double lp = loss();
    *p = saved - eps;
    const float down = *p;
    const double lm = loss();
    *p = saved;
    return (lp - lm) / (double(up) - double(down));
}

struct GradCheck {
    int checked = 0, bad = 0;
    double worst = 0;
    std::string first_bad;
};

// Compares analytic[i] with the central difference of `loss` for each of the n floats at `values`.
// Passes when |a - n| <= rel * max(|a|, |n|) + abs_tol.
inline GradCheck grad_check(float* values, const float* analytic, int n, const std::function<double()>& loss,
                            float eps = 1e-3f, double rel = 1e-2, double abs_tol = 1e-3,
                            const char* what = "") {
    GradCheck g;
    for (int i = 0; i < n; ++i) {
        const double num = numeric_derivative(values + i, loss, eps);
        const double an = analytic[i];
        const double err = std::fabs(an - num);
        const double allowed = rel * std::max(std::fabs(an), std::fabs(num)) + abs_tol;
        ++g.checked;
        g.worst = std::max(g.worst, err / allowed);
        if (err > allowed) {
            if (g.bad++ == 0)
                g.first_bad = std::string(what) + "[" + std::to_string(i) + "]: analytic " + std::to_string(an) +
                              " numeric " + std::to_string(num);
        }
    }
    return g;
}

#define CHECK_GRAD(g)                                                       \
    do {                                                                    \
        const auto& g_ = (g);                                               \
        INFO("first mismatch: ", g_.first_bad, " (worst err/allowed ", g_.worst, ")"); \
        CHECK(g_.checked > 0);                                              \
        CHECK(g_.bad == 0);                                                 \
    } while (0)

// The gradient checks of a convolution (any path): dx, dw and db against central differences of
// sum(forward() .* r), forward() computing the output from the current x, w and b. That loss is linear in
// each single value, so any step `eps` is exact but for rounding, which a larger step hides better.
inline void conv_grads_check(dl::Mat& x, dl::Mat& w, dl::RowVec& b, const dl::Mat& r, const dl::Mat& dx,
                             const dl::Mat& dw, const dl::RowVec& db, const std::function<dl::Mat()>& forward,
                             float eps = 1e-3f) {
    auto loss = [&] { return weighted_sum(forward(), r); };
    CHECK_GRAD(grad_check(x.data(), dx.data(), int(x.size()), loss, eps, 1e-2, 1e-3, "dx"));
    CHECK_GRAD(grad_check(w.data(), dw.data(), int(w.size()), loss, eps, 1e-2, 1e-3, "dw"));
    CHECK_GRAD(grad_check(b.data(), db.data(), int(b.size()), loss, eps, 1e-2, 1e-3, "db"));
}

inline bool all_finite(const dl::Model& m) {
    for (const auto& l : m.layers) {
        if (!l.w.allFinite() || !l.b.allFinite()) return false;
    }
    return true;
}

// Every weight of a model, in layer order, as raw bit patterns (for bitwise comparisons).
inline std::vector<uint32_t> weight_bits(const dl::Model& m) {
    std::vector<uint32_t> out;
    for (const auto& l : m.layers) {
        for (Eigen::Index i = 0; i < l.w.size(); ++i) {
            uint32_t u;
            std::memcpy(&u, l.w.data() + i, 4);
            out.push_back(u);
        }
        for (Eigen::Index i = 0; i < l.b.size(); ++i) {
            uint32_t u;
            std::memcpy(&u, l.b.data() + i, 4);
            out.push_back(u);
        }
    }
    return out;
}

// A synthetic, learnable but non-trivial digit-like dataset: each class is a prototype made of random thick
// strokes; each image is its prototype shifted by up to +-2 pixels, with random ink intensity and noise.
inline void draw_segment(std::vector<float>& img, float x0, float y0, float x1, float y1, float width) {
    for (int y = 0; y < dl::kImageSide; ++y)
        for (int x = 0; x < dl::kImageSide; ++x) {
            const float px = x + 0.5f, py = y + 0.5f;
            const float dx = x1 - x0, dy = y1 - y0;
            const float len2 = dx * dx + dy * dy;
            float t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0.f;
            t = std::min(1.f, std::max(0.f, t));
            const float ex = x0 + t * dx - px, ey = y0 + t * dy - py;
            if (ex * ex + ey * ey <= width * width) img[y * dl::kImageSide + x] = 1.f;
        }
}

inline dl::Dataset synthetic_digits(int rows, uint64_t seed) {
    dl::Rng rng(seed);
    std::vector<std::vector<float>> protos(dl::kClasses, std::vector<float>(dl::kImageSize, 0.f));
    for (int c = 0; c < dl::kClasses; ++c) {
        for (int s = 0; s < 3; ++s) {
            const float x0 = 6 + 16 * rng.uniform(), y0 = 6 + 16 * rng.uniform();
            const float x1 = 6 + 16 * rng.uniform(), y1 = 6 + 16 * rng.uniform();
            draw_segment(protos[c], x0, y0, x1, y1, 1.3f);
        }
    }
    dl::Dataset d;
    d.rows = rows;
    d.pixels.assign(size_t(rows) * dl::kImageSize, 0);
    d.labels.resize(rows);
    for (int i = 0; i < rows; ++i) {
        const int c = int(rng.below(dl::kClasses));
        d.labels[i] = uint8_t(c);
        const int sx = int(rng.below(5)) - 2, sy = int(rng.below(5)) - 2;
        const float intensity = 0.6f + 0.4f * rng.uniform();
        uint8_t* img = d.pixels.data() + size_t(i) * dl::kImageSize;
        for (int y = 0; y < dl::kImageSide; ++y)
            for (int x = 0; x < dl::kImageSide; ++x) {
                const int ox = x - sx, oy = y - sy;
                float v = 0;
                if (ox >= 0 && oy >= 0 && ox < dl::kImageSide && oy < dl::kImageSide)
                    v = protos[c][oy * dl::kImageSide + ox] * intensity;
                if (rng.uniform() < 0.08f) v += 0.5f * rng.uniform();  // speckle noise
                if (rng.uniform() < 0.03f) v = 0;                       // dropped ink
                img[y * dl::kImageSide + x] = uint8_t(std::lround(std::min(1.f, v) * 255.f));
            }
    }
    return d;
}

}  // namespace dltest
