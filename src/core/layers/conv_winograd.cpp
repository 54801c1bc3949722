#include "conv_winograd.hpp"

#include <algorithm>
#include <vector>

namespace dl {

namespace {

constexpr int kElems = 16;  // a 4x4 tile; element e = 4 * row + column

// The batch's 2x2 output blocks, one 4x4 input tile each; tile t = (image * down + ty) * across + tx.
struct Tiling {
    int down, across, count;
};

Tiling tiling_make(const Window& win, int batch) {
    const int down = (win.out.h + 1) / 2, across = (win.out.w + 1) / 2;
    return {down, across, batch * down * across};
}

using Values = Eigen::Map<const Eigen::ArrayXf>;
using ValuesOut = Eigen::Map<Eigen::ArrayXf>;

// Block e of a matrix stored as 16 blocks of rows x cols, one after the other.
Eigen::Map<Mat> block_of(Mat& m, int e, Eigen::Index rows, Eigen::Index cols) {
    return Eigen::Map<Mat>(m.data() + e * rows * cols, rows, cols);
}

// [SECTION] The transforms. Each works on whole vectors of channels (or filters) at once: in HWC rows a
// pixel's channels are contiguous, and so are a tile element's in V, U and M.

// v[e] = (B^T d B)[e] for one tile, whose 16 input pixels are d[e] (a vector of zeros for padding).
void tile_input_transform(const float* const* d, float* v, Eigen::Index block, int c, float* t) {
    for (int j = 0; j < 4; ++j) {
        const Values d0(d[j], c), d1(d[4 + j], c), d2(d[8 + j], c), d3(d[12 + j], c);
        ValuesOut(t + j * c, c) = d0 - d2;
        ValuesOut(t + (4 + j) * c, c) = d1 + d2;
        ValuesOut(t + (8 + j) * c, c) = d2 - d1;
        ValuesOut(t + (12 + j) * c, c) = d1 - d3;
    }
    for (int i = 0; i < 4; ++i) {
        const Values r0(t + 4 * i * c, c), r1(t + (4 * i + 1) * c, c), r2(t + (4 * i + 2) * c, c),
            r3(t + (4 * i + 3) * c, c);
        ValuesOut(v + (4 * i) * block, c) = r0 - r2;
        ValuesOut(v + (4 * i + 1) * block, c) = r1 + r2;
        ValuesOut(v + (4 * i + 2) * block, c) = r2 - r1;
        ValuesOut(v + (4 * i + 3) * block, c) = r1 - r3;
    }
}

// dd = B dv B^T for one tile (the transpose of tile_input_transform), added to the input pixels dx[e] that
// are inside the image (null for padding).
void tile_input_transform_backward(const float* dv, Eigen::Index block, float* const* dx, int c, float* q) {
    for (int j = 0; j < 4; ++j) {
        const Values v0(dv + j * block, c), v1(dv + (4 + j) * block, c), v2(dv + (8 + j) * block, c),
            v3(dv + (12 + j) * block, c);
        ValuesOut(q + j * c, c) = v0;
        ValuesOut(q + (4 + j) * c, c) = v1 - v2 + v3;
        ValuesOut(q + (8 + j) * c, c) = v1 + v2 - v0;
        ValuesOut(q + (12 + j) * c, c) = -v3;
    }
    for (int i = 0; i < 4; ++i) {
        const Values r0(q + 4 * i * c, c), r1(q + (4 * i + 1) * c, c), r2(q + (4 * i + 2) * c, c),
            r3(q + (4 * i + 3) * c, c);
        if (dx[4 * i]) ValuesOut(dx[4 * i], c) += r0;
        if (dx[4 * i + 1]) ValuesOut(dx[4 * i + 1], c) += r1 - r2 + r3;
        if (dx[4 * i + 2]) ValuesOut(dx[4 * i + 2], c) += r1 + r2 - r0;
        if (dx[4 * i + 3]) ValuesOut(dx[4 * i + 3], c) -= r3;
    }
}

// The 2x2 outputs A^T m A + b of one tile, stored where y[k] is not null (past the image's edge it is).
void tile_output_transform(const float* m, Eigen::Index block, const RowVec& b, float* const* y, int f, float* r) {
    for (int j = 0; j < 4; ++j) {
        const Values m0(m + j * block, f), m1(m + (4 + j) * block, f), m2(m + (8 + j) * block, f),
            m3(m + (12 + j) * block, f);
        ValuesOut(r + j * f, f) = m0 + m1 + m2;
        ValuesOut(r + (4 + j) * f, f) = m1 - m2 - m3;
    }
    const Values bias(b.data(), f);
    for (int i = 0; i < 2; ++i) {
        const Values r0(r + 4 * i * f, f), r1(r + (4 * i + 1) * f, f), r2(r + (4 * i + 2) * f, f),
            r3(r + (4 * i + 3) * f, f);
        if (y[2 * i]) ValuesOut(y[2 * i], f) = r0 + r1 + r2 + bias;
        if (y[2 * i + 1]) ValuesOut(y[2 * i + 1], f) = r1 - r2 - r3 + bias;
    }
}

// dm = A dy A^T for one tile (the transpose of tile_output_transform), dy[k] a vector of zeros for outputs
// outside the image.
void tile_output_transform_backward(const float* const* dy, float* dm, Eigen::Index block, int f, float* s) {
    for (int j = 0; j < 2; ++j) {
        const Values d0(dy[j], f), d1(dy[2 + j], f);
        ValuesOut(s + j * f, f) = d0;
        ValuesOut(s + (2 + j) * f, f) = d0 + d1;
        ValuesOut(s + (4 + j) * f, f) = d0 - d1;
        ValuesOut(s + (6 + j) * f, f) = -d1;
    }
    for (int i = 0; i < 4; ++i) {
        const Values s0(s + 2 * i * f, f), s1(s + (2 * i + 1) * f, f);
        ValuesOut(dm + (4 * i) * block, f) = s0;
        ValuesOut(dm + (4 * i + 1) * block, f) = s0 + s1;
        ValuesOut(dm + (4 * i + 2) * block, f) = s0 - s1;
        ValuesOut(dm + (4 * i + 3) * block, f) = -s1;
    }
}

// G a for a = (a0, a1, a2): the 4 values of one row or column of G g G^T.
void g_apply(const float* a, int stride, float* out, int out_stride) {
    out[0] = a[0];
    out[out_stride] = 0.5f * (a[0] + a[stride] + a[2 * stride]);
    out[2 * out_stride] = 0.5f * (a[0] - a[stride] + a[2 * stride]);
    out[3 * out_stride] = a[2 * stride];
}

// G^T a for a = (a0..a3), the transpose of g_apply.
void g_transpose_apply(const float* a, int stride, float* out, int out_stride) {
    out[0] = a[0] + 0.5f * (a[stride] + a[2 * stride]);
    out[out_stride] = 0.5f * (a[stride] - a[2 * stride]);
    out[2 * out_stride] = 0.5f * (a[stride] + a[2 * stride]) + a[3 * stride];
}

// U (16 blocks of C x F) = G g G^T for every (channel, filter) pair of w (rows (ky * 3 + kx) * C + c).
// Small next to the products (C * F * 9 values), so plain loops.
void weights_transform(const Mat& w, int c, int f, Mat& u) {
    u.resize(Eigen::Index(kElems) * c, f);
    const Eigen::Index block = Eigen::Index(c) * f;
    float g[9], half[12], out[16];
    for (int ch = 0; ch < c; ++ch)
        for (int k = 0; k < f; ++k) {
            for (int i = 0; i < 9; ++i) g[i] = w(i * c + ch, k);
            for (int kx = 0; kx < 3; ++kx) g_apply(g + kx, 3, half + kx, 3);  // columns: half is 4 x 3
            for (int i = 0; i < 4; ++i) g_apply(half + 3 * i, 1, out + 4 * i, 1);
            for (int e = 0; e < kElems; ++e) u.data()[e * block + Eigen::Index(ch) * f + k] = out[e];
        }
}

// dw (rows (ky * 3 + kx) * C + c) = G^T du G, the transpose of weights_transform.
void weights_transform_backward(const Mat& du, int c, int f, Mat& dw) {
    dw.resize(9 * c, f);
    const Eigen::Index block = Eigen::Index(c) * f;
    float d[16], half[12], out[9];
    for (int ch = 0; ch < c; ++ch)
        for (int k = 0; k < f; ++k) {
            for (int e = 0; e < kElems; ++e) d[e] = du.data()[e * block + Eigen::Index(ch) * f + k];
            for (int j = 0; j < 4; ++j) g_transpose_apply(d + j, 4, half + j, 4);  // columns: half is 3 x 4
            for (int i = 0; i < 3; ++i) g_transpose_apply(half + 4 * i, 1, out + 3 * i, 1);
            for (int i = 0; i < 9; ++i) dw(i * c + ch, k) = out[i];
        }
}

// [SECTION] Tile geometry

// The addresses of tile (ty, tx)'s 16 input pixels in image `img` (HWC), or `outside` for padding.
template <typename T>
void tile_pixels(T* img, const Window& win, int ty, int tx, T* outside, T** p) {
    const int c = win.in.c;
    for (int i = 0; i < 4; ++i) {
        const int iy = 2 * ty + i - win.pad_top;
        for (int j = 0; j < 4; ++j) {
            const int ix = 2 * tx + j - win.pad_left;
            const bool inside = iy >= 0 && iy < win.in.h && ix >= 0 && ix < win.in.w;
            p[4 * i + j] = inside ? img + (Eigen::Index(iy) * win.in.w + ix) * c : outside;
        }
    }
}

// The addresses of tile (ty, tx)'s 2x2 outputs in image `img` (HWC), or `outside` past the image's edge.
template <typename T>
void tile_outputs(T* img, const Window& win, int ty, int tx, T* outside, T** p) {
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) {
            const int oy = 2 * ty + i, ox = 2 * tx + j;
            const bool inside = oy < win.out.h && ox < win.out.w;
            p[2 * i + j] = inside ? img + (Eigen::Index(oy) * win.out.w + ox) * win.out.c : outside;
        }
}

// Tiles are transformed, multiplied and transformed back a chunk at a time, so that a chunk's V and M stay in
// the core's cache between the passes: a whole batch's would be tens of MB (16 values per tile and channel),
// and the passes would then run at memory speed. Backward recomputes the chunk's V from the input instead
// of keeping the batch's.
int chunk_tiles(int c, int f) {
    constexpr int kChunkBytes = 512 * 1024;
    return std::clamp(kChunkBytes / (kElems * int(sizeof(float)) * (c + f)), 16, 256);
}

// V of tiles [first, first + count) of the batch x, into v (16 blocks of count x C).
void chunk_input_transform(const Mat& x, const Window& win, const Tiling& t, int first, int count, Mat& v,
                           const float* zeros, float* scratch) {
    const int c = win.in.c, per_image = t.down * t.across;
    v.resize(Eigen::Index(kElems) * count, c);
    const float* pixels[kElems];
    for (int i = 0; i < count; ++i) {
        const int tile = first + i, img = tile / per_image, ty = tile % per_image / t.across, tx = tile % t.across;
        tile_pixels(x.row(img).data(), win, ty, tx, zeros, pixels);
        tile_input_transform(pixels, v.data() + Eigen::Index(i) * c, Eigen::Index(count) * c, c, scratch);
    }
}

}  // namespace

