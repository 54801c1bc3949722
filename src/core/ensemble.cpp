#include "ensemble.hpp"

#include <algorithm>
#include <stdexcept>

#include "loss.hpp"
#include "model_file.hpp"
#include "trainer.hpp"

namespace dl {

namespace {
constexpr int kBatch = 256;  // rows per forward pass: big enough for Eigen, small enough for a CNN's buffers
}  // namespace

bool ensemble_read(const std::vector<std::string_view>& files, Ensemble& ensemble, std::string& problem) {
    if (files.empty()) {
        problem = "an ensemble needs at least one model";
        return false;
    }
    Ensemble read;
    read.members.resize(files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        std::string why;
        if (!model_file_read((const uint8_t*)files[i].data(), files[i].size(), read.members[i], why)) {
            problem = "model " + std::to_string(i + 1) + " of " + std::to_string(files.size()) + ": " + why;
            return false;
        }
    }
    ensemble = std::move(read);
    return true;
}

void ensemble_predict(Ensemble& ensemble, const Mat& x, Mat& probs, bool tta) {
    if (ensemble.members.empty()) throw std::invalid_argument("an ensemble without models has no predictions");
    Mat member_probs;
    probs.setZero(x.rows(), kClasses);
    for (Model& model : ensemble.members) {
        if (tta)
            model_predict_tta(model, x, member_probs);
        else
            model_predict(model, x, member_probs);
        probs += member_probs;
    }
    probs /= float(ensemble.members.size());
}

void ensemble_predict_labels(Ensemble& ensemble, const Dataset& data, int begin, int end, uint8_t* labels,
                             bool tta) {
    Mat x, probs;
    std::vector<int> rows;
    for (int start = begin; start < end; start += kBatch) {
        rows.resize(size_t(std::min(kBatch, end - start)));
        for (size_t i = 0; i < rows.size(); ++i) rows[i] = start + int(i);
        dataset_gather(data, rows.data(), int(rows.size()), x);
        ensemble_predict(ensemble, x, probs, tta);
        for (int i = 0; i < int(rows.size()); ++i) labels[start + i] = uint8_t(row_argmax(probs, i));
    }
}

}  // namespace dl
