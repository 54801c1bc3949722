#include "inspect_state.hpp"

#include <algorithm>

namespace app {

namespace {

// The images `items` of `images` (784 bytes each), side by side in `out`; none if the images are missing.
void images_gather(const std::vector<uint8_t>& images, const std::vector<int>& items, size_t max,
                   std::vector<uint8_t>& out) {
    out.clear();
    for (size_t k = 0; k < std::min(items.size(), max); ++k) {
        const size_t at = size_t(items[k]) * dl::kImageSize;
        if (at + dl::kImageSize > images.size()) return out.clear();
        out.insert(out.end(), images.begin() + long(at), images.begin() + long(at + dl::kImageSize));
    }
}

}  // namespace

void validation_receive(Validation& v, const dl::ValidationMessage& m) {
    if (m.probs.size() != m.labels.size() * dl::kClasses) return;  // malformed: keep what is shown
    v.epoch = m.epoch;
    v.labels = m.labels;
    v.probs = m.probs;
    if (!m.images.empty()) {  // the first message of a training
        v.images = m.images;
        v.rows = m.rows;
        v.lines = m.lines;
    }
    const size_t n = v.labels.size();
    if (v.images.size() != n * dl::kImageSize || v.rows.size() != n || v.lines.size() != n) {
        v.images.clear();  // not this set's: show no images rather than wrong ones
        v.rows.assign(n, -1);
        v.lines.assign(n, -1);
    }
    v.confusion = dl::confusion_matrix(v.labels.data(), v.probs.data(), v.count());
    v.mistakes = dl::mistakes_most_confident(v.labels.data(), v.probs.data(), v.count(), kMistakesShown);
    images_gather(v.images, v.mistakes, kMistakesShown, v.mistake_images);
    validation_cell_select(v, v.cell_truth, v.cell_predicted);  // the same cell, with this epoch's images
}

void validation_cell_select(Validation& v, int truth, int predicted) {
    v.cell_truth = truth;
    v.cell_predicted = predicted;
    v.cell.clear();
    if (truth >= 0 && predicted >= 0)
        v.cell = dl::confusion_cell(v.labels.data(), v.probs.data(), v.count(), truth, predicted);
    images_gather(v.images, v.cell, kCellImagesShown, v.cell_images);
    ++v.version;
}

void browse_receive(Explorer& e, const dl::BrowseResultMessage& m) {
    e.pending = std::max(0, e.pending - 1);
    if (e.pending > 0) return;  // a newer request is on its way
    e.shown_label = m.label;
    e.shown_offset = m.offset;
    e.total = m.total;
    e.rows = m.rows;
    e.lines = m.lines;
    e.labels = m.labels;
    e.images = m.images;
    if (e.lines.size() != e.rows.size() || e.labels.size() != e.rows.size() ||
        e.images.size() != e.rows.size() * dl::kImageSize) {
        e.rows.clear();  // malformed: an empty page rather than a wrong one
        e.lines.clear();
        e.labels.clear();
        e.images.clear();
    }
    ++e.version;
}

}  // namespace app
