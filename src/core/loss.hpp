// Losses on the softmax of the logits. The models end in Dense(10) logits and softmax is part of the loss:
// - categorical cross-entropy, fused with softmax: stable (max subtracted), gradient (p - onehot) / batch;
//   with label smoothing s, against (1 - s) onehot + s / 10 instead of the one-hot labels, so that the model
//   is not pushed towards ever larger logits for examples it already gets right;
// - mean absolute error and binary cross-entropy of the softmax probabilities against one-hot labels,
//   because some tutorials train with them (Keras' 'mae' and 'binary_crossentropy', which average over the
//   10 outputs); their gradients go through the softmax Jacobian.
#pragma once
#include <cstdint>

#include "tensor.hpp"

namespace dl {

void softmax_forward(const Mat& logits, Mat& probs);
// The distributions label smoothing trains towards, one row per label: (1 - smoothing) one-hot + smoothing / 10.
void smoothed_targets(const uint8_t* labels, int count, float smoothing, Mat& targets);
// Mean cross-entropy of `probs` against the one-hot `labels` (batch entries); also counts correct argmax
// predictions. Training with label smoothing or a teacher builds its targets (smoothed_targets) and uses the
// soft-target functions below.
float cross_entropy_forward(const Mat& probs, const uint8_t* labels, int* correct);
void softmax_cross_entropy_backward(const Mat& probs, const uint8_t* labels, Mat& dlogits);

// The same against target distributions, one row per example, each summing to 1: distillation, whose targets
// mix the labels with a teacher's probabilities. `labels` only count the correct predictions.
float soft_cross_entropy_forward(const Mat& probs, const Mat& targets, const uint8_t* labels, int* correct);
void softmax_soft_cross_entropy_backward(const Mat& probs, const Mat& targets, Mat& dlogits);

int row_argmax(const Mat& m, int row);

// Values are part of worker messages: never renumber them.
enum class LossKind : uint32_t { CrossEntropy = 0, MeanAbsoluteError = 1, BinaryCrossEntropy = 2 };

const char* loss_kind_name(LossKind kind);
// Mean loss over the batch of softmax probabilities against the labels; also counts correct argmax predictions.
float loss_forward(LossKind kind, const Mat& probs, const uint8_t* labels, int* correct);
// Gradient of loss_forward with respect to the logits.
void loss_backward(LossKind kind, const Mat& probs, const uint8_t* labels, Mat& dlogits);

}  // namespace dl
