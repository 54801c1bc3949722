// The page's pretrained default model, assets/default-model.dlm (tools/make-default-model): a readable
// file well under 1 MB, of the "Fast CNN" preset's layers, and accurate on 1000 held-out MNIST digits it was
// never trained on (build/sample/small/test.csv, labels in test_labels.csv; tools/make-sample-data).
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "core/model_file.hpp"
#include "core/presets.hpp"
#include "core/trainer.hpp"
#include "test_util.hpp"

namespace {

// Paths relative to tests/data, so that the native and the WebAssembly (NODERAWFS) tests find them alike.
const std::string kRoot = std::string(DL_TEST_DATA) + "/../..";

std::string file_text(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return {};
    std::string text;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    return text;
}

// The Label column of an ImageId,Label file (tools/score's truth format).
std::vector<int> labels_read(const std::string& text) {
    std::vector<int> labels;
    size_t pos = text.find('\n');
    while (pos != std::string::npos && pos + 1 < text.size()) {
        const size_t comma = text.find(',', pos), end = text.find('\n', pos + 1);
        if (comma == std::string::npos || comma > end) break;
        labels.push_back(std::atoi(text.c_str() + comma + 1));
        pos = end;
    }
    return labels;
}

}  // namespace

TEST_CASE("default model: assets/default-model.dlm reads, is small, and is >= 98.5% right on held-out digits") {
    const std::string file = file_text(kRoot + "/assets/default-model.dlm");
    REQUIRE_MESSAGE(!file.empty(), "assets/default-model.dlm is missing: run tools/make-default-model");
    CHECK(file.size() < 700 * 1024);  // the page fetches it on every first visit
    dl::Model model;
    std::string error;
    REQUIRE_MESSAGE(dl::model_file_read((const uint8_t*)file.data(), file.size(), model, error), error);
    const std::vector<dl::LayerSpec> layers = dl::model_layers(model), preset = dl::preset_find("Fast CNN")->config.layers;
    REQUIRE(layers.size() == preset.size());
    for (size_t i = 0; i < layers.size(); ++i) CHECK(dl::layer_text(layers[i]) == dl::layer_text(preset[i]));

    const std::string small = kRoot + "/build/sample/small";
    const std::string images = file_text(small + "/test.csv"), truth = file_text(small + "/test_labels.csv");
    const std::string missing = small + "/test.csv is missing: run tools/make-sample-data";
    REQUIRE_MESSAGE(!images.empty(), missing);
    dl::CsvReader reader("test.csv", dl::CsvKind::Test);
    REQUIRE(reader.csv_feed(images));
    REQUIRE(reader.csv_finish());
    const dl::Dataset& data = reader.dataset();
    const std::vector<int> labels = labels_read(truth);
    REQUIRE(data.rows == 1000);
    REQUIRE(labels.size() == size_t(data.rows));

    std::vector<uint8_t> predicted(size_t(data.rows));
    dltest::model_predict_labels(model, data, 0, data.rows, predicted.data());
    int right = 0;
    int per_class[dl::kClasses] = {}, right_per_class[dl::kClasses] = {};
    for (int i = 0; i < data.rows; ++i) {
        right += predicted[size_t(i)] == labels[size_t(i)];
        ++per_class[labels[size_t(i)]];
        right_per_class[labels[size_t(i)]] += predicted[size_t(i)] == labels[size_t(i)];
    }
    MESSAGE("default model: ", right, "/", data.rows, " held-out digits right");
    CHECK(right >= 985);
    for (int c = 0; c < dl::kClasses; ++c) {  // no digit the pad would get wrong as a rule
        INFO("digit ", c, ": ", right_per_class[c], "/", per_class[c]);
        CHECK(right_per_class[c] >= per_class[c] * 95 / 100);
    }
}
