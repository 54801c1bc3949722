// The model's inside as images: first-layer weights (conv filters, dense units over the pixels) and every
// convolution's output maps for one batch row, compared with the weights and layer outputs they come from.
#include <doctest/doctest.h>

#include "core/model_inside.hpp"
#include "test_util.hpp"

namespace {

using K = dl::LayerKind;

dl::LayerSpec conv(int filters, int kernel) { return {K::Conv2D, filters, 0, kernel, 1, false}; }

}  // namespace

TEST_CASE("model inside: a CNN's first filters and its convolutions' maps after their activations") {
    // Conv 4 5x5 + ReLU (maps after ReLU), pool, conv 3 3x3 without activation (raw maps), dense 10.
    const std::vector<dl::LayerSpec> layers = {conv(4, 5), {K::Relu}, {K::MaxPool2D, 0, 0, 2, 2, false},
                                               conv(3, 3), {K::Flatten}, {K::Dense, 10}};
    dl::Model model = dl::model_create(layers, 7);
    const dl::ImageStack filters = dl::first_layer_weights(model, 16);
    CHECK(filters.layer == 0);
    REQUIRE(filters.count == 4);  // fewer filters than asked for
    CHECK(filters.h == 5);
    CHECK(filters.w == 5);
    // Filter 2, kernel position (ky 1, kx 3) is weight row 1*5+3 of column 2.
    CHECK(filters.image(2)[1 * 5 + 3] == model.layers[0].w(8, 2));
    CHECK(dl::first_layer_weights(model, 2).count == 2);

    CHECK(dl::model_feature_maps(model, 0).empty());  // no forward pass yet
    dl::Rng rng(3);
    const dl::Mat x = dltest::random_mat(2, dl::kImageSize, rng, 0.f, 1.f);
    dl::Mat probs;
    dl::model_predict(model, x, probs);
    const std::vector<dl::ImageStack> maps = dl::model_feature_maps(model, 1);
    REQUIRE(maps.size() == 2);
    CHECK(maps[0].layer == 0);
    CHECK(maps[0].count == 4);
    CHECK(maps[0].h == 24);
    CHECK(maps[0].w == 24);
    CHECK(maps[1].layer == 3);
    CHECK(maps[1].count == 3);
    CHECK(maps[1].h == 10);
    // Map 3 at (y 5, x 7) of row 1: the ReLU's HWC output at ((5*24)+7)*4+3.
    CHECK(maps[0].image(3)[5 * 24 + 7] == model.layers[1].y(1, (5 * 24 + 7) * 4 + 3));
    bool negative = false, positive = false;
    for (float v : maps[0].values) negative |= v < 0, positive |= v > 0;
    CHECK_FALSE(negative);  // after ReLU
    CHECK(positive);
    // The second convolution has no activation after it: its raw output, which has negative values.
    CHECK(maps[1].image(2)[4 * 10 + 6] == model.layers[3].y(1, (4 * 10 + 6) * 3 + 2));
    negative = false;
    for (float v : maps[1].values) negative |= v < 0;
    CHECK(negative);
    CHECK(dl::model_feature_maps(model, 2).empty());  // past the batch
}

TEST_CASE("model inside: an MLP's first units as 28x28 images; no maps without convolutions") {
    dl::Model mlp = dl::model_create(dl::mlp_layers({20}, dl::Activation::Relu, 0.f), 5);
    const dl::ImageStack units = dl::first_layer_weights(mlp, 16);
    CHECK(units.layer == 0);
    REQUIRE(units.count == 16);
    CHECK(units.h == 28);
    CHECK(units.w == 28);
    CHECK(units.image(15)[400] == mlp.layers[0].w(400, 15));
    CHECK(dl::model_feature_maps(mlp, 0).empty());
    // A first dense layer on pooled pixels (196 inputs) has no 28x28 images to show.
    dl::Model pooled = dl::model_create({{K::MaxPool2D, 0, 0, 2, 2, false}, {K::Flatten}, {K::Dense, 10}}, 5);
    CHECK(dl::first_layer_weights(pooled, 16).count == 0);
}
