// Include Eigen ONLY through this header.
//
// Under em++ with -msse4.1, Eigen's SSE path is translated to WASM SIMD by emscripten's intrinsic headers,
// but Eigen takes clang for GCC 4.2 and then emits x86 inline asm ("+x" constraints) that WASM cannot take.
// Hiding __GNUC__ while Eigen is parsed makes it use its clang paths (intrinsics only). The standard headers
// Eigen needs are included first so that they still see the real __GNUC__.
#pragma once
#if defined(__EMSCRIPTEN__) && defined(__SSE2__)
#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <climits>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iosfwd>
#include <iostream>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>
#include <emmintrin.h>
#include <xmmintrin.h>
#pragma push_macro("__GNUC__")
#pragma push_macro("__GNUC_MINOR__")
#undef __GNUC__
#undef __GNUC_MINOR__
#include <Eigen/Dense>
#pragma pop_macro("__GNUC_MINOR__")
#pragma pop_macro("__GNUC__")
#else
#include <Eigen/Dense>
#endif