bool winograd_fits(const Window& win) {
    if (win.kernel != 3 || win.stride != 1 || win.in.c < 8) return false;
    // 16 products per 2x2 block against the direct convolution's 9 per output.
    const int blocks = ((win.out.h + 1) / 2) * ((win.out.w + 1) / 2);
    return 16.0 * blocks <= 0.6 * 9.0 * win.out.h * win.out.w;
}

void winograd_forward(const Mat& x, const Window& win, const Mat& w, const RowVec& b, ConvWork& work, Mat& y) {
    const int batch = int(x.rows()), c = win.in.c, f = win.out.c;
    const Tiling t = tiling_make(win, batch);
    const int per_image = t.down * t.across, chunk = chunk_tiles(c, f);
    const std::vector<float> zeros(c, 0.f);
    std::vector<float> scratch(size_t(kElems) * std::max(c, f));
    weights_transform(w, c, f, work.u);
    y.resize(batch, win.out.size());
    float* outputs[4];
    for (int first = 0; first < t.count; first += chunk) {
        const int count = std::min(chunk, t.count - first);
        chunk_input_transform(x, win, t, first, count, work.cols, zeros.data(), scratch.data());
        work.m.resize(Eigen::Index(kElems) * count, f);
        for (int e = 0; e < kElems; ++e)
            block_of(work.m, e, count, f).noalias() = block_of(work.cols, e, count, c) * block_of(work.u, e, c, f);
        for (int i = 0; i < count; ++i) {
            const int tile = first + i, img = tile / per_image, ty = tile % per_image / t.across, tx = tile % t.across;
            tile_outputs<float>(y.row(img).data(), win, ty, tx, nullptr, outputs);
            tile_output_transform(work.m.data() + Eigen::Index(i) * f, Eigen::Index(count) * f, b, outputs, f,
                                  scratch.data());
        }
    }
}

