#include "evaluation.hpp"

#include <algorithm>

namespace dl {

namespace {

// Sorts image indices by their predicted class's probability, highest first; stable, so equal ones keep
// their index order.
void sort_by_confidence(std::vector<int>& items, const float* probs) {
    const auto confidence = [probs](int i) {
        const float* row = probs + size_t(i) * kClasses;
        return row[probs_argmax(row)];
    };
    std::stable_sort(items.begin(), items.end(), [&](int a, int b) { return confidence(a) > confidence(b); });
}

}  // namespace

int probs_argmax(const float* row) {
    int best = 0;
    for (int c = 1; c < kClasses; ++c)
        if (row[c] > row[best]) best = c;
    return best;
}

ConfusionMatrix confusion_matrix(const uint8_t* labels, const float* probs, int count) {
    ConfusionMatrix m{};
    for (int i = 0; i < count; ++i) ++m[size_t(labels[i]) * kClasses + probs_argmax(probs + size_t(i) * kClasses)];
    return m;
}

std::vector<int> confusion_cell(const uint8_t* labels, const float* probs, int count, int truth, int predicted) {
    std::vector<int> items;
    for (int i = 0; i < count; ++i)
        if (labels[i] == truth && probs_argmax(probs + size_t(i) * kClasses) == predicted) items.push_back(i);
    sort_by_confidence(items, probs);
    return items;
}

std::vector<int> mistakes_most_confident(const uint8_t* labels, const float* probs, int count, int max) {
    std::vector<int> items;
    for (int i = 0; i < count; ++i)
        if (probs_argmax(probs + size_t(i) * kClasses) != labels[i]) items.push_back(i);
    sort_by_confidence(items, probs);
    if (int(items.size()) > max) items.resize(size_t(std::max(max, 0)));
    return items;
}

std::vector<uint8_t> dataset_class_means(const Dataset& data) {
    if (!data.has_labels()) return {};
    std::vector<uint32_t> sums(size_t(kClasses) * kImageSize);  // 255 * 42000 rows fit easily
    std::array<uint32_t, kClasses> counts{};
    for (int r = 0; r < data.rows; ++r) {
        const int label = data.labels[size_t(r)];
        ++counts[label];
        const uint8_t* image = data.image(r);
        uint32_t* sum = &sums[size_t(label) * kImageSize];
        for (int p = 0; p < kImageSize; ++p) sum[p] += image[p];
    }
    std::vector<uint8_t> means(sums.size(), 0);
    for (int c = 0; c < kClasses; ++c) {
        if (counts[c] == 0) continue;
        for (int p = 0; p < kImageSize; ++p) {
            const size_t i = size_t(c) * kImageSize + p;
            means[i] = uint8_t((sums[i] * 2 + counts[c]) / (2 * counts[c]));
        }
    }
    return means;
}

DatasetPage dataset_page(const Dataset& data, int label, int offset, int count) {
    DatasetPage page;
    const bool all = label < 0 || !data.has_labels();
    for (int r = 0; r < data.rows; ++r) {
        if (!all && data.labels[size_t(r)] != label) continue;
        if (page.total >= offset && int(page.rows.size()) < count) page.rows.push_back(r);
        ++page.total;
    }
    return page;
}

}  // namespace dl
