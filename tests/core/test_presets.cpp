// The presets: each is a valid configuration with the parameter count Keras reports for the tutorial's
// model, and says what it reached when measured; configurations survive their binary form (the worker's
// train message).
#include <doctest/doctest.h>

#include <cstdio>

#include "core/model.hpp"
#include "core/presets.hpp"

TEST_CASE("presets: valid, and parameter counts equal the tutorials' model.summary()") {
    // Totals as Keras prints them (computed by hand for the batch-norm model: 1,886,458 trainable + 288).
    const std::vector<std::pair<std::string, long>> expected = {
        {"Softmax regression", 7850},     {"MLP 500-500 tanh", 648010},   {"MLP 512-512 ReLU", 669706},
        {"CNN Conv32-Conv64", 1199882},   {"CNN Conv32 5x5", 592074},     {"CNN with batch norm", 1886746},
        {"Fast CNN", 132042},  // not a tutorial's: the default model's (about 0.5 MB as a file)
        {"Best CNN", 198762},  // not a tutorial's either
        {"Fast CNN, 3 minutes", 132042},  // recipes: ours again, in ensembles with test-time augmentation
        {"Ensemble of 2 Fast CNNs, 15 minutes", 132042}, {"Ensemble of 2 Fast CNNs, 30 minutes", 132042},
        {"2 Wide + 2 Fast CNNs, 60 minutes", 238826},  // a Wide CNN first: Fast CNN's, 1.5x the filters
    };
    REQUIRE(dl::presets().size() == expected.size());
    for (const auto& entry : expected) {
        const std::string& name = entry.first;  // not a structured binding: INFO captures it in a lambda
        const long params = entry.second;
        INFO(name);
        const dl::Preset* p = dl::preset_find(name);
        REQUIRE(p != nullptr);
        CHECK(dl::train_config_check(p->config, 42000).empty());
        CHECK(dl::model_param_count(dl::model_create(p->config.layers, 1)) == params);
    }
    CHECK(dl::preset_find("no such model") == nullptr);
    const std::string summary = dl::model_summary(dl::model_create(dl::preset_find("CNN with batch norm")->config.layers, 1));
    CHECK(summary.find("Non-trainable params: 288") != std::string::npos);
    CHECK(summary.find("(None, 3, 3, 64)") != std::string::npos);
}

TEST_CASE("presets: the tutorials' optimizer, batch size and epochs; two CNNs trained on augmented images") {
    struct Expected {
        const char* name;
        dl::OptimizerKind optimizer;
        int batch, epochs;
        bool augmented;
    };
    const Expected expected[] = {
        {"Softmax regression", dl::OptimizerKind::RmsProp, 128, 10, false},
        {"MLP 500-500 tanh", dl::OptimizerKind::Sgd, 200, 20, false},
        {"MLP 512-512 ReLU", dl::OptimizerKind::RmsProp, 128, 20, false},
        {"CNN Conv32-Conv64", dl::OptimizerKind::Adadelta, 128, 12, false},
        {"CNN Conv32 5x5", dl::OptimizerKind::Adam, 200, 10, true},
        {"CNN with batch norm", dl::OptimizerKind::RmsProp, 64, 10, true},
    };
    for (const Expected& e : expected) {
        INFO(e.name);
        const dl::TrainConfig& c = dl::preset_find(e.name)->config;
        CHECK(c.optimizer.kind == e.optimizer);
        CHECK(c.batch_size == e.batch);
        CHECK(c.epochs == e.epochs);
        // Augmented as the best Kaggle notebooks augment (Keras' ImageDataGenerator: rotation_range 10,
        // zoom_range 0.1, width/height_shift_range 0.1), with a decaying rate; the others as their tutorial.
        CHECK(c.augment.enabled() == e.augmented);
        if (e.augmented) {
            CHECK(c.augment.rotation == 10);
            CHECK(c.augment.zoom == 0.1f);
            CHECK(c.augment.shift == 0.1f);
            CHECK(c.augment.elastic == 0);
            CHECK(c.schedule.kind == dl::ScheduleKind::Cosine);
        } else {
            CHECK(c.schedule.kind == dl::ScheduleKind::Constant);
        }
    }
    // Keras' default rates, except Adam's for Conv32 5x5 (from 0.001 it stops at 98.8% after 10 epochs).
    CHECK(dl::preset_find("CNN with batch norm")->config.optimizer.learning_rate == 0.001f);
    CHECK(dl::preset_find("CNN Conv32 5x5")->config.optimizer.learning_rate == 0.005f);
}

TEST_CASE("train config: binary round trip keeps every field; truncation is detected") {
    dl::TrainConfig c = dl::preset_find("MLP 500-500 tanh")->config;
    c.loss = dl::LossKind::BinaryCrossEntropy;
    c.val_split = 0.25f;
    c.seed = 0x123456789ABCDEFull;
    c.threads = 3;
    c.label_smoothing = 0.125f;
    c.ema_decay = 0.998f;
    c.layers[1].init = dl::Init::LecunNormal;
    dl::ByteWriter w;
    dl::train_config_write(w, c);
    const std::vector<uint8_t>& bytes = w.bytes();
    dl::ByteReader r(bytes.data(), bytes.size());
    dl::TrainConfig back;
    REQUIRE(dl::train_config_read(r, back));
    CHECK(r.remaining() == 0);
    CHECK(back.layers.size() == c.layers.size());
    CHECK(back.layers[1].init == dl::Init::LecunNormal);
    CHECK(back.layers[2].rate == 0.5f);
    CHECK(back.optimizer.kind == dl::OptimizerKind::Sgd);
    CHECK(back.optimizer.nesterov);
    CHECK(back.optimizer.momentum == 0.9f);
    CHECK(back.optimizer.decay == 1e-6f);
    CHECK(back.loss == dl::LossKind::BinaryCrossEntropy);
    CHECK(back.batch_size == 200);
    CHECK(back.epochs == c.epochs);
    CHECK(back.val_split == 0.25f);
    CHECK(back.seed == 0x123456789ABCDEFull);
    CHECK(back.threads == 3);
    CHECK(back.label_smoothing == 0.125f);
    CHECK(back.ema_decay == 0.998f);
    for (size_t cut : {size_t(0), size_t(3), bytes.size() / 2, bytes.size() - 1}) {
        dl::ByteReader t(bytes.data(), cut);
        dl::TrainConfig x;
        CHECK_FALSE(dl::train_config_read(t, x));
    }
}

