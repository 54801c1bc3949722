#include "conv2d.hpp"

#include <algorithm>

#include "conv_winograd.hpp"

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
        for (int oy = 0; oy < win.out.h; ++oy) {
            // One kernel position (ky, kx) for a whole output row at a time: c values per output pixel. For
            // c = 1 (the first layer) a copy call per kernel row (k floats) was most of this function's time,
            // in WebAssembly a lot more than the product that follows; a plain store per pixel is not.
            float* row = cols.row((Eigen::Index(img) * win.out.h + oy) * win.out.w).data();
            for (int ky = 0; ky < k; ++ky) {
                const int iy = oy * win.stride + ky - win.pad_top;
                const bool inside_y = iy >= 0 && iy < win.in.h;
                for (int kx = 0; kx < k; ++kx) {
                    float* dst = row + (ky * k + kx) * c;
                    const float* line = inside_y ? src + iy * win.in.w * c : src;
                    for (int ox = 0; ox < win.out.w; ++ox, dst += patch) {
                        const int ix = ox * win.stride + kx - win.pad_left;
                        const bool inside = inside_y && ix >= 0 && ix < win.in.w;
                        if (c == 1)
                            *dst = inside ? line[ix] : 0.0f;
                        else if (inside)
                            std::copy(line + ix * c, line + (ix + 1) * c, dst);
                        else
                            std::fill(dst, dst + c, 0.0f);
                    }
                }
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

void conv2d_im2col_forward(const Mat& x, const Window& win, const Mat& w, const RowVec& b, Mat& cols, Mat& y) {
    im2col(x, win, cols);
    // (N x OH*OW*F) and (N*OH*OW x F) are the same row-major buffer: the product is written straight into y.
    y.resize(x.rows(), win.out.size());
    Eigen::Map<Mat> y_rows(y.data(), cols.rows(), win.out.c);
    y_rows.noalias() = cols * w;
    y_rows.rowwise() += b;
}

void conv2d_im2col_backward(Mat& cols, const Window& win, const Mat& w, const Mat& dy, Mat& dw, RowVec& db, Mat* dx) {
    const Eigen::Map<const Mat> dy_rows(dy.data(), cols.rows(), win.out.c);
    dw.noalias() = cols.transpose() * dy_rows;
    db = dy_rows.colwise().sum();
    if (!dx) return;
    cols.noalias() = dy_rows * w.transpose();  // now the gradient columns (reads only dy and w)
    col2im(cols, win, int(dy.rows()), *dx);
}

void conv2d_forward(const Mat& x, const Window& win, const Mat& w, const RowVec& b, ConvWork& work, Mat& y) {
    if (const int block = winograd_block(win))
        winograd_forward(x, win, block, w, b, work, y);
    else
        conv2d_im2col_forward(x, win, w, b, work.cols, y);
}

void conv2d_backward(const Mat& x, ConvWork& work, const Window& win, const Mat& w, const Mat& dy, Mat& dw,
                     RowVec& db, Mat* dx) {
    if (const int block = winograd_block(win))
        winograd_backward(x, work, win, block, dy, dw, db, dx);
    else
        conv2d_im2col_backward(work.cols, win, w, dy, dw, db, dx);
}

void conv2d_init(Mat& w, RowVec& b, const Window& win, Rng& rng, Init init) {
    const int fan_in = win.kernel * win.kernel * win.in.c, fan_out = win.kernel * win.kernel * win.out.c;
    w.resize(fan_in, win.out.c);
    weights_init(w, fan_in, fan_out, init, rng);
    b = RowVec::Zero(win.out.c);
}

}  // namespace dl
