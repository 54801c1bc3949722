// Ready-made models: each classic Keras "Digit Recognizer" tutorial model, reproduced exactly (layers,
// shapes, optimizer, batch size, epochs; Conv32 5x5 and the batch-norm CNN trained on augmented images with
// a decaying learning rate, as the best Kaggle notebooks train), named by what it is; two of ours: "Fast CNN",
// the page's default model, and "Best CNN", for accuracy; and recipes for a time budget, ensembles of our
// models (one of them of two designs) predicting with test-time augmentation.
#pragma once
#include <string>
#include <vector>

#include "train_config.hpp"

namespace dl {

// What a preset reached with its own settings, measured by `tools/bench accuracy`: trained in headless
// Chromium on a 2-core machine on Kaggle's 42,000 training rows (90% trained on, 10% validation, best epoch
// kept), scored on 28,000 MNIST images it never saw. Zero: not measured.
struct PresetMeasured {
    float accuracy = 0;  // 0.9882 = 98.82%
    float seconds = 0;   // of training
};

// One design of a recipe: `count` models trained with `config`.
struct PresetDesign {
    TrainConfig config;
    int count = 1;
};

struct Preset {
    std::string name;    // what it is, e.g. "CNN Conv32 5x5"
    std::string origin;  // which tutorial model it reproduces
    TrainConfig config;
    bool tutorial = true;  // false: designed by us, not a tutorial's
    PresetMeasured measured;
    // A recipe, not only a model: this many models trained in turn (seeds seed, seed + 1, ...) and used as an
    // ensemble, and test-time augmentation when predicting. The front ends set both when the preset is picked.
    int members = 1;
    bool tta = false;
    // A recipe of more than one design trains these after its `members` models of `config`, in order. Models of
    // two designs fail on fewer of the same digits than models of one, so their ensemble is the stronger.
    std::vector<PresetDesign> more{};
};

const std::vector<Preset>& presets();
// "Measured: 98.82% on digits it never saw, after 3.2 min of training on a 2-core machine.", or "" if not.
std::string preset_measured_text(const Preset& preset);
// The settings of each model a recipe trains, in turn: `members` models of `first` (the preset's `config` as the
// form or the command line left it), then those of `more`. Model i trains with seed first.seed + i, and every
// model with first's threads, as the user asked for the whole recipe.
std::vector<TrainConfig> recipe_configs(const TrainConfig& first, int members, const std::vector<PresetDesign>& more);
// How many models that is.
int recipe_models(int members, const std::vector<PresetDesign>& more);
// The preset called `name`, or null.
const Preset* preset_find(const std::string& name);

}  // namespace dl
