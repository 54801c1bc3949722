// A set of 28x28 digit images as Kaggle stores them: one byte per pixel, 0 = paper, 255 = ink.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "tensor.hpp"

namespace dl {

struct Dataset {
    int rows = 0;
    std::vector<uint8_t> pixels;  // rows * kImageSize, row-major
    std::vector<uint8_t> labels;  // rows labels 0-9, or empty for an unlabelled set (Kaggle's test.csv)
    std::vector<int> lines;       // the file line of each row (1-based), when read from a file

    bool has_labels() const { return !labels.empty(); }
    const uint8_t* image(int row) const { return pixels.data() + size_t(row) * kImageSize; }
};

std::array<int, kClasses> dataset_class_counts(const Dataset& data);

// The file line of `row` (1-based): as recorded by the CSV reader, else as in a file with a header and no
// blank lines.
inline int dataset_line(const Dataset& data, int row) {
    return row < int(data.lines.size()) ? data.lines[size_t(row)] : row + 2;
}

// Copies the images at `rows` into `x` (one per row) scaled to [0, 1], the input the models take.
void dataset_gather(const Dataset& data, const int* rows, int count, Mat& x);

// Splits 0..rows-1 into shuffled training and validation row lists; the last `val_fraction` go to validation.
void dataset_split(int rows, float val_fraction, uint64_t seed, std::vector<int>& train, std::vector<int>& val);

}  // namespace dl
