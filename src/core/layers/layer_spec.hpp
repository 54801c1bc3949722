// What a layer is, without its weights: the architecture part of a model, editable in the UI and stored
// in model files. Values are part of the model file format: never renumber them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dl {

enum class LayerKind : uint32_t {
    Dense = 1,    // units
    Relu = 2,
    Tanh = 3,
    Dropout = 4,  // rate
};

struct LayerSpec {
    LayerKind kind = LayerKind::Dense;
    int units = 0;    // Dense: outputs
    float rate = 0;   // Dropout: fraction of inputs dropped while training
};

enum class Activation : uint32_t { Relu = 2, Tanh = 3 };

// Layers of a multi-layer perceptron: [Dense(h), act, Dropout?] per hidden size, then Dense(10).
// No hidden sizes gives softmax regression.
std::vector<LayerSpec> mlp_layers(const std::vector<int>& hidden, Activation act, float dropout);

const char* layer_kind_name(LayerKind kind);

// Empty if the layer list makes a model (each layer's settings in range, ends in 10 outputs); else why not.
std::string layers_check(const std::vector<LayerSpec>& layers);

}  // namespace dl
