// Element-wise activations. Backward passes take the forward output y, which is all they need.
#pragma once
#include "../tensor.hpp"

namespace dl {

void relu_forward(const Mat& x, Mat& y);
void relu_backward(const Mat& y, const Mat& dy, Mat& dx);

void tanh_forward(const Mat& x, Mat& y);
void tanh_backward(const Mat& y, const Mat& dy, Mat& dx);

void sigmoid_forward(const Mat& x, Mat& y);
void sigmoid_backward(const Mat& y, const Mat& dy, Mat& dx);

// Scaled exponential linear unit (Klambauer et al. 2017), self-normalizing with LeCun normal weights.
void selu_forward(const Mat& x, Mat& y);
void selu_backward(const Mat& y, const Mat& dy, Mat& dx);

}  // namespace dl
