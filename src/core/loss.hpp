// Softmax fused with categorical cross-entropy: stable (max subtracted) and with the simple gradient
// (p - onehot) / batch.
#pragma once
#include <cstdint>

#include "tensor.hpp"

namespace dl {

void softmax_forward(const Mat& logits, Mat& probs);
// Mean cross-entropy of `probs` against `labels` (batch entries); also counts correct argmax predictions.
float cross_entropy_forward(const Mat& probs, const uint8_t* labels, int* correct);
void softmax_cross_entropy_backward(const Mat& probs, const uint8_t* labels, Mat& dlogits);

int row_argmax(const Mat& m, int row);

}  // namespace dl
