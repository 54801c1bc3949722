// ONNX export: a model (or an ensemble) as an ONNX file that other runtimes load, with standard operators of
// opset 13 only (Conv, MaxPool, AveragePool, Pad, BatchNormalization, Relu, Tanh, Sigmoid, Selu, Transpose,
// Flatten, Reshape, Gemm, Softmax, Mean). Dropout, an identity at inference, is left out.
//
// Input "image": float [N, 1, 28, 28], pixels scaled to [0, 1] (the CSV's value / 255), as the core's own.
// Output "probabilities": float [N, 10], the softmax of the logits; an ensemble's file holds every member and
// outputs the mean of their probabilities, as the core's ensemble does.
//
// Convolutions run in ONNX's NCHW layout; our layers keep rows in HWC order, so before a Dense layer (or a
// Flatten) the activations are transposed to NHWC and flattened, and the Dense weights stay as they are.
#pragma once
#include <cstdint>
#include <vector>

#include "ensemble.hpp"

namespace dl {

constexpr int kOnnxOpset = 13;

// The ONNX model (serialized ModelProto) of the ensemble's members; throws std::invalid_argument for an
// ensemble without members.
std::vector<uint8_t> onnx_write(const Ensemble& ensemble);

}  // namespace dl
