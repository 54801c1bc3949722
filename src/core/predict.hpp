// A trained model on labelled or unlabelled images: its loss and accuracy on a dataset's rows, test-time
// augmentation, and the predicted labels of a whole dataset batch by batch on a pool's threads.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "dataset.hpp"
#include "loss.hpp"
#include "model.hpp"
#include "tensor.hpp"
#include "thread_pool.hpp"

namespace dl {

struct Evaluation {
    float loss = 0;
    float accuracy = 0;
    int count = 0;
};

// Rows per forward pass when evaluating or predicting. A convolution's im2col holds a batch's patches: with
// 500 rows, the Conv32-Conv64 model's second convolution took 331 MB, and each thread predicting holds its own.
constexpr int kEvalBatch = 128;

// With `probs`, also the predicted probabilities: kClasses floats per row of `rows`, in that order.
Evaluation model_evaluate(Model& model, const Dataset& data, const std::vector<int>& rows,
                          LossKind loss = LossKind::CrossEntropy, std::vector<float>* probs = nullptr);
// model_evaluate over several copies of one model: rows in batches of kEvalBatch, batch b on
// models[b % models.size()], each model's batches on one thread of `pool` (if any). The batches' sums are
// added in batch order, so the figures and probabilities do not depend on how many models share the work.
Evaluation models_evaluate(const std::vector<Model*>& models, ThreadPool* pool, int threads, const Dataset& data,
                           const std::vector<int>& rows, LossKind loss, std::vector<float>* probs);

// Test-time augmentation: the image itself and small fixed shifts and rotations of it (dl::image_transform),
// whose predicted probabilities are averaged. A digit drawn a pixel off or slightly slanted then counts less
// on where the model happened to learn it.
struct TtaView {
    float degrees, dx, dy;  // rotation, shift in pixels
};
constexpr TtaView kTtaViews[] = {{0, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}, {8, 0, 0}, {-8, 0, 0}};

// The probabilities of each row of `x` (images, one per row) averaged over the views of kTtaViews.
void model_predict_tta(Model& model, const Mat& x, Mat& probs);

// Predicted labels of rows [begin, end) of `data`, written to labels[begin..end): the rows go through a
// `predicts` function (images, one per row -> kClasses probabilities per row) `batch` rows at a time, so a
// test.csv of any size needs only a batch's buffers. Batch b goes to predicts[b % predicts.size()], and each
// function's batches run on one thread of `pool` (null: all on the caller's; at most `threads` threads,
// < 1: all): a function may keep buffers, as a model does, since no two threads call it.
using ProbsFn = std::function<void(const Mat& x, Mat& probs)>;
void dataset_predict_labels(const Dataset& data, int begin, int end, uint8_t* labels,
                            const std::vector<ProbsFn>& predicts, ThreadPool* pool = nullptr, int threads = 0,
                            int batch = kEvalBatch);

}  // namespace dl
