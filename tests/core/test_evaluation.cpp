// Evaluation helpers behind the page's confusion matrix, mistakes gallery and data explorer, on small
// hand-made inputs whose expected results are worked out by hand in the comments.
#include <doctest/doctest.h>

#include <vector>

#include "core/csv_reader.hpp"
#include "core/evaluation.hpp"
#include "core/trainer.hpp"
#include "test_util.hpp"

namespace {

// A row of probabilities with `p` on class `c` and the rest spread evenly.
std::vector<float> probs_row(int c, float p) {
    std::vector<float> row(dl::kClasses, (1 - p) / (dl::kClasses - 1));
    row[size_t(c)] = p;
    return row;
}

struct Predictions {
    std::vector<uint8_t> labels;
    std::vector<float> probs;
    void add(int label, int predicted, float p) {
        labels.push_back(uint8_t(label));
        const std::vector<float> row = probs_row(predicted, p);
        probs.insert(probs.end(), row.begin(), row.end());
    }
    int count() const { return int(labels.size()); }
};

// Six images:  #  true  predicted  p(predicted)
//              0   3     3          0.9
//              1   3     5          0.6
//              2   5     5          0.8
//              3   3     5          0.95
//              4   7     1          0.6
//              5   1     1          0.99
Predictions six() {
    Predictions p;
    p.add(3, 3, 0.9f);
    p.add(3, 5, 0.6f);
    p.add(5, 5, 0.8f);
    p.add(3, 5, 0.95f);
    p.add(7, 1, 0.6f);
    p.add(1, 1, 0.99f);
    return p;
}

}  // namespace

TEST_CASE("probs_argmax: the largest, the first of equal ones") {
    const float a[dl::kClasses] = {0.1f, 0.3f, 0.05f, 0.3f, 0.1f, 0.05f, 0.f, 0.f, 0.1f, 0.f};
    CHECK(dl::probs_argmax(a) == 1);
    const float b[dl::kClasses] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    CHECK(dl::probs_argmax(b) == 9);
}

TEST_CASE("confusion matrix: counts per (true, predicted)") {
    const Predictions p = six();
    const dl::ConfusionMatrix m = dl::confusion_matrix(p.labels.data(), p.probs.data(), p.count());
    dl::ConfusionMatrix want{};
    want[3 * 10 + 3] = 1;  // #0
    want[3 * 10 + 5] = 2;  // #1, #3
    want[5 * 10 + 5] = 1;  // #2
    want[7 * 10 + 1] = 1;  // #4
    want[1 * 10 + 1] = 1;  // #5
    CHECK(m == want);
    int total = 0, diagonal = 0;
    for (int t = 0; t < 10; ++t)
        for (int q = 0; q < 10; ++q) (t == q ? diagonal : total) += m[size_t(t * 10 + q)];
    CHECK(total + diagonal == 6);
    CHECK(diagonal == 3);  // accuracy 3/6
    CHECK(dl::confusion_matrix(p.labels.data(), p.probs.data(), 0) == dl::ConfusionMatrix{});
}

TEST_CASE("confusion cell: its images, most confident first") {
    const Predictions p = six();
    CHECK(dl::confusion_cell(p.labels.data(), p.probs.data(), p.count(), 3, 5) == std::vector<int>{3, 1});
    CHECK(dl::confusion_cell(p.labels.data(), p.probs.data(), p.count(), 3, 3) == std::vector<int>{0});
    CHECK(dl::confusion_cell(p.labels.data(), p.probs.data(), p.count(), 7, 1) == std::vector<int>{4});
    CHECK(dl::confusion_cell(p.labels.data(), p.probs.data(), p.count(), 0, 0).empty());
}

TEST_CASE("mistakes: wrong predictions only, most confident first, at most max") {
    const Predictions p = six();
    // Wrong: #1 (0.6), #3 (0.95), #4 (0.6): by confidence #3, then #1 and #4 in index order.
    CHECK(dl::mistakes_most_confident(p.labels.data(), p.probs.data(), p.count(), 24) == std::vector<int>{3, 1, 4});
    CHECK(dl::mistakes_most_confident(p.labels.data(), p.probs.data(), p.count(), 2) == std::vector<int>{3, 1});
    CHECK(dl::mistakes_most_confident(p.labels.data(), p.probs.data(), p.count(), 0).empty());
    Predictions right;
    right.add(2, 2, 0.5f);
    CHECK(dl::mistakes_most_confident(right.labels.data(), right.probs.data(), 1, 24).empty());
}

