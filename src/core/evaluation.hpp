// A look inside a model and a dataset: what a model gets right and wrong on labelled images (confusion
// matrix, its most confident mistakes), and what a dataset holds per class (mean images, pages of rows).
// Pure functions over plain arrays, shared by the worker (which holds the data) and the page.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "dataset.hpp"

namespace dl {

// Probabilities come as `count` rows of kClasses floats (a model's softmax outputs, row-major), one per image.

// The most probable class of one row of probabilities; the first one on ties (as the trainer's accuracy).
int probs_argmax(const float* row);

// counts[truth * kClasses + predicted]: how many images of each true label got each predicted label.
using ConfusionMatrix = std::array<int, kClasses * kClasses>;
ConfusionMatrix confusion_matrix(const uint8_t* labels, const float* probs, int count);

// The images (indices 0..count-1) of true label `truth` predicted as `predicted`, the most confident
// prediction first (equal ones in index order).
std::vector<int> confusion_cell(const uint8_t* labels, const float* probs, int count, int truth, int predicted);

// The at most `max` wrong predictions with the highest predicted probability, most confident first (equal
// ones in index order).
std::vector<int> mistakes_most_confident(const uint8_t* labels, const float* probs, int count, int max);

// The mean image of each class, rounded to the nearest byte (halves up): kClasses images of kImageSize
// bytes; a class without images is all 0. Empty for an unlabelled dataset.
std::vector<uint8_t> dataset_class_means(const Dataset& data);

// One page of a dataset's rows, for browsing it.
struct DatasetPage {
    int total = 0;          // rows with the label (all rows for label < 0)
    std::vector<int> rows;  // the page's rows, in file order
};

// Rows with label `label` (any label if < 0, or an unlabelled dataset), skipping the first `offset` of them,
// at most `count`.
DatasetPage dataset_page(const Dataset& data, int label, int offset, int count);

}  // namespace dl
