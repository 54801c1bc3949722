#include "pool.hpp"

#include <algorithm>
#include <limits>

namespace dl {

void maxpool_forward(const Mat& x, const Window& win, Mat& y, std::vector<int>& argmax) {
    const int n = int(x.rows()), c = win.in.c;
    y.resize(n, win.out.size());
    argmax.resize(size_t(n) * win.out.size());
    for (int img = 0; img < n; ++img) {
        const float* src = x.row(img).data();
        float* dst = y.row(img).data();
        int* arg = argmax.data() + size_t(img) * win.out.size();
        for (int oy = 0; oy < win.out.h; ++oy)
            for (int ox = 0; ox < win.out.w; ++ox) {
                // Window positions outside, channels inside: the channels of a pixel are contiguous, and the
                // bounds are checked once per pixel rather than once per channel. Ties go to the first
                // position in (ky, kx) order, as before.
                const int o = (oy * win.out.w + ox) * c;
                float* best = dst + o;
                int* best_i = arg + o;
                std::fill(best, best + c, -std::numeric_limits<float>::infinity());
                std::fill(best_i, best_i + c, -1);  // stays -1 only if the window is all padding
                for (int ky = 0; ky < win.kernel; ++ky) {
                    const int iy = oy * win.stride + ky - win.pad_top;
                    if (iy < 0 || iy >= win.in.h) continue;
                    for (int kx = 0; kx < win.kernel; ++kx) {
                        const int ix = ox * win.stride + kx - win.pad_left;
                        if (ix < 0 || ix >= win.in.w) continue;
                        const int i = (iy * win.in.w + ix) * c;
                        for (int ch = 0; ch < c; ++ch)
                            if (src[i + ch] > best[ch]) best[ch] = src[i + ch], best_i[ch] = i + ch;
                    }
                }
                for (int ch = 0; ch < c; ++ch)
                    if (best_i[ch] < 0) best[ch] = 0.0f;
            }
    }
}

void maxpool_backward(const std::vector<int>& argmax, const Window& win, const Mat& dy, Mat& dx) {
    dx = Mat::Zero(dy.rows(), win.in.size());
    for (int img = 0; img < dy.rows(); ++img) {
        const int* arg = argmax.data() + size_t(img) * win.out.size();
        for (int o = 0; o < win.out.size(); ++o)
            if (arg[o] >= 0) dx(img, arg[o]) += dy(img, o);
    }
}

// Calls visit(input index, output index, 1 / window count) for each input position of each window.
template <class Visit>
static void avgpool_each(const Window& win, Visit visit) {
    const int c = win.in.c;
    for (int oy = 0; oy < win.out.h; ++oy)
        for (int ox = 0; ox < win.out.w; ++ox) {
            const int y0 = std::max(0, oy * win.stride - win.pad_top);
            const int y1 = std::min(win.in.h, oy * win.stride - win.pad_top + win.kernel);
            const int x0 = std::max(0, ox * win.stride - win.pad_left);
            const int x1 = std::min(win.in.w, ox * win.stride - win.pad_left + win.kernel);
            const float share = 1.0f / float(std::max(1, (y1 - y0) * (x1 - x0)));
            for (int iy = y0; iy < y1; ++iy)
                for (int ix = x0; ix < x1; ++ix)
                    for (int ch = 0; ch < c; ++ch) visit((iy * win.in.w + ix) * c + ch, (oy * win.out.w + ox) * c + ch, share);
        }
}

void avgpool_forward(const Mat& x, const Window& win, Mat& y) {
    y = Mat::Zero(x.rows(), win.out.size());
    for (int img = 0; img < x.rows(); ++img) {
        const float* src = x.row(img).data();
        float* dst = y.row(img).data();
        avgpool_each(win, [&](int i, int o, float share) { dst[o] += share * src[i]; });
    }
}

void avgpool_backward(const Window& win, const Mat& dy, Mat& dx) {
    dx = Mat::Zero(dy.rows(), win.in.size());
    for (int img = 0; img < dy.rows(); ++img) {
        const float* src = dy.row(img).data();
        float* dst = dx.row(img).data();
        avgpool_each(win, [&](int i, int o, float share) { dst[i] += share * src[o]; });
    }
}

}  // namespace dl
