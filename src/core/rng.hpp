// A small deterministic random generator (xoshiro128+ seeded by splitmix64). The standard distributions
// differ between libstdc++ and libc++, so native and WASM builds would draw different numbers; these do not.
#pragma once
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace dl {

class Rng {
public:
    explicit Rng(uint64_t seed = 1) { rng_seed(seed); }

    void rng_seed(uint64_t seed) {
        for (uint32_t& s : s_) {
            seed += 0x9E3779B97F4A7C15ull;
            uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            s = uint32_t(z ^ (z >> 31));
        }
        if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;
    }

    uint32_t next_u32() {
        const uint32_t result = s_[0] + s_[3];
        const uint32_t t = s_[1] << 9;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = (s_[3] << 11) | (s_[3] >> 21);
        return result;
    }

    // Uniform in [0, 1), 24 bits of mantissa.
    float uniform() { return float(next_u32() >> 8) * (1.0f / 16777216.0f); }

    // Uniform integer in [0, n), n > 0.
    uint32_t below(uint32_t n) { return uint32_t((uint64_t(next_u32()) * n) >> 32); }

    // Standard normal (Box-Muller).
    float normal() {
        float u1 = uniform();
        const float u2 = uniform();
        if (u1 < 1e-12f) u1 = 1e-12f;
        return std::sqrt(-2.0f * std::log(u1)) * std::cos(6.28318530718f * u2);
    }

    template <class T>
    void shuffle(std::vector<T>& v) {
        for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(uint32_t(i))]);
    }

private:
    uint32_t s_[4];
};

}  // namespace dl
