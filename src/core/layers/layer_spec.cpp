#include "layer_spec.hpp"

#include "../tensor.hpp"

namespace dl {

std::vector<LayerSpec> mlp_layers(const std::vector<int>& hidden, Activation act, float dropout) {
    std::vector<LayerSpec> layers;
    for (int units : hidden) {
        layers.push_back({LayerKind::Dense, units, 0});
        layers.push_back({LayerKind(act), 0, 0});
        if (dropout > 0) layers.push_back({LayerKind::Dropout, 0, dropout});
    }
    layers.push_back({LayerKind::Dense, kClasses, 0});
    return layers;
}

const char* layer_kind_name(LayerKind kind) {
    switch (kind) {
        case LayerKind::Dense: return "Dense";
        case LayerKind::Relu: return "ReLU";
        case LayerKind::Tanh: return "Tanh";
        case LayerKind::Dropout: return "Dropout";
    }
    return "?";
}

std::string layers_check(const std::vector<LayerSpec>& layers) {
    constexpr int kMaxUnits = 8192;  // beyond this a dense layer's weights alone pass 25 MB per layer
    int last_units = kImageSize;
    for (size_t i = 0; i < layers.size(); ++i) {
        const LayerSpec& l = layers[i];
        const std::string where = "layer " + std::to_string(i + 1) + " (" + layer_kind_name(l.kind) + "): ";
        switch (l.kind) {
            case LayerKind::Dense:
                if (l.units < 1 || l.units > kMaxUnits)
                    return where + "units must be between 1 and " + std::to_string(kMaxUnits);
                last_units = l.units;
                break;
            case LayerKind::Dropout:
                if (!(l.rate >= 0.0f && l.rate < 1.0f)) return where + "rate must be in [0, 1)";
                break;
            case LayerKind::Relu:
            case LayerKind::Tanh:
                break;
            default:
                return "layer " + std::to_string(i + 1) + ": unknown kind " + std::to_string(uint32_t(l.kind));
        }
    }
    if (layers.empty() || layers.back().kind != LayerKind::Dense || last_units != kClasses)
        return "the last layer must be Dense with 10 units (one per digit)";
    return {};
}

}  // namespace dl
