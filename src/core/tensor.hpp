// Matrix types of the core. A batch is a row-major matrix with one example per row, so that a row is one
// image (784 floats) and a dense layer is a single matrix product over the whole batch.
#pragma once
#include "eigen.hpp"

namespace dl {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVec = Eigen::Matrix<float, 1, Eigen::Dynamic>;

constexpr int kImageSide = 28;
constexpr int kImageSize = kImageSide * kImageSide;
constexpr int kClasses = 10;

// An image or feature map's height, width and channels (stored channels-last, HWC).
struct Shape {
    int h = 1, w = 1, c = 1;
    int size() const { return h * w * c; }
};

}  // namespace dl
