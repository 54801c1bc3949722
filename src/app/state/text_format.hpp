// Numbers as the UI writes them.
#pragma once
#include <string>

namespace app {

// 42000 -> "42,000"
std::string count_text(double n);
// Seconds -> "45 s", "3 min 05 s", "1 h 02 min".
std::string duration_text(double seconds);

}  // namespace app
