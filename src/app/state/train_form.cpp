#include "train_form.hpp"

#include <cctype>
#include <cstdlib>

namespace app {

namespace {

// Reads "256, 128" into sizes. Returns why the text is not a comma-separated list of numbers, or "".
std::string hidden_sizes_parse(const char* text, std::vector<int>& sizes) {
    const char* p = text;
    while (*p) {
        while (std::isspace((unsigned char)*p)) ++p;
        if (!std::isdigit((unsigned char)*p)) return "Hidden layers: write sizes like 256,128.";
        char* end = nullptr;
        const long n = std::strtol(p, &end, 10);
        sizes.push_back(n > 1 << 20 ? 1 << 20 : int(n));  // absurd sizes are then refused by layers_check
        p = end;
        while (std::isspace((unsigned char)*p)) ++p;
        if (*p == ',') ++p;
        else if (*p) return "Hidden layers: write sizes like 256,128.";
    }
    if (sizes.empty()) return "Hidden layers: give at least one size for an MLP (or choose softmax regression).";
    return "";
}

}  // namespace

const dl::Preset* train_form_kind_preset(int kind) {
    return kind >= TrainForm::FirstPreset ? &dl::presets()[size_t(kind - TrainForm::FirstPreset)] : nullptr;
}

const char* train_form_kind_name(int kind) {
    if (kind == TrainForm::Mlp) return "MLP";
    if (kind == TrainForm::Custom) return "Custom";
    return train_form_kind_preset(kind)->name.c_str();
}

std::string train_form_title(const TrainForm& form) {
    if (form.model_kind != TrainForm::Mlp) return train_form_kind_name(form.model_kind);
    std::string title = "MLP ";
    for (const char c : std::string(form.hidden))
        if (c != ' ') title += c == ',' ? '-' : c;
    return title;
}

void train_form_preset(TrainForm& form, int index) {
    const dl::Preset& preset = dl::presets()[size_t(index)];
    form.model_kind = TrainForm::FirstPreset + index;
    const int threads = form.config.threads;  // a machine setting, not part of the model
    form.config = preset.config;
    form.config.threads = threads;
    form.seed = int(preset.config.seed);
    form.models = preset.members;
}

std::string train_form_layers(const TrainForm& form, std::vector<dl::LayerSpec>& layers) {
    if (form.model_kind == TrainForm::Custom) {
        layers = form.custom_layers;
    } else if (form.model_kind >= TrainForm::FirstPreset) {  // a preset brings its own layers
        layers = form.config.layers;
    } else {  // the MLP of the form's fields
        std::vector<int> hidden;
        const std::string problem = hidden_sizes_parse(form.hidden, hidden);
        if (!problem.empty()) return problem;
        layers = dl::mlp_layers(hidden, kActivations[form.activation].activation, form.dropout);
    }
    return "";
}

std::string train_form_model(const TrainForm& form, std::vector<dl::LayerSpec>& layers) {
    const std::string problem = train_form_layers(form, layers);
    return problem.empty() ? dl::layers_check(layers) : problem;
}

void train_form_customize(TrainForm& form, std::vector<dl::LayerSpec> layers) {
    form.custom_layers = std::move(layers);
    form.model_kind = TrainForm::Custom;
}

std::string train_form_config(const TrainForm& form, int rows, dl::TrainConfig& config) {
    config = form.config;
    config.seed = uint64_t(form.seed);
    std::string problem = train_form_model(form, config.layers);
    if (problem.empty()) problem = dl::train_config_check(config, rows);
    return problem;
}

const std::vector<dl::PresetDesign>& train_form_more(const TrainForm& form) {
    static const std::vector<dl::PresetDesign> none;
    const dl::Preset* preset = train_form_kind_preset(form.model_kind);
    return preset ? preset->more : none;
}

std::vector<dl::TrainConfig> train_form_series(const TrainForm& form, const dl::TrainConfig& config) {
    return dl::recipe_configs(config, form.models, train_form_more(form));
}

int train_form_models(const TrainForm& form) { return dl::recipe_models(form.models, train_form_more(form)); }

bool train_startable(const AppState& s, dl::TrainConfig& config, std::string& problem) {
    problem = train_form_config(s.form, s.train_set.rows, config);
    return problem.empty() && s.worker_ready && !s.training.running;
}

}  // namespace app
