#include "ensemble.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "model_file.hpp"

namespace dl {

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
            problem = files.size() == 1
                          ? why
                          : "model " + std::to_string(i + 1) + " of " + std::to_string(files.size()) + ": " + why;
            return false;
        }
    }
    ensemble = std::move(read);
    return true;
}

bool ensemble_read(const std::vector<std::vector<uint8_t>>& files, Ensemble& ensemble, std::string& problem) {
    std::vector<std::string_view> views;
    for (const std::vector<uint8_t>& f : files) views.emplace_back((const char*)f.data(), f.size());
    return ensemble_read(views, ensemble, problem);
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

void ensemble_dataset_probs(Ensemble& ensemble, const Dataset& data, Mat& probs, bool tta) {
    probs.resize(data.rows, kClasses);
    std::vector<int> rows;
    Mat x, batch_probs;
    for (int begin = 0; begin < data.rows; begin += kEvalBatch) {
        rows.resize(size_t(std::min(kEvalBatch, data.rows - begin)));
        std::iota(rows.begin(), rows.end(), begin);
        dataset_gather(data, rows.data(), int(rows.size()), x);
        ensemble_predict(ensemble, x, batch_probs, tta);
        probs.middleRows(begin, batch_probs.rows()) = batch_probs;
    }
}

void ensemble_predict_labels(std::vector<Ensemble>& copies, const Dataset& data, int begin, int end,
                             uint8_t* labels, bool tta, ThreadPool* pool, int threads, int batch) {
    std::vector<ProbsFn> predicts;
    for (Ensemble& e : copies)
        predicts.push_back([&e, tta](const Mat& x, Mat& probs) { ensemble_predict(e, x, probs, tta); });
    dataset_predict_labels(data, begin, end, labels, predicts, pool, threads, batch);
}

}  // namespace dl
