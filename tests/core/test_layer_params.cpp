// Parameter counts from layer settings alone (what the UI's model editor shows while editing) must equal
// those of the model built from them; and the one-line layer descriptions.
#include <doctest/doctest.h>

#include "core/model.hpp"
#include "core/presets.hpp"

using K = dl::LayerKind;

TEST_CASE("layer_spec_param_count: equals the built model's counts, per layer, for every preset") {
    for (const dl::Preset& p : dl::presets()) {
        INFO(p.name);
        const dl::Model m = dl::model_create(p.config.layers, 1);
        long frozen = 0;
        for (const dl::Layer& l : m.layers) {
            const dl::ParamCount n = dl::layer_spec_param_count(l.spec, l.in);
            CHECK(n.total() == dl::layer_param_count(l));
            CHECK(n.frozen == long(l.bn.mean.size() + l.bn.var.size()));
            frozen += n.frozen;
        }
        const dl::ParamCount all = dl::layers_param_count(p.config.layers);
        CHECK(all.total() == dl::model_param_count(m));
        CHECK(all.frozen == frozen);
    }
    const dl::ParamCount cnn = dl::layers_param_count(dl::preset_find("CNN Conv32 5x5")->config.layers);
    CHECK(cnn.trainable == 592074);
    CHECK(cnn.frozen == 0);
    const dl::ParamCount bn = dl::layers_param_count(dl::preset_find("CNN with batch norm")->config.layers);
    CHECK(bn.frozen == 288);  // (32 + 48 + 64) channels x moving mean and variance
    CHECK(bn.total() == 1886746);
}

TEST_CASE("layer_spec_param_count: dense on an image counts every pixel and channel") {
    dl::LayerSpec dense{K::Dense, 10};
    CHECK(dl::layer_spec_param_count(dense, {3, 3, 64}).trainable == 576 * 10 + 10);
    dl::LayerSpec bn{K::BatchNorm};
    CHECK(dl::layer_spec_param_count(bn, {1, 1, 128}).trainable == 256);  // after a dense layer: per unit
    CHECK(dl::layer_spec_param_count({K::MaxPool2D, 0, 0, 2, 2}, {28, 28, 8}).total() == 0);
}

TEST_CASE("layer_text: kind and the settings that differ from Keras' defaults") {
    CHECK(dl::layer_text({K::Dense, 128}) == "Dense 128");
    dl::LayerSpec he{K::Dense, 64};
    he.init = dl::Init::HeNormal;
    CHECK(dl::layer_text(he) == "Dense 64 he_normal");
    CHECK(dl::layer_text({K::Conv2D, 32, 0, 5, 1, false}) == "Conv2D 32 5x5");
    CHECK(dl::layer_text({K::Conv2D, 64, 0, 3, 2, true}) == "Conv2D 64 3x3 /2 same");
    CHECK(dl::layer_text({K::MaxPool2D, 0, 0, 2, 2, false}) == "MaxPooling2D 2x2");
    CHECK(dl::layer_text({K::AvgPool2D, 0, 0, 3, 1, true}) == "AveragePooling2D 3x3 /1 same");
    CHECK(dl::layer_text({K::Dropout, 0, 0.3f}) == "Dropout 0.3");
    dl::LayerSpec pad{K::ZeroPadding2D};
    pad.pad = 2;
    CHECK(dl::layer_text(pad) == "ZeroPadding2D 2");
    CHECK(dl::layer_text({K::Relu}) == "ReLU");
}
