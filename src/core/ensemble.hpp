// An ensemble: several trained models whose softmax probabilities are averaged. Models trained with other
// seeds (or other architectures) make different mistakes, so their mean is usually right more often than
// any one of them. The page's drawing pad and Predict use one when the user picks several saved models.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dataset.hpp"
#include "model.hpp"
#include "tensor.hpp"
#include "thread_pool.hpp"
#include "predict.hpp"

namespace dl {

struct Ensemble {
    std::vector<Model> members;  // each any architecture: they share only the input and the 10 classes
};

// Reads each member's model file into `ensemble`. Returns false with `problem` set (and `ensemble` unchanged)
// for no files at all or a file that is not a usable model (named by its place, "model 2 of 3", if there
// are several).
bool ensemble_read(const std::vector<std::string_view>& files, Ensemble& ensemble, std::string& problem);
// The same for files held as bytes (read from disk, or from the browser's store).
bool ensemble_read(const std::vector<std::vector<uint8_t>>& files, Ensemble& ensemble, std::string& problem);

// The probabilities of each row of `x` (images, one per row), averaged over the members; with `tta`, each
// member's are themselves averaged over test-time augmentation's views (model_predict_tta).
// Throws std::invalid_argument for an ensemble without members: it has no probabilities to give.
void ensemble_predict(Ensemble& ensemble, const Mat& x, Mat& probs, bool tta = false);

// The probabilities of every row of `data` (a row of kClasses each, in order), kEvalBatch rows at a time on
// the caller's thread: the probabilities the CLI writes, or a teacher's targets for distillation.
void ensemble_dataset_probs(Ensemble& ensemble, const Dataset& data, Mat& probs, bool tta = false);

// Predicted labels of rows [begin, end) of `data` by ensemble_predict, written to labels[begin..end), spread
// over the threads of `pool` as dataset_predict_labels does: `copies` holds the same ensemble once per thread
// that may take part (its models keep buffers, so a copy serves one thread at a time).
void ensemble_predict_labels(std::vector<Ensemble>& copies, const Dataset& data, int begin, int end,
                             uint8_t* labels, bool tta = false, ThreadPool* pool = nullptr, int threads = 0,
                             int batch = kEvalBatch);

}  // namespace dl