void winograd_backward(const Mat& x, ConvWork& work, const Window& win, const Mat& dy, Mat& dw, RowVec& db,
                       Mat* dx) {
    const int batch = int(dy.rows()), c = win.in.c, f = win.out.c;
    const Tiling t = tiling_make(win, batch);
    const int per_image = t.down * t.across, chunk = chunk_tiles(c, f);
    const std::vector<float> zeros(std::max(c, f), 0.f);
    std::vector<float> scratch(size_t(kElems) * std::max(c, f));
    db = Eigen::Map<const Mat>(dy.data(), Eigen::Index(batch) * win.out.h * win.out.w, f).colwise().sum();
    Mat du = Mat::Zero(Eigen::Index(kElems) * c, f);
    if (dx) dx->setZero(batch, win.in.size());
    const float* grads[4];
    float* pixels[kElems];
    for (int first = 0; first < t.count; first += chunk) {
        const int count = std::min(chunk, t.count - first);
        const Eigen::Index m_block = Eigen::Index(count) * f, v_block = Eigen::Index(count) * c;
        chunk_input_transform(x, win, t, first, count, work.cols, zeros.data(), scratch.data());
        work.m.resize(Eigen::Index(kElems) * count, f);
        for (int i = 0; i < count; ++i) {
            const int tile = first + i, img = tile / per_image, ty = tile % per_image / t.across, tx = tile % t.across;
            tile_outputs(dy.row(img).data(), win, ty, tx, zeros.data(), grads);
            tile_output_transform_backward(grads, work.m.data() + Eigen::Index(i) * f, m_block, f, scratch.data());
        }
        for (int e = 0; e < kElems; ++e)
            block_of(du, e, c, f).noalias() += block_of(work.cols, e, count, c).transpose() * block_of(work.m, e, count, f);
        if (!dx) continue;
        for (int e = 0; e < kElems; ++e)  // the chunk's V is used up: cols now holds its gradient
            block_of(work.cols, e, count, c).noalias() = block_of(work.m, e, count, f) * block_of(work.u, e, c, f).transpose();
        for (int i = 0; i < count; ++i) {
            const int tile = first + i, img = tile / per_image, ty = tile % per_image / t.across, tx = tile % t.across;
            tile_pixels<float>(dx->row(img).data(), win, ty, tx, nullptr, pixels);
            tile_input_transform_backward(work.cols.data() + Eigen::Index(i) * c, v_block, pixels, c, scratch.data());
        }
    }
    weights_transform_backward(du, c, f, dw);
}

}  // namespace dl
