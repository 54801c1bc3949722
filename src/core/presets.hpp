// Ready-made models: each classic Keras "Digit Recognizer" tutorial model, reproduced exactly (layers,
// shapes, optimizer, batch size, epochs), named by what it is; and "Fast CNN", the page's default model.
#pragma once
#include <string>
#include <vector>

#include "trainer.hpp"

namespace dl {

struct Preset {
    std::string name;    // what it is, e.g. "CNN Conv32 5x5"
    std::string origin;  // which tutorial model it reproduces
    TrainConfig config;
};

const std::vector<Preset>& presets();
// The preset called `name`, or null.
const Preset* preset_find(const std::string& name);

}  // namespace dl
