#include "dataset.hpp"

#include "rng.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace dl {

namespace {
// One image's bytes as floats in [0, 1]. For WebAssembly, LLVM vectorized the plain loop by loading the bytes
// one at a time and inserting them lane by lane; widened 16 at a time from one load, 64 images took 16 us
// instead of 21 in V8. Natively the compilers widen the plain loop well themselves.
void image_to_floats(const uint8_t* src, float* dst) {
    const float scale = 1.0f / 255.0f;
#if defined(__wasm_simd128__)
    static_assert(kImageSize % 16 == 0, "whole 16-byte blocks");
    const v128_t vscale = wasm_f32x4_splat(scale);
    const auto store = [&](float* out, v128_t u32) {
        wasm_v128_store(out, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(u32), vscale));
    };
    for (int j = 0; j < kImageSize; j += 16) {
        const v128_t bytes = wasm_v128_load(src + j);
        const v128_t lo = wasm_u16x8_extend_low_u8x16(bytes), hi = wasm_u16x8_extend_high_u8x16(bytes);
        store(dst + j, wasm_u32x4_extend_low_u16x8(lo));
        store(dst + j + 4, wasm_u32x4_extend_high_u16x8(lo));
        store(dst + j + 8, wasm_u32x4_extend_low_u16x8(hi));
        store(dst + j + 12, wasm_u32x4_extend_high_u16x8(hi));
    }
#else
    for (int j = 0; j < kImageSize; ++j) dst[j] = src[j] * scale;
#endif
}
}  // namespace

std::array<int, kClasses> dataset_class_counts(const Dataset& data) {
    std::array<int, kClasses> counts{};
    for (uint8_t label : data.labels) ++counts[label];
    return counts;
}

void dataset_gather(const Dataset& data, const int* rows, int count, Mat& x) {
    x.resize(count, kImageSize);
    // The rows are scattered over tens of megabytes. Touching each of their cache lines first (volatile: the
    // reads are kept) issues the misses independently of one another, so the memory system overlaps them,
    // before the conversion reads the lines. In WebAssembly the gather of 64 rows went from 47-63 us to
    // 29-45 us.
    for (int i = 0; i < count; ++i) {
        const volatile uint8_t* src = data.image(rows[i]);
        for (int j = 0; j < kImageSize; j += 64) (void)src[j];
    }
    for (int i = 0; i < count; ++i) image_to_floats(data.image(rows[i]), x.row(i).data());
}

void dataset_split(int rows, float val_fraction, uint64_t seed, std::vector<int>& train, std::vector<int>& val) {
    std::vector<int> all(rows);
    for (int i = 0; i < rows; ++i) all[i] = i;
    Rng rng(seed ^ 0x5EEDDA7Aull);
    rng.shuffle(all);
    const int n_val = int(rows * double(val_fraction) + 0.5);
    val.assign(all.end() - n_val, all.end());
    train.assign(all.begin(), all.end() - n_val);
}

}  // namespace dl
