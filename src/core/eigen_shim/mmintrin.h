// Emscripten ships SSE-to-WASM-SIMD headers (xmmintrin.h ... smmintrin.h) but not mmintrin.h, so Eigen's
// `#include <mmintrin.h>` would reach clang's x86-only header. Eigen needs nothing from it: an empty shim.
#pragma once
