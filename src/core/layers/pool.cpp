#include "pool.hpp"

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
            for (int ox = 0; ox < win.out.w; ++ox)
                for (int ch = 0; ch < c; ++ch) {
                    float best = -std::numeric_limits<float>::infinity();
                    int best_i = -1;  // stays -1 only if the window is all padding
                    for (int ky = 0; ky < win.kernel; ++ky) {
                        const int iy = oy * win.stride + ky - win.pad_top;
                        if (iy < 0 || iy >= win.in.h) continue;
                        for (int kx = 0; kx < win.kernel; ++kx) {
                            const int ix = ox * win.stride + kx - win.pad_left;
                            if (ix < 0 || ix >= win.in.w) continue;
                            const int i = (iy * win.in.w + ix) * c + ch;
                            if (src[i] > best) best = src[i], best_i = i;
                        }
                    }
                    const int o = (oy * win.out.w + ox) * c + ch;
                    dst[o] = best_i < 0 ? 0.0f : best;
                    arg[o] = best_i;
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

}  // namespace dl
