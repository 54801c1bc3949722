#include "text_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace app {

std::string count_text(double n) {
    const std::string digits = std::to_string((long long)std::llround(n));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string duration_text(double seconds) {
    const long s = std::lround(std::max(0.0, seconds));
    char buf[32];
    if (s < 60)
        std::snprintf(buf, sizeof buf, "%ld s", s);
    else if (s < 3600)
        std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%ld h %02ld min", s / 3600, s / 60 % 60);
    return buf;
}

}  // namespace app