TEST_CASE("presets: each says what it reached when measured; ours are told apart from the tutorials'") {
    for (const dl::Preset& p : dl::presets()) {
        INFO(p.name);
        CHECK(p.measured.accuracy > 0.9f);
        CHECK(p.measured.seconds > 0);
        char percent[16];
        std::snprintf(percent, sizeof percent, "%.2f%%", p.measured.accuracy * 100.0);
        CHECK(dl::preset_measured_text(p).find(percent) != std::string::npos);
    }
    CHECK(dl::preset_measured_text(dl::Preset{}).empty());
    CHECK_FALSE(dl::preset_find("Fast CNN")->tutorial);
    CHECK_FALSE(dl::preset_find("Best CNN")->tutorial);
    CHECK(dl::preset_find("CNN Conv32 5x5")->tutorial);
}

TEST_CASE("presets: the time-budget recipes train our CNNs on all rows, in ensembles, predicting with TTA") {
    struct Expected {
        const char* name;
        const char* model;
        int epochs, members;
        float label_smoothing;
    };
    const Expected recipes[] = {{"Fast CNN, 3 minutes", "Fast CNN", 9, 1, 0.1f},
                                {"Ensemble of 2 Fast CNNs, 15 minutes", "Fast CNN", 20, 2, 0.1f},
                                {"Ensemble of 2 Fast CNNs, 30 minutes", "Fast CNN", 40, 2, 0.1f}};
    for (const Expected& e : recipes) {
        INFO(e.name);
        const dl::Preset* p = dl::preset_find(e.name);
        const dl::Preset* model = dl::preset_find(e.model);
        REQUIRE(p != nullptr);
        REQUIRE(model != nullptr);
        CHECK(p->tta);
        CHECK(p->members == e.members);
        CHECK(p->config.epochs == e.epochs);
        CHECK(p->config.val_split == 0.0f);  // all of train.csv
        CHECK(p->config.label_smoothing == e.label_smoothing);
        CHECK(dl::layers_param_count(p->config.layers).total() == dl::layers_param_count(model->config.layers).total());
        CHECK(dl::layer_text(p->config.layers[0]) == dl::layer_text(model->config.layers[0]));
        CHECK(p->config.optimizer.kind == model->config.optimizer.kind);
        CHECK(p->config.schedule.kind == model->config.schedule.kind);
        CHECK(p->config.augment.rotation == model->config.augment.rotation);
    }
    for (const char* plain : {"Fast CNN", "Best CNN", "CNN Conv32 5x5"}) {
        INFO(plain);
        CHECK(dl::preset_find(plain)->members == 1);
        CHECK(dl::preset_find(plain)->more.empty());
        CHECK_FALSE(dl::preset_find(plain)->tta);
    }
    dl::Preset measured = *dl::preset_find("Ensemble of 2 Fast CNNs, 15 minutes");
    measured.measured = {0.9965f, 840};
    CHECK(dl::preset_measured_text(measured).find("99.65% on digits it never saw (an ensemble of 2 models, with "
                                                  "test-time augmentation), after 14.0 min") != std::string::npos);
}

TEST_CASE("presets: a recipe of two designs trains the second design's models after the first's, seeds going on") {
    const dl::Preset* p = dl::preset_find("2 Wide + 2 Fast CNNs, 60 minutes");
    REQUIRE(p != nullptr);
    CHECK(p->tta);
    CHECK(dl::recipe_models(p->members, p->more) == 4);
    CHECK(dl::preset_measured_text(*p).find("an ensemble of 4 models") != std::string::npos);
    dl::TrainConfig first = p->config;
    first.seed = 7;
    first.threads = 2;
    first.epochs = 30;  // as the form or the command line changed it: the first design's only
    const std::vector<dl::TrainConfig> configs = dl::recipe_configs(first, p->members, p->more);
    REQUIRE(configs.size() == 4);
    const dl::TrainConfig& fast = dl::preset_find("Fast CNN")->config;
    for (size_t i = 0; i < configs.size(); ++i) {
        INFO(i);
        const dl::TrainConfig& c = configs[i];
        CHECK(c.seed == 7 + i);
        CHECK(c.threads == 2);
        CHECK(c.epochs == (i < 2 ? 30 : 24));
        CHECK(dl::layers_param_count(c.layers).total() == (i < 2 ? 238826 : dl::layers_param_count(fast.layers).total()));
        CHECK(c.val_split == 0.0f);
        CHECK(c.label_smoothing == 0.1f);
        CHECK(c.batch_size == fast.batch_size);
        CHECK(c.augment.rotation == fast.augment.rotation);
        CHECK(dl::train_config_check(c, 42000).empty());
    }
    // One design: `members` models of it.
    const std::vector<dl::TrainConfig> plain = dl::recipe_configs(fast, 3, {});
    REQUIRE(plain.size() == 3);
    CHECK(plain[2].seed == fast.seed + 2);
    CHECK(dl::recipe_configs(fast, 0, {}).size() == 1);
}
