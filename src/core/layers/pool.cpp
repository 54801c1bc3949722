#include "pool.hpp"

#include <algorithm>

namespace dl {

void maxpool_forward(const Mat& x, const Window& win, Mat& y, std::vector<int>& argmax) {
    const int n = int(x.rows()), c = win.in.c;
    y.resize(n, win.out.size());
    argmax.resize(size_t(n) * win.out.size());
    for (int img = 0; img < n; ++img) {
        const float* src = x.row(img).data();
        float* dst = y.row(img).data();
        int* arg = argmax.data() + size_t(img) * win.out.size();
        for (int oy = 0; oy < win.out.h; ++oy) {
            // The window's rows and columns inside the image, clamped once per output pixel so that the
            // loop over channels (contiguous in HWC) has no test but the comparison: it vectorizes.
            const int y0 = oy * win.stride - win.pad_top;
            const int ky0 = std::max(0, -y0), ky1 = std::min(win.kernel, win.in.h - y0);
            for (int ox = 0; ox < win.out.w; ++ox) {
                const int x0 = ox * win.stride - win.pad_left;
                const int kx0 = std::max(0, -x0), kx1 = std::min(win.kernel, win.in.w - x0);
                const int o = (oy * win.out.w + ox) * c;
                float* best = dst + o;
                int* best_i = arg + o;
                if (ky0 >= ky1 || kx0 >= kx1) {  // all padding: no input to pass a gradient to
                    std::fill(best, best + c, 0.0f);
                    std::fill(best_i, best_i + c, -1);
                    continue;
                }
                // The first position in (ky, kx) order starts; later ones win only when strictly larger,
                // so ties go to the first.
                const int first = ((y0 + ky0) * win.in.w + x0 + kx0) * c;
                for (int ch = 0; ch < c; ++ch) best[ch] = src[first + ch], best_i[ch] = first + ch;
                for (int ky = ky0; ky < ky1; ++ky)
                    for (int kx = ky == ky0 ? kx0 + 1 : kx0; kx < kx1; ++kx) {
                        const int i = ((y0 + ky) * win.in.w + x0 + kx) * c;
                        // Restrict: the output does not overlap the input, which lets the loop vectorize.
                        const float* __restrict in = src + i;
                        float* __restrict max = best;
                        int* __restrict max_i = best_i;
                        for (int ch = 0; ch < c; ++ch) {
                            const float v = in[ch], m = max[ch];
                            const int larger = -int(v > m);  // all bits set when larger: a mask, no branch
                            max[ch] = v > m ? v : m;
                            max_i[ch] = ((i + ch) & larger) | (max_i[ch] & ~larger);
                        }
                    }
            }
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
