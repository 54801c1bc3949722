#include "layer_spec.hpp"

#include <cstdio>

#include "../tensor.hpp"

namespace dl {

namespace {
constexpr uint32_t kMaxLayers = 256;
constexpr int kMaxUnits = 8192;  // beyond this one dense layer's weights alone pass 25 MB
constexpr int kMaxKernel = 28;
}  // namespace

std::vector<LayerSpec> mlp_layers(const std::vector<int>& hidden, Activation act, float dropout) {
    std::vector<LayerSpec> layers;
    for (int units : hidden) {
        layers.push_back({LayerKind::Dense, units});
        layers.push_back({LayerKind(act)});
        if (dropout > 0) layers.push_back({LayerKind::Dropout, 0, dropout});
    }
    layers.push_back({LayerKind::Dense, kClasses});
    return layers;
}

std::vector<LayerSpec> cnn_layers(float dropout) {
    std::vector<LayerSpec> layers = {
        {LayerKind::Conv2D, 32, 0, 5, 1, false}, {LayerKind::Relu},
        {LayerKind::MaxPool2D, 0, 0, 2, 2, false},
    };
    if (dropout > 0) layers.push_back({LayerKind::Dropout, 0, dropout});
    layers.push_back({LayerKind::Flatten});
    layers.push_back({LayerKind::Dense, 128});
    layers.push_back({LayerKind::Relu});
    layers.push_back({LayerKind::Dense, kClasses});
    return layers;
}

const char* layer_kind_name(LayerKind kind) {
    switch (kind) {
        case LayerKind::Dense: return "Dense";
        case LayerKind::Relu: return "ReLU";
        case LayerKind::Tanh: return "Tanh";
        case LayerKind::Dropout: return "Dropout";
        case LayerKind::Conv2D: return "Conv2D";
        case LayerKind::MaxPool2D: return "MaxPooling2D";
        case LayerKind::Flatten: return "Flatten";
        case LayerKind::AvgPool2D: return "AveragePooling2D";
        case LayerKind::ZeroPadding2D: return "ZeroPadding2D";
        case LayerKind::BatchNorm: return "BatchNormalization";
        case LayerKind::Sigmoid: return "Sigmoid";
        case LayerKind::Selu: return "SELU";
    }
    return "?";
}

bool layer_has_window(LayerKind kind) {
    return kind == LayerKind::Conv2D || kind == LayerKind::MaxPool2D || kind == LayerKind::AvgPool2D;
}

Window layer_window(const LayerSpec& layer, Shape in) {
    const int channels = layer.kind == LayerKind::Conv2D ? layer.units : in.c;
    return window_make(in, layer.kernel, layer.stride, layer.same, channels);
}

Shape layer_output_shape(const LayerSpec& layer, Shape in) {
    switch (layer.kind) {
        case LayerKind::Dense: return {1, 1, layer.units};
        case LayerKind::Conv2D:
        case LayerKind::MaxPool2D:
        case LayerKind::AvgPool2D: return layer_window(layer, in).out;
        case LayerKind::Flatten: return {1, 1, in.size()};
        case LayerKind::ZeroPadding2D: return {in.h + 2 * layer.pad, in.w + 2 * layer.pad, in.c};
        default: return in;
    }
}

ParamCount layer_spec_param_count(const LayerSpec& layer, Shape in) {
    switch (layer.kind) {
        case LayerKind::Dense: return {long(in.size()) * layer.units + layer.units, 0};
        case LayerKind::Conv2D: return {long(layer.kernel) * layer.kernel * in.c * layer.units + layer.units, 0};
        case LayerKind::BatchNorm: return {2L * in.c, 2L * in.c};  // per channel
        default: return {};
    }
}

ParamCount layers_param_count(const std::vector<LayerSpec>& layers) {
    ParamCount sum;
    Shape shape = kInputShape;
    for (const LayerSpec& l : layers) {
        const ParamCount n = layer_spec_param_count(l, shape);
        sum.trainable += n.trainable;
        sum.frozen += n.frozen;
        shape = layer_output_shape(l, shape);
    }
    return sum;
}

std::string layer_text(const LayerSpec& l) {
    char detail[64] = "";
    const char* padding = l.same ? " same" : "";
    const int default_stride = l.kind == LayerKind::Conv2D ? 1 : l.kernel;  // Keras' pools step by their size
    char stride[16] = "";
    if (l.stride != default_stride) std::snprintf(stride, sizeof stride, " /%d", l.stride);
    const std::string init = l.init == Init::GlorotUniform ? "" : std::string(" ") + init_name(l.init);
    switch (l.kind) {
        case LayerKind::Dense: std::snprintf(detail, sizeof detail, " %d%s", l.units, init.c_str()); break;
        case LayerKind::Conv2D:
            std::snprintf(detail, sizeof detail, " %d %dx%d%s%s%s", l.units, l.kernel, l.kernel, stride, padding,
                          init.c_str());
            break;
        case LayerKind::MaxPool2D:
        case LayerKind::AvgPool2D:
            std::snprintf(detail, sizeof detail, " %dx%d%s%s", l.kernel, l.kernel, stride, padding);
            break;
        case LayerKind::Dropout: std::snprintf(detail, sizeof detail, " %.2g", l.rate); break;
        case LayerKind::ZeroPadding2D: std::snprintf(detail, sizeof detail, " %d", l.pad); break;
        default: break;
    }
    return layer_kind_name(l.kind) + std::string(detail);
}

std::string layers_check(const std::vector<LayerSpec>& layers) {
    if (layers.size() > kMaxLayers) return "a model has at most " + std::to_string(kMaxLayers) + " layers";
    Shape shape = kInputShape;
    for (size_t i = 0; i < layers.size(); ++i) {
        const LayerSpec& l = layers[i];
        const std::string where = "layer " + std::to_string(i + 1) + " (" + layer_kind_name(l.kind) + "): ";
        switch (l.kind) {
            case LayerKind::Dense:
            case LayerKind::Conv2D:
                if (l.units < 1 || l.units > kMaxUnits)
                    return where + (l.kind == LayerKind::Dense ? "units" : "filters") + " must be between 1 and " +
                           std::to_string(kMaxUnits);
                break;
            case LayerKind::Dropout:
                if (!(l.rate >= 0.0f && l.rate < 1.0f)) return where + "rate must be in [0, 1)";
                break;
            case LayerKind::ZeroPadding2D:
                if (l.pad < 0 || l.pad > kMaxKernel) return where + "padding must be between 0 and " + std::to_string(kMaxKernel);
                break;
            case LayerKind::BatchNorm:
                if (!(l.momentum >= 0.0f && l.momentum < 1.0f)) return where + "momentum must be in [0, 1)";
                if (!(l.epsilon > 0.0f && l.epsilon < 1.0f)) return where + "epsilon must be in (0, 1)";
                break;
            case LayerKind::Relu:
            case LayerKind::Tanh:
            case LayerKind::Sigmoid:
            case LayerKind::Selu:
            case LayerKind::MaxPool2D:
            case LayerKind::AvgPool2D:
            case LayerKind::Flatten:
                break;
            default:
                return "layer " + std::to_string(i + 1) + ": unknown kind " + std::to_string(uint32_t(l.kind));
        }
        if (uint32_t(l.init) > uint32_t(Init::LecunNormal)) return where + "unknown initializer";
        if (layer_has_window(l.kind)) {
            if (l.kernel < 1 || l.kernel > kMaxKernel || l.stride < 1 || l.stride > kMaxKernel)
                return where + "kernel and stride must be between 1 and " + std::to_string(kMaxKernel);
            const Shape out = layer_output_shape(l, shape);
            if (out.h < 1 || out.w < 1)
                return where + "a " + std::to_string(l.kernel) + "x" + std::to_string(l.kernel) + " window does not fit its " +
                       std::to_string(shape.h) + "x" + std::to_string(shape.w) + " input";
        }
        shape = layer_output_shape(l, shape);
    }
    if (layers.empty() || layers.back().kind != LayerKind::Dense || shape.size() != kClasses)
        return "the last layer must be Dense with 10 units (one per digit)";
    return {};
}

void layers_write(ByteWriter& w, const std::vector<LayerSpec>& layers) {
    w.u32(uint32_t(layers.size()));
    for (const LayerSpec& l : layers) {
        w.u32(uint32_t(l.kind));
        w.u32(uint32_t(l.units));
        w.f32(l.rate);
        w.u32(uint32_t(l.kernel));
        w.u32(uint32_t(l.stride));
        w.u8(l.same);
        w.u32(uint32_t(l.pad));
        w.f32(l.momentum);
        w.f32(l.epsilon);
        w.u32(uint32_t(l.init));
    }
}

bool layers_read(ByteReader& r, std::vector<LayerSpec>& layers) {
    const uint32_t n = r.u32();
    if (!r.ok() || n > kMaxLayers) return false;
    layers.assign(n, {});
    for (LayerSpec& l : layers) {
        l.kind = LayerKind(r.u32());
        l.units = int(r.u32());
        l.rate = r.f32();
        l.kernel = int(r.u32());
        l.stride = int(r.u32());
        l.same = r.u8() != 0;
        l.pad = int(r.u32());
        l.momentum = r.f32();
        l.epsilon = r.f32();
        l.init = Init(r.u32());
    }
    return r.ok();
}

}  // namespace dl
