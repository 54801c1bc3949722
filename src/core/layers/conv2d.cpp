#include "conv2d.hpp"

#include <algorithm>

namespace dl {

Window window_make(Shape in, int kernel, int stride, bool same, int out_channels) {
    Window win;
    win.kernel = kernel;
    win.stride = stride;
    win.same = same;
    win.in = in;
    win.out.c = out_channels;
    if (kernel < 1 || stride < 1) {
        win.out.h = win.out.w = 0;
        return win;
    }
    if (same) {
        win.out.h = (in.h + stride - 1) / stride;
        win.out.w = (in.w + stride - 1) / stride;
        // TensorFlow's convention: the extra padding pixel, if any, goes to the bottom/right.
        win.pad_top = std::max(0, (win.out.h - 1) * stride + kernel - in.h) / 2;
        win.pad_left = std::max(0, (win.out.w - 1) * stride + kernel - in.w) / 2;
    } else {
        win.out.h = in.h >= kernel ? (in.h - kernel) / stride + 1 : 0;
        win.out.w = in.w >= kernel ? (in.w - kernel) / stride + 1 : 0;
    }
    return win;
}

// [SECTION] im2col / col2im

void im2col(const Mat& x, const Window& win, Mat& cols) {
    const int n = int(x.rows()), k = win.kernel, c = win.in.c;
    const int patch = k * k * c;
    cols.resize(Eigen::Index(n) * win.out.h * win.out.w, patch);
    for (int img = 0; img < n; ++img) {
        const float* src = x.row(img).data();
        for (int oy = 0; oy < win.out.h; ++oy)
            for (int ox = 0; ox < win.out.w; ++ox) {
                float* dst = cols.row((Eigen::Index(img) * win.out.h + oy) * win.out.w + ox).data();
                // A kernel row is one contiguous run of the input (k pixels x c channels): copied in one go,
                // with zeros for the part that lies in the padding (one call per pixel was a hot spot for c = 1).
                const int x0 = ox * win.stride - win.pad_left;
                const int kx0 = std::clamp(-x0, 0, k), kx1 = std::clamp(win.in.w - x0, kx0, k);
                for (int ky = 0; ky < k; ++ky, dst += k * c) {
                    const int iy = oy * win.stride + ky - win.pad_top;
                    if (iy < 0 || iy >= win.in.h) {
                        std::fill(dst, dst + k * c, 0.0f);
                        continue;
                    }
                    const float* p = src + (iy * win.in.w + x0 + kx0) * c;
                    std::fill(dst, dst + kx0 * c, 0.0f);
                    std::copy(p, p + (kx1 - kx0) * c, dst + kx0 * c);
                    std::fill(dst + kx1 * c, dst + k * c, 0.0f);
                }
            }
    }
}

void col2im(const Mat& cols, const Window& win, int batch, Mat& dx) {
    const int k = win.kernel, c = win.in.c;
    dx = Mat::Zero(batch, win.in.size());
    for (int img = 0; img < batch; ++img) {
        float* dst = dx.row(img).data();
        for (int oy = 0; oy < win.out.h; ++oy)
            for (int ox = 0; ox < win.out.w; ++ox) {
                const float* src = cols.row((Eigen::Index(img) * win.out.h + oy) * win.out.w + ox).data();
                for (int ky = 0; ky < k; ++ky) {
                    const int iy = oy * win.stride + ky - win.pad_top;
                    for (int kx = 0; kx < k; ++kx, src += c) {
                        const int ix = ox * win.stride + kx - win.pad_left;
                        if (iy < 0 || iy >= win.in.h || ix < 0 || ix >= win.in.w) continue;
                        float* p = dst + (iy * win.in.w + ix) * c;
                        for (int ch = 0; ch < c; ++ch) p[ch] += src[ch];
                    }
                }
            }
    }
}

// [SECTION] Convolution

void conv2d_forward(const Mat& x, const Window& win, const Mat& w, const RowVec& b, Mat& cols, Mat& y) {
    im2col(x, win, cols);
    // (N x OH*OW*F) and (N*OH*OW x F) are the same row-major buffer: the product is written straight into y.
    y.resize(x.rows(), win.out.size());
    Eigen::Map<Mat> y_rows(y.data(), cols.rows(), win.out.c);
    y_rows.noalias() = cols * w;
    y_rows.rowwise() += b;
}

void conv2d_backward(Mat& cols, const Window& win, const Mat& w, const Mat& dy, Mat& dw, RowVec& db, Mat* dx) {
    const Eigen::Map<const Mat> dy_rows(dy.data(), cols.rows(), win.out.c);
    dw.noalias() = cols.transpose() * dy_rows;
    db = dy_rows.colwise().sum();
    if (!dx) return;
    cols.noalias() = dy_rows * w.transpose();  // now the gradient columns (reads only dy and w)
    col2im(cols, win, int(dy.rows()), *dx);
}

void conv2d_init(Mat& w, RowVec& b, const Window& win, Rng& rng, Init init) {
    const int fan_in = win.kernel * win.kernel * win.in.c, fan_out = win.kernel * win.kernel * win.out.c;
    w.resize(fan_in, win.out.c);
    weights_init(w, fan_in, fan_out, init, rng);
    b = RowVec::Zero(win.out.c);
}

}  // namespace dl