TEST_CASE("class means: per-pixel means rounded, empty classes black") {
    dl::Dataset d;
    d.rows = 4;
    d.labels = {2, 2, 9, 2};
    d.pixels.assign(4 * dl::kImageSize, 0);
    // Class 2, pixel 0: 10, 11, 13 -> 34 / 3 = 11.33 -> 11; pixel 5: 255, 0, 0 -> 85;
    // pixel 7: 1, 0, 0 -> 0.33 -> 0; pixel 8: 1, 1, 0 -> 0.67 -> 1. Class 9, pixel 0: 200.
    d.pixels[0 * dl::kImageSize + 0] = 10;
    d.pixels[1 * dl::kImageSize + 0] = 11;
    d.pixels[3 * dl::kImageSize + 0] = 13;
    d.pixels[0 * dl::kImageSize + 5] = 255;
    d.pixels[0 * dl::kImageSize + 7] = 1;
    d.pixels[0 * dl::kImageSize + 8] = 1;
    d.pixels[1 * dl::kImageSize + 8] = 1;
    d.pixels[2 * dl::kImageSize + 0] = 200;
    const std::vector<uint8_t> means = dl::dataset_class_means(d);
    REQUIRE(means.size() == size_t(10 * dl::kImageSize));
    const auto at = [&](int c, int pixel) { return int(means[size_t(c) * dl::kImageSize + pixel]); };
    CHECK(at(2, 0) == 11);
    CHECK(at(2, 5) == 85);
    CHECK(at(2, 7) == 0);
    CHECK(at(2, 8) == 1);
    CHECK(at(9, 0) == 200);
    long rest = 0;
    for (int c = 0; c < 10; ++c)
        for (int i = 0; i < dl::kImageSize; ++i) rest += at(c, i);
    CHECK(rest == 11 + 85 + 1 + 200);  // nothing else: classes 0, 1, 3-8 have no images
    // Halves round up: 1, 2 -> 1.5 -> 2.
    dl::Dataset h;
    h.rows = 2;
    h.labels = {4, 4};
    h.pixels.assign(2 * dl::kImageSize, 0);
    h.pixels[0] = 1;
    h.pixels[dl::kImageSize] = 2;
    CHECK(dl::dataset_class_means(h)[4 * dl::kImageSize] == 2);
    CHECK(dl::dataset_class_means(dl::Dataset{}).empty());
}

TEST_CASE("dataset pages: rows of a label in file order, offset and count") {
    dl::Dataset d;
    d.rows = 8;
    d.labels = {7, 1, 7, 7, 0, 7, 1, 7};  // 7 at rows 0, 2, 3, 5, 7
    d.pixels.assign(8 * dl::kImageSize, 0);
    dl::DatasetPage p = dl::dataset_page(d, 7, 0, 2);
    CHECK(p.total == 5);
    CHECK(p.rows == std::vector<int>{0, 2});
    p = dl::dataset_page(d, 7, 2, 2);
    CHECK(p.rows == std::vector<int>{3, 5});
    p = dl::dataset_page(d, 7, 4, 2);
    CHECK(p.rows == std::vector<int>{7});
    p = dl::dataset_page(d, 7, 5, 2);
    CHECK(p.total == 5);
    CHECK(p.rows.empty());
    p = dl::dataset_page(d, -1, 3, 3);
    CHECK(p.total == 8);
    CHECK(p.rows == std::vector<int>{3, 4, 5});
    p = dl::dataset_page(d, 5, 0, 10);
    CHECK(p.total == 0);
    CHECK(p.rows.empty());
}

TEST_CASE("CSV rows remember their file lines, blank lines counted") {
    dl::CsvReader r("t.csv", dl::CsvKind::Train);
    std::string header = "label";
    for (int i = 0; i < dl::kImageSize; ++i) header += ",pixel" + std::to_string(i);
    std::string row = "3";
    for (int i = 0; i < dl::kImageSize; ++i) row += ",0";
    // line 1 header, 2 row, 3 blank, 4 blank, 5 row, 6 row (no final newline)
    REQUIRE(r.csv_feed(header + "\n" + row + "\n\n\r\n" + row + "\n" + row));
    REQUIRE(r.csv_finish());
    CHECK(r.dataset().lines == std::vector<int>{2, 5, 6});
    CHECK(dl::dataset_line(r.dataset(), 1) == 5);
    dl::Dataset made;  // not read from a file: a header and no blank lines are assumed
    made.rows = 3;
    CHECK(dl::dataset_line(made, 2) == 4);
}

TEST_CASE("trainer: validation probabilities are those of the weights it holds, each epoch and the best") {
    const dl::Dataset data = dltest::synthetic_digits(400, 22);
    dl::TrainConfig c;
    c.layers = dl::mlp_layers({32}, dl::Activation::Relu, 0.0f);
    c.batch_size = 32;
    c.epochs = 30;
    c.early_stopping = 2;  // ends two epochs after the best, which keep_best then restores
    c.optimizer.learning_rate = 0.01f;
    dl::Trainer t(data, c);
    CHECK(t.validation_probs().empty());
    const std::vector<int>& rows = t.validation_rows();
    REQUIRE(rows.size() == 40);
    std::vector<uint8_t> labels;
    for (int r : rows) labels.push_back(data.labels[size_t(r)]);
    // The confusion matrix's diagonal over its total, from the exposed probabilities.
    const auto accuracy = [&] {
        REQUIRE(t.validation_probs().size() == rows.size() * dl::kClasses);
        const dl::ConfusionMatrix m = dl::confusion_matrix(labels.data(), t.validation_probs().data(), int(rows.size()));
        int right = 0, total = 0;
        for (int i = 0; i < dl::kClasses * dl::kClasses; ++i) (i % 11 == 0 ? right : total) += m[size_t(i)];
        CHECK(right + total == 40);
        return float(right) / 40;
    };
    bool more = true;
    while (more) {
        const size_t epochs = t.history().size();
        more = t.train_batches(1000);
        if (t.history().size() > epochs && more)
            CHECK(accuracy() == doctest::Approx(t.history().back().validation.accuracy));
    }
    REQUIRE(t.stopped_early());
    REQUIRE(t.weights_epoch() != int(t.history().size()));
    CHECK(accuracy() == doctest::Approx(t.history()[size_t(t.best_epoch() - 1)].validation.accuracy));
    // And they are the model's: evaluating it again gives the same numbers.
    std::vector<float> again;
    dl::model_evaluate(t.model(), data, rows, c.loss, &again);
    CHECK(again == t.validation_probs());
}
