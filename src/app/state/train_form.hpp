// The Model & training form turned into a TrainConfig, checked with the core's own rules before Train is
// offered.
#pragma once
#include <string>

#include "app_state.hpp"
#include "core/layers/layer_spec.hpp"
#include "core/presets.hpp"

namespace app {

struct ActivationChoice {
    dl::Activation activation;
    const char* name;
};
constexpr ActivationChoice kActivations[] = {{dl::Activation::Relu, "ReLU"},
                                             {dl::Activation::Tanh, "tanh"},
                                             {dl::Activation::Sigmoid, "sigmoid"},
                                             {dl::Activation::Selu, "SELU"}};

// The preset of model kind `kind` (TrainForm::ModelKind), or null for MLP and Custom.
const dl::Preset* train_form_kind_preset(int kind);
// "MLP", "Custom" or a preset's name.
const char* train_form_kind_name(int kind);
// The chosen model in a few words: "MLP 256-128" or the kind's name.
std::string train_form_title(const TrainForm& form);

// Makes the form show preset `index` of dl::presets(): its layers, optimizer, loss, batch size, epochs and
// the models it trains (its ensemble's size).
void train_form_preset(TrainForm& form, int index);

// The layers of the chosen model. Returns why the MLP fields make no layer list, or "".
std::string train_form_layers(const TrainForm& form, std::vector<dl::LayerSpec>& layers);
// The layers of the chosen model, and why they make no model (the above, or dl::layers_check's message).
std::string train_form_model(const TrainForm& form, std::vector<dl::LayerSpec>& layers);
// Makes `layers` the model: a custom one, with the training settings unchanged.
void train_form_customize(TrainForm& form, std::vector<dl::LayerSpec> layers);

// The chosen preset's designs after its first (dl::Preset::more): none for other models.
const std::vector<dl::PresetDesign>& train_form_more(const TrainForm& form);
// Every model Train trains, in turn, when the form makes `config`: "Models to train" of it, then a preset's models
// of its other designs (dl::recipe_configs).
std::vector<dl::TrainConfig> train_form_series(const TrainForm& form, const dl::TrainConfig& config);
// How many models that is.
int train_form_models(const TrainForm& form);
// Fills `config` from the form. Returns why it cannot train on `rows` labelled images, or "" if it can.
std::string train_form_config(const TrainForm& form, int rows, dl::TrainConfig& config);
// Whether Train can be pressed now: the form makes a valid configuration (else `problem` says why), the
// worker is up and no training runs.
bool train_startable(const AppState& s, dl::TrainConfig& config, std::string& problem);

}  // namespace app
