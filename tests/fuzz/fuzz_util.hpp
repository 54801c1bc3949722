// Shared by the libFuzzer targets: invariant checks, and feeding an input in chunks of varying sizes.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace fuzz {

inline void check(bool condition, const char* what) {
    if (condition) return;
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
}

// Feeds `bytes` to feed(chunk) in chunks whose sizes (1 byte up to 4 KB) come from `seed`, 0 = in one piece,
// as long as feed returns true; returns feed's last result.
template <class Feed>
bool chunks_feed(std::string_view bytes, uint32_t seed, Feed feed) {
    uint32_t state = seed | 1;
    bool ok = true;
    for (size_t at = 0, n; at < bytes.size() && ok; at += n) {
        n = bytes.size() - at;
        if (seed) {
            state = state * 1103515245u + 12345u;  // small LCG: a reproducible size sequence
            n = std::min<size_t>(n, 1 + (state >> 8) % (1u << ((state >> 4) % 13)));
        }
        ok = feed(bytes.substr(at, n));
    }
    return ok;
}

}  // namespace fuzz
