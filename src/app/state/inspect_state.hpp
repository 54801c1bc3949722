// What the page shows of the inside of a model and of the training data: the validation set as the trained
// weights predict it (confusion matrix, a cell's images, the most confident mistakes), and train.csv browsed
// by label. The worker holds the data; these are the parts it sent (dl::ValidationMessage and
// dl::BrowseResultMessage, src/protocol/messages.hpp).
#pragma once
#include <cstdint>
#include <vector>

#include "core/evaluation.hpp"
#include "protocol/messages.hpp"

namespace app {

constexpr int kMistakesShown = 24;   // the mistakes gallery
constexpr int kCellImagesShown = 40; // a confusion cell's images
constexpr int kExplorePage = 24;     // images per page of the data explorer
static_assert(kExplorePage <= dl::kBrowseMax, "the worker answers a browse with at most kBrowseMax images");

// The validation set of the last training, as the weights of `epoch` predict it.
struct Validation {
    int epoch = 0;  // 0: nothing yet
    std::vector<uint8_t> labels;    // per image
    std::vector<float> probs;       // dl::kClasses per image
    std::vector<int32_t> rows, lines;  // where each image is in train.csv (row 0-based, line 1-based)
    std::vector<uint8_t> images;    // 784 bytes per image (empty if they did not arrive)
    dl::ConfusionMatrix confusion{};
    std::vector<int> mistakes;      // image indices, most confident first
    std::vector<uint8_t> mistake_images;
    int cell_truth = -1, cell_predicted = -1;  // the selected cell of the confusion matrix, -1: none
    std::vector<int> cell;          // its images (all of them), most confident first
    std::vector<uint8_t> cell_images;  // the first kCellImagesShown of them
    int version = 0;                // bumped on every change, for the textures

    int count() const { return int(labels.size()); }
    const float* image_probs(int i) const { return probs.data() + size_t(i) * dl::kClasses; }
    int predicted(int i) const { return dl::probs_argmax(image_probs(i)); }
};

// A page of train.csv's rows with one label (or any), as the explorer shows it.
struct Explorer {
    int label = -1, offset = 0;  // what the user asks for; label -1: any
    // The last browse request sent, and how many are unanswered (only the answer to the last one is kept).
    int asked_label = -2, asked_offset = -1, asked_version = -1, pending = 0;
    // The page shown: the answer to the last request.
    int shown_label = -2, shown_offset = 0, total = 0;
    std::vector<int32_t> rows, lines;
    std::vector<uint8_t> labels, images;
    int version = 0;
};

void validation_receive(Validation& v, const dl::ValidationMessage& m);
// Selects the cell (true label, predicted label) of the confusion matrix; -1, -1 selects none.
void validation_cell_select(Validation& v, int truth, int predicted);

void browse_receive(Explorer& e, const dl::BrowseResultMessage& m);

}  // namespace app
