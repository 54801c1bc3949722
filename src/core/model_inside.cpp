#include "model_inside.hpp"

#include <algorithm>

namespace dl {

namespace {

bool is_activation(LayerKind kind) {
    return kind == LayerKind::Relu || kind == LayerKind::Tanh || kind == LayerKind::Sigmoid ||
           kind == LayerKind::Selu;
}

}  // namespace

ImageStack first_layer_weights(const Model& model, int max_count) {
    ImageStack s;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        const Layer& l = model.layers[i];
        if (l.spec.kind != LayerKind::Conv2D && l.spec.kind != LayerKind::Dense) continue;
        if (l.spec.kind == LayerKind::Dense && l.w.rows() != kImageSize) return s;  // not on the pixels
        const bool conv = l.spec.kind == LayerKind::Conv2D;
        s.layer = int(i);
        s.h = s.w = conv ? l.win.kernel : kImageSide;
        s.count = std::min(int(l.w.cols()), max_count);
        // Conv2D weights are (k*k*c) x filters with rows ordered (ky, kx, channel); Dense weights are
        // 784 x units. Either way a column is one unit's weights: take channel 0 of each position.
        const int channels = conv ? l.win.in.c : 1;
        s.values.resize(size_t(s.count) * s.h * s.w);
        for (int f = 0; f < s.count; ++f)
            for (int p = 0; p < s.h * s.w; ++p) s.values[size_t(f) * s.h * s.w + p] = l.w(p * channels, f);
        return s;
    }
    return s;
}

std::vector<ImageStack> model_feature_maps(const Model& model, int row) {
    std::vector<ImageStack> maps;
    for (size_t i = 0; i < model.layers.size(); ++i) {
        if (model.layers[i].spec.kind != LayerKind::Conv2D) continue;
        const bool activated = i + 1 < model.layers.size() && is_activation(model.layers[i + 1].spec.kind);
        const Layer& l = model.layers[activated ? i + 1 : i];
        if (row < 0 || row >= l.y.rows()) return {};  // no forward pass of that row yet
        const Shape out = model.layers[i].out;
        ImageStack s;
        s.layer = int(i);
        s.count = out.c, s.h = out.h, s.w = out.w;
        s.values.resize(size_t(out.size()));
        // The layer's output row is HWC; the stack is channel after channel.
        const float* hwc = l.y.row(row).data();
        for (int p = 0; p < out.h * out.w; ++p)
            for (int c = 0; c < out.c; ++c) s.values[size_t(c) * out.h * out.w + p] = hwc[p * out.c + c];
        maps.push_back(std::move(s));
    }
    return maps;
}

}  // namespace dl
