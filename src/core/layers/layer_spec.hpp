// What a layer is, without its weights: the architecture part of a model, editable in the UI and stored
// in model files. Values are part of the model file format: never renumber them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "../bytes.hpp"
#include "conv2d.hpp"
#include "init.hpp"

namespace dl {

enum class LayerKind : uint32_t {
    Dense = 1,      // units; takes any input shape as a flat vector
    Relu = 2,
    Tanh = 3,
    Dropout = 4,    // rate
    Conv2D = 5,     // units = filters, kernel, stride, same
    MaxPool2D = 6,  // kernel = pool size, stride, same
    Flatten = 7,    // no-op on the data (HWC rows are already flat); shown for Keras-like summaries
    AvgPool2D = 8,  // kernel = pool size, stride, same
    ZeroPadding2D = 9,  // pad
    BatchNorm = 10,     // momentum, epsilon
    Sigmoid = 11,
    Selu = 12,
};

struct LayerSpec {
    LayerKind kind = LayerKind::Dense;
    int units = 0;      // Dense: outputs; Conv2D: filters
    float rate = 0;     // Dropout: fraction of inputs dropped while training
    int kernel = 0;     // Conv2D: kernel side; MaxPool2D: pool side
    int stride = 1;     // Conv2D, MaxPool2D
    bool same = false;  // Conv2D, MaxPool2D, AvgPool2D: 'same' padding instead of 'valid'
    int pad = 0;        // ZeroPadding2D: pixels added on each side
    float momentum = 0.99f, epsilon = 1e-3f;  // BatchNorm (Keras' defaults)
    Init init = Init::GlorotUniform;          // Dense, Conv2D
};

enum class Activation : uint32_t { Relu = 2, Tanh = 3, Sigmoid = 11, Selu = 12 };

constexpr Shape kInputShape{28, 28, 1};

// Layers of a multi-layer perceptron: [Dense(h), act, Dropout?] per hidden size, then Dense(10).
// No hidden sizes gives softmax regression.
std::vector<LayerSpec> mlp_layers(const std::vector<int>& hidden, Activation act, float dropout);
// The classic Keras CNN: Conv32 5x5, ReLU, MaxPool 2x2, Dropout, Flatten, Dense 128, ReLU, Dense 10.
std::vector<LayerSpec> cnn_layers(float dropout);

const char* layer_kind_name(LayerKind kind);

bool layer_has_window(LayerKind kind);  // Conv2D and the poolings
// The window of a Conv2D or pooling layer on input `in` (the output shape is in .out).
Window layer_window(const LayerSpec& layer, Shape in);
// The shape a layer produces from `in`.
Shape layer_output_shape(const LayerSpec& layer, Shape in);

// Parameters of a layer on input `in`, as Keras counts them, from its settings alone (no weights are made:
// the UI counts while the user edits, and a model of 8192-unit layers would take hundreds of MB).
struct ParamCount {
    long trainable = 0;  // weights and biases; batch norm's gamma and beta
    long frozen = 0;     // batch norm's moving mean and variance
    long total() const { return trainable + frozen; }
};
ParamCount layer_spec_param_count(const LayerSpec& layer, Shape in);
// The whole list's parameters; the list must pass layers_check().
ParamCount layers_param_count(const std::vector<LayerSpec>& layers);

// A layer at a glance, e.g. "Conv2D 32 5x5", "MaxPooling2D 2x2 /1 same", "Dropout 0.3", "Dense 128 he_normal".
std::string layer_text(const LayerSpec& layer);

// Empty if the layer list makes a model (each layer's settings in range, every shape at least 1x1, ends in
// 10 outputs); else a message naming the first bad layer.
std::string layers_check(const std::vector<LayerSpec>& layers);

// Binary form of a layer list, shared by model files and worker messages.
void layers_write(ByteWriter& w, const std::vector<LayerSpec>& layers);
// False on truncated data or an implausible count; the list is then unusable.
bool layers_read(ByteReader& r, std::vector<LayerSpec>& layers);

}  // namespace dl
