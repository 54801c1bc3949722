#include "product.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

#include <utility>
#endif

namespace dl {

namespace {

#if defined(__wasm_simd128__)

// A row of the narrow operand as NV vectors of 4 floats, the last of which holds TAIL (1-4) floats: the
// rows are packed (10 floats apart), so a whole-vector load would read the next row, or past the matrix.
template <int NV, int TAIL>
v128_t lanes_load(const float* p, int j) {
    if (j < NV - 1 || TAIL == 4) return wasm_v128_load(p + 4 * j);
    if (TAIL == 1) return wasm_v128_load32_zero(p + 4 * j);
    if (TAIL == 2) return wasm_v128_load64_zero(p + 4 * j);
    return wasm_v128_load32_lane(p + 4 * j + 2, wasm_v128_load64_zero(p + 4 * j), 2);
}

template <int NV, int TAIL>
void lanes_store(float* p, int j, v128_t v) {
    if (j < NV - 1 || TAIL == 4) return wasm_v128_store(p + 4 * j, v);
    if (TAIL == 1) return wasm_v128_store32_lane(p + 4 * j, v, 0);
    wasm_v128_store64_lane(p + 4 * j, v, 0);
    if (TAIL == 3) wasm_v128_store32_lane(p + 4 * j + 2, v, 2);
}

// Rows r0..r0+RB-1 of out (R x N) = S (R x K) V (K x N), where S[r][k] = s[r * sr + k * sk]: both a and a^T
// are read in place. Each step of k broadcasts one value of S per row and multiplies it with V's row k.
template <int RB, int NV, int TAIL>
void rows_multiply(const float* s, long sr, long sk, const float* v, float* out, int r0, int k_count) {
    constexpr int n = 4 * (NV - 1) + TAIL;
    v128_t acc[RB][NV];
    for (auto& row : acc)
        for (auto& a : row) a = wasm_f32x4_splat(0.0f);
    const float* s0 = s + r0 * sr;
    for (int k = 0; k < k_count; ++k) {
        v128_t vk[NV];
        for (int j = 0; j < NV; ++j) vk[j] = lanes_load<NV, TAIL>(v + long(k) * n, j);
        for (int r = 0; r < RB; ++r) {
            const v128_t x = wasm_v128_load32_splat(s0 + r * sr + k * sk);
            for (int j = 0; j < NV; ++j) acc[r][j] = wasm_f32x4_add(acc[r][j], wasm_f32x4_mul(x, vk[j]));
        }
    }
    for (int r = 0; r < RB; ++r)
        for (int j = 0; j < NV; ++j) lanes_store<NV, TAIL>(out + long(r0 + r) * n, j, acc[r][j]);
}

template <int N>
void narrow_multiply(const float* s, long sr, long sk, const float* v, float* out, int rows, int k_count) {
    // rb rows at a time: rb * nv accumulators, nv vectors of V's row and two temporaries fit in the 16 SIMD
    // registers of x86-64 (V8's target here); 4 rows of 10 columns (17 registers) spilled, no faster than Eigen.
    constexpr int nv = (N + 3) / 4, tail = N - 4 * (nv - 1), rb = 10 / nv;
    int r = 0;
    for (; r + rb <= rows; r += rb) rows_multiply<rb, nv, tail>(s, sr, sk, v, out, r, k_count);
    for (; r < rows; ++r) rows_multiply<1, nv, tail>(s, sr, sk, v, out, r, k_count);
}

using NarrowMultiply = void (*)(const float*, long, long, const float*, float*, int, int);

template <int... N>
NarrowMultiply narrow_kernel(int n, std::integer_sequence<int, N...>) {
    static constexpr NarrowMultiply kernels[] = {narrow_multiply<N + 1>...};
    return kernels[n - 1];
}

// out (rows x v.cols()) = S v, S given as in rows_multiply; false (nothing done) when v is too wide.
bool narrow_product(const float* s, long sr, long sk, int rows, const Mat& v, Mat& out) {
    const int n = int(v.cols());
    if (n < 1 || n > kNarrowColumns) return false;
    out.resize(rows, n);
    narrow_kernel(n, std::make_integer_sequence<int, kNarrowColumns>{})(s, sr, sk, v.data(), out.data(), rows,
                                                                         int(v.rows()));
    return true;
}

#else

// Without WebAssembly SIMD every product is Eigen's.
bool narrow_product(const float*, long, long, int, const Mat&, Mat&) { return false; }

#endif

}  // namespace

void product(const Mat& a, const Mat& b, Mat& out) {
    if (!narrow_product(a.data(), a.cols(), 1, int(a.rows()), b, out)) out.noalias() = a * b;
}

void product_at(const Mat& a, const Mat& b, Mat& out) {
    if (!narrow_product(a.data(), 1, a.cols(), int(a.cols()), b, out)) out.noalias() = a.transpose() * b;
}

}  // namespace dl
