// What a model computes inside, as images for a front end to show: the first layer's weights (a first
// convolution's filters, or a first dense layer's weights per unit, which are 28x28 images over the pixels),
// and each convolution's output maps for one input image.
#pragma once
#include <vector>

#include "model.hpp"

namespace dl {

// `count` images of h x w values each, image after image (row-major within an image).
struct ImageStack {
    int layer = -1;  // the model layer they come from; -1: none
    int count = 0, h = 0, w = 0;
    std::vector<float> values;
    const float* image(int i) const { return values.data() + size_t(i) * h * w; }
};

// The first weighted layer's weights as images: a Conv2D's filters (of its first input channel), or for a
// Dense layer on the raw 784 pixels, the weights of its first units as 28x28 images; at most `max_count`.
// Empty (count 0) for a model whose first weighted layer is neither.
ImageStack first_layer_weights(const Model& model, int max_count);

// After a forward pass (model_predict or model_forward), the output maps of every Conv2D layer for batch
// row `row`: one ImageStack per convolution, one image per filter. A map is taken after the activation that
// directly follows the convolution, if any (what the next layer sees as features), else the raw output.
std::vector<ImageStack> model_feature_maps(const Model& model, int row);

}  // namespace dl
