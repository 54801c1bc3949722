#include "conv_winograd.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace dl {

namespace {

// Winograd's F(m x m, 3x3): a tile of a x a inputs (a = m + 2) gives m x m outputs as A^T [(G g G^T) .
// (B^T d B)] A. The matrices are stored row-major: B^T is a x a, G is a x 3, A^T is m x a. They are template
// arguments, so that every coefficient is a constant where it is used (see vectors_combine).
struct F2 {
    static constexpr int m = 2, a = 4;
    static constexpr float bt[] = {1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 1, 0, 0, 1, 0, -1};
    static constexpr float g[] = {1, 0, 0, .5f, .5f, .5f, .5f, -.5f, .5f, 0, 0, 1};
    static constexpr float at[] = {1, 1, 1, 0, 0, 1, -1, -1};
};

// F(4x4, 3x3) as Lavin & Gray give it: interpolation points 0, +-1, +-2 and infinity.
struct F4 {
    static constexpr int m = 4, a = 6;
    static constexpr float bt[] = {4, 0, -5, 0, 1, 0,  0, -4, -4, 1, 1, 0,  0, 4, -4, -1, 1, 0,
                                   0, -2, -1, 2, 1, 0, 0, 2, -1, -2, 1, 0,  0, 4, 0, -5, 0, 1};
    static constexpr float g[] = {1 / 4.f, 0, 0, -1 / 6.f, -1 / 6.f, -1 / 6.f, -1 / 6.f, 1 / 6.f, -1 / 6.f,
                                  1 / 24.f, 1 / 12.f, 1 / 6.f, 1 / 24.f, -1 / 12.f, 1 / 6.f, 0, 0, 1};
    static constexpr float at[] = {1, 1, 1, 1, 1, 0,  0, 1, -1, 2, -2, 0,  0, 1, 1, 4, 4, 0,  0, 1, -1, 8, -8, 1};
};

constexpr int kMaxA = 6;

// The batch's m x m output blocks, one a x a input tile each; tile t = (image * down + ty) * across + tx.
struct Tiling {
    int down, across, count;
};

Tiling tiling_make(const Window& win, int m, int batch) {
    const int down = (win.out.h + m - 1) / m, across = (win.out.w + m - 1) / m;
    return {down, across, batch * down * across};
}

// Block e of a matrix stored as blocks of rows x cols, one after the other.
Eigen::Map<Mat> block_of(Mat& m, int e, Eigen::Index rows, Eigen::Index cols) {
    return Eigen::Map<Mat>(m.data() + e * rows * cols, rows, cols);
}

// [SECTION] The transforms. Each is out = M in M^T over a grid of vectors: in HWC rows a pixel's channels are
// contiguous, and so are a tile element's in V, U and M, so every step works on whole vectors at once.

// A small constant matrix, Rows x Cols as it is applied: the stored one (row-major) or its transpose.
template <const float* M, int Rows, int Cols, bool Transposed>
struct Coeffs {
    static constexpr int rows = Rows, cols = Cols;
    static constexpr float at(int i, int k) { return Transposed ? M[k * Rows + i] : M[i * Cols + k]; }
};

// The term M(I, K) p[j]. A zero coefficient gives -0, which the compiler drops from a sum (x + -0 is x for
// every x, +0 is not); 1 and -1 need no multiplication.
template <typename Matrix, int I, int K>
inline float term(const float* p, int j) {
    constexpr float c = Matrix::at(I, K);
    if constexpr (c == 0) return -0.f;
    else if constexpr (c == 1) return p[j];
    else if constexpr (c == -1) return -p[j];
    else return c * p[j];
}

// out = (or += with Add) sum_k M(I, k) in[k] for vectors of n floats, in one pass over them.
template <typename Matrix, bool Add, int I, int... K>
inline void row_combine(const float* const* in, float* out, int n, std::integer_sequence<int, K...>) {
    const float* p[] = {in[K]...};
    for (int j = 0; j < n; ++j) {
        const float s = (term<Matrix, I, K>(p[K], j) + ...);
        out[j] = Add ? out[j] + s : s;
    }
}

// out[i] (+)= sum_k M(i, k) in[k] for every row i whose out[i] is not null.
template <typename Matrix, bool Add, int... I>
void vectors_combine(const float* const* in, float* const* out, int n, std::integer_sequence<int, I...>) {
    ((out[I] ? row_combine<Matrix, Add, I>(in, out[I], n, std::make_integer_sequence<int, Matrix::cols>{}) : void()),
     ...);
}

// out = M in M^T (or += with Add), in a grid of cols x cols vectors (in[k * cols + l]) and out one of rows x
// rows (null entries skipped). scratch holds rows x cols vectors of n floats.
template <typename Matrix, bool Add>
void grid_transform(const float* const* in, float* const* out, int n, float* scratch) {
    constexpr int rows = Matrix::rows, cols = Matrix::cols;
    const auto each_row = std::make_integer_sequence<int, rows>{};
    const float* column_in[kMaxA];
    float* column_out[kMaxA];
    for (int l = 0; l < cols; ++l) {  // scratch = M in, a column at a time
        for (int k = 0; k < cols; ++k) column_in[k] = in[k * cols + l];
        for (int i = 0; i < rows; ++i) column_out[i] = scratch + (i * cols + l) * n;
        vectors_combine<Matrix, false>(column_in, column_out, n, each_row);
    }
    for (int i = 0; i < rows; ++i) {  // out = scratch M^T, a row at a time
        for (int l = 0; l < cols; ++l) column_in[l] = scratch + (i * cols + l) * n;
        vectors_combine<Matrix, Add>(column_in, out + i * rows, n, each_row);
    }
}

// The addresses of grid element e at base + e * stride, for e < count.
template <typename T>
void grid_addresses(T* base, Eigen::Index stride, int count, T** p) {
    for (int e = 0; e < count; ++e) p[e] = base + e * stride;
}

// v = B^T d B for one tile, whose input pixels are d[e] (a vector of zeros for padding); v's elements are
// `block` apart.
template <typename K>
void tile_input_transform(const float* const* d, float* v, Eigen::Index block, int c, float* t) {
    float* out[K::a * K::a];
    grid_addresses(v, block, K::a * K::a, out);
    grid_transform<Coeffs<K::bt, K::a, K::a, false>, false>(d, out, c, t);
}

// dd = B dv B^T for one tile (the transpose of tile_input_transform), added to the input pixels dx[e] that
// are inside the image (null for padding).
template <typename K>
void tile_input_transform_backward(const float* dv, Eigen::Index block, float* const* dx, int c, float* t) {
    const float* in[K::a * K::a];
    grid_addresses(dv, block, K::a * K::a, in);
    grid_transform<Coeffs<K::bt, K::a, K::a, true>, true>(in, dx, c, t);
}

// The m x m outputs A^T m A + b of one tile, stored where y[e] is not null (past the image's edge it is).
template <typename K>
void tile_output_transform(const float* m, Eigen::Index block, const RowVec& b, float* const* y, int f, float* t) {
    const float* in[K::a * K::a];
    grid_addresses(m, block, K::a * K::a, in);
    grid_transform<Coeffs<K::at, K::m, K::a, false>, false>(in, y, f, t);
    for (int e = 0; e < K::m * K::m; ++e)
        if (y[e]) Eigen::Map<Eigen::ArrayXf>(y[e], f) += b.array().transpose();
}

// dm = A dy A^T for one tile (the transpose of tile_output_transform), dy[e] a vector of zeros for outputs
// outside the image.
template <typename K>
void tile_output_transform_backward(const float* const* dy, float* dm, Eigen::Index block, int f, float* t) {
    float* out[K::a * K::a];
    grid_addresses(dm, block, K::a * K::a, out);
    grid_transform<Coeffs<K::at, K::a, K::m, true>, false>(dy, out, f, t);
}

// U (a*a blocks of C x F) = G g G^T for every input channel, a vector of F filters at a time: w's rows
// (ky * 3 + kx) * C + c are the filters' weights for one kernel position and channel. Small next to the
// products (C * F * 9 values).
template <typename K>
void weights_transform(const Mat& w, int c, int f, Mat& u) {
    u.resize(Eigen::Index(K::a) * K::a * c, f);
    const Eigen::Index block = Eigen::Index(c) * f;
    std::vector<float> scratch(size_t(K::a) * 3 * f);
    const float* g[9];
    float* out[K::a * K::a];
    for (int ch = 0; ch < c; ++ch) {
        for (int i = 0; i < 9; ++i) g[i] = w.row(i * c + ch).data();
        grid_addresses(u.data() + Eigen::Index(ch) * f, block, K::a * K::a, out);
        grid_transform<Coeffs<K::g, K::a, 3, false>, false>(g, out, f, scratch.data());
    }
}

// dw (rows (ky * 3 + kx) * C + c) = G^T du G, the transpose of weights_transform.
template <typename K>
void weights_transform_backward(const Mat& du, int c, int f, Mat& dw) {
    dw.resize(9 * c, f);
    const Eigen::Index block = Eigen::Index(c) * f;
    std::vector<float> scratch(size_t(K::a) * 3 * f);
    const float* in[K::a * K::a];
    float* out[9];
    for (int ch = 0; ch < c; ++ch) {
        grid_addresses(du.data() + Eigen::Index(ch) * f, block, K::a * K::a, in);
        for (int i = 0; i < 9; ++i) out[i] = dw.row(i * c + ch).data();
        grid_transform<Coeffs<K::g, 3, K::a, true>, false>(in, out, f, scratch.data());
    }
}

// [SECTION] Tile geometry

// The addresses of tile (ty, tx)'s a x a input pixels in image `img` (HWC), or `outside` for padding.
template <typename K, typename T>
void tile_pixels(T* img, const Window& win, int ty, int tx, T* outside, T** p) {
    const int c = win.in.c;
    for (int i = 0; i < K::a; ++i) {
        const int iy = K::m * ty + i - win.pad_top;
        for (int j = 0; j < K::a; ++j) {
            const int ix = K::m * tx + j - win.pad_left;
            const bool inside = iy >= 0 && iy < win.in.h && ix >= 0 && ix < win.in.w;
            p[K::a * i + j] = inside ? img + (Eigen::Index(iy) * win.in.w + ix) * c : outside;
        }
    }
}

// The addresses of tile (ty, tx)'s m x m outputs in image `img` (HWC), or `outside` past the image's edge.
template <typename K, typename T>
void tile_outputs(T* img, const Window& win, int ty, int tx, T* outside, T** p) {
    for (int i = 0; i < K::m; ++i)
        for (int j = 0; j < K::m; ++j) {
            const int oy = K::m * ty + i, ox = K::m * tx + j;
            const bool inside = oy < win.out.h && ox < win.out.w;
            p[K::m * i + j] = inside ? img + (Eigen::Index(oy) * win.out.w + ox) * win.out.c : outside;
        }
}

// Tiles are transformed, multiplied and transformed back a chunk at a time, so that a chunk's V and M stay in
// the core's cache between the passes: a whole batch's would be tens of MB (a*a values per tile and
// channel), and the passes would then run at memory speed. Backward recomputes the chunk's V from the input
// instead of keeping the batch's.
template <typename K>
int chunk_tiles(int c, int f) {
    constexpr int kChunkBytes = 512 * 1024;
    return std::clamp(kChunkBytes / (K::a * K::a * int(sizeof(float)) * (c + f)), 16, 256);
}

// The tile's image and position in it.
struct TileAt {
    int img, ty, tx;
};

TileAt tile_at(const Tiling& t, int tile) {
    const int per_image = t.down * t.across;
    return {tile / per_image, tile % per_image / t.across, tile % t.across};
}

// V of tiles [first, first + count) of the batch x, into v (a*a blocks of count x C).
template <typename K>
void chunk_input_transform(const Mat& x, const Window& win, const Tiling& t, int first, int count,
                           Mat& v, const float* zeros, float* scratch) {
    const int c = win.in.c;
    v.resize(Eigen::Index(K::a) * K::a * count, c);
    const float* pixels[kMaxA * kMaxA];
    for (int i = 0; i < count; ++i) {
        const TileAt at = tile_at(t, first + i);
        tile_pixels<K>(x.row(at.img).data(), win, at.ty, at.tx, zeros, pixels);
        tile_input_transform<K>(pixels, v.data() + Eigen::Index(i) * c, Eigen::Index(count) * c, c, scratch);
    }
}

template <typename K>
void winograd_forward_with(const Mat& x, const Window& win, const Mat& w, const RowVec& b, ConvWork& work, Mat& y) {
    const int batch = int(x.rows()), c = win.in.c, f = win.out.c, elems = K::a * K::a;
    const Tiling t = tiling_make(win, K::m, batch);
    const int chunk = chunk_tiles<K>(c, f);
    const std::vector<float> zeros(c, 0.f);
    std::vector<float> scratch(size_t(elems) * std::max(c, f));
    weights_transform<K>(w, c, f, work.u);
    y.resize(batch, win.out.size());
    float* outputs[kMaxA * kMaxA];
    for (int first = 0; first < t.count; first += chunk) {
        const int count = std::min(chunk, t.count - first);
        chunk_input_transform<K>(x, win, t, first, count, work.cols, zeros.data(), scratch.data());
        work.m.resize(Eigen::Index(elems) * count, f);
        for (int e = 0; e < elems; ++e)
            block_of(work.m, e, count, f).noalias() = block_of(work.cols, e, count, c) * block_of(work.u, e, c, f);
        for (int i = 0; i < count; ++i) {
            const TileAt at = tile_at(t, first + i);
            tile_outputs<K, float>(y.row(at.img).data(), win, at.ty, at.tx, nullptr, outputs);
            tile_output_transform<K>(work.m.data() + Eigen::Index(i) * f, Eigen::Index(count) * f, b, outputs, f,
                                  scratch.data());
        }
    }
}

template <typename K>
void winograd_backward_with(const Mat& x, ConvWork& work, const Window& win, const Mat& dy, Mat& dw, RowVec& db,
                            Mat* dx) {
    const int batch = int(dy.rows()), c = win.in.c, f = win.out.c, elems = K::a * K::a;
    const Tiling t = tiling_make(win, K::m, batch);
    const int chunk = chunk_tiles<K>(c, f);
    const std::vector<float> zeros(std::max(c, f), 0.f);
    std::vector<float> scratch(size_t(elems) * std::max(c, f));
    db = Eigen::Map<const Mat>(dy.data(), Eigen::Index(batch) * win.out.h * win.out.w, f).colwise().sum();
    Mat du = Mat::Zero(Eigen::Index(elems) * c, f);
    if (dx) dx->setZero(batch, win.in.size());
    const float* grads[kMaxA * kMaxA];
    float* pixels[kMaxA * kMaxA];
    for (int first = 0; first < t.count; first += chunk) {
        const int count = std::min(chunk, t.count - first);
        const Eigen::Index m_block = Eigen::Index(count) * f, v_block = Eigen::Index(count) * c;
        chunk_input_transform<K>(x, win, t, first, count, work.cols, zeros.data(), scratch.data());
        work.m.resize(Eigen::Index(elems) * count, f);
        for (int i = 0; i < count; ++i) {
            const TileAt at = tile_at(t, first + i);
            tile_outputs<K>(dy.row(at.img).data(), win, at.ty, at.tx, zeros.data(), grads);
            tile_output_transform_backward<K>(grads, work.m.data() + Eigen::Index(i) * f, m_block, f, scratch.data());
        }
        for (int e = 0; e < elems; ++e)
            block_of(du, e, c, f).noalias() += block_of(work.cols, e, count, c).transpose() * block_of(work.m, e, count, f);
        if (!dx) continue;
        for (int e = 0; e < elems; ++e)  // the chunk's V is used up: cols now holds its gradient
            block_of(work.cols, e, count, c).noalias() = block_of(work.m, e, count, f) * block_of(work.u, e, c, f).transpose();
        for (int i = 0; i < count; ++i) {
            const TileAt at = tile_at(t, first + i);
            tile_pixels<K, float>(dx->row(at.img).data(), win, at.ty, at.tx, nullptr, pixels);
            tile_input_transform_backward<K>(work.cols.data() + Eigen::Index(i) * c, v_block, pixels, c, scratch.data());
        }
    }
    weights_transform_backward<K>(du, c, f, dw);
}

}  // namespace

int winograd_block(const Window& win) {
    if (win.kernel != 3 || win.stride != 1 || win.in.c < 8) return 0;
    // The share of the blocks' outputs that fall inside the image: every block costs its whole tile.
    const auto fill = [&](int m) {
        const int blocks = ((win.out.h + m - 1) / m) * ((win.out.w + m - 1) / m);
        return double(win.out.h) * win.out.w / (double(blocks) * m * m);
    };
    if (fill(4) >= 0.75) return 4;
    return fill(2) >= 0.75 ? 2 : 0;
}

void winograd_forward(const Mat& x, const Window& win, int block, const Mat& w, const RowVec& b, ConvWork& work,
                      Mat& y) {
    if (block == 4) winograd_forward_with<F4>(x, win, w, b, work, y);
    else winograd_forward_with<F2>(x, win, w, b, work, y);
}

void winograd_backward(const Mat& x, ConvWork& work, const Window& win, int block, const Mat& dy, Mat& dw,
                       RowVec& db, Mat* dx) {
    if (block == 4) winograd_backward_with<F4>(x, work, win, dy, dw, db, dx);
    else winograd_backward_with<F2>(x, work, win, dy, dw, db, dx);
}

}  // namespace dl
