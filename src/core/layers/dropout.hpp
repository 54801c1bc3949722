// Inverted dropout: while training, each input is zeroed with probability `rate` and the survivors scaled by
// 1/(1-rate), so inference is the identity and needs no rescaling.
#pragma once
#include "../rng.hpp"
#include "../tensor.hpp"

namespace dl {

void dropout_forward(const Mat& x, float rate, bool training, Rng& rng, Mat& mask, Mat& y);
void dropout_backward(const Mat& mask, bool training, const Mat& dy, Mat& dx);

}  // namespace dl
