// Ready-made models: each classic Keras "Digit Recognizer" tutorial model, reproduced exactly (layers,
// shapes, optimizer, batch size, epochs; Conv32 5x5 and the batch-norm CNN trained on augmented images with
// a decaying learning rate, as the best Kaggle notebooks train), named by what it is; and two of ours:
// "Fast CNN", the page's default model, and "Best CNN", for accuracy.
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
};

const std::vector<Preset>& presets();
// "Measured: 98.82% on digits it never saw, after 3.2 min of training on a 2-core machine.", or "" if not.
std::string preset_measured_text(const Preset& preset);
// The preset called `name`, or null.
const Preset* preset_find(const std::string& name);

}  // namespace dl
