// Kaggle's submission format: header `ImageId,Label`, then one line per test image, ImageId counted from 1.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dl {

std::string submission_csv(const std::vector<uint8_t>& labels);

}  // namespace dl
