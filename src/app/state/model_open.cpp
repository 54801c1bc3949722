#include "model_open.hpp"

#include "core/model_file.hpp"
#include "ensemble_use.hpp"
#include "text_format.hpp"

namespace app {

bool current_model_set(AppState& s, std::string_view file, int epoch, const std::string& file_name,
                       std::string& problem) {
    dl::Model model;
    if (!dl::model_file_read((const uint8_t*)file.data(), file.size(), model, problem)) return false;
    current_model_use(s, std::move(model), file, epoch, file_name);
    return true;
}

void current_model_use(AppState& s, dl::Model model, std::string_view file, int epoch, const std::string& file_name) {
    TrainedModel& m = s.model;
    m.model = std::move(model);
    m.file.assign(file.begin(), file.end());
    m.file_name = file_name;
    m.epoch = epoch;
    m.params = dl::model_param_count(m.model);
    m.present = true;
    m.pretrained = false;
    ensemble_drop(s);  // this model alone is in use now
    s.pad.dirty = true;
}

void model_file_open(AppState& s, const std::string& name, std::string_view file) {
    if (s.training.running) {
        // The next epoch's weights would replace the opened model at once.
        error_set(s, "model", name + ": not opened, a training is running; stop it first.");
        return;
    }
    std::string problem;
    if (!current_model_set(s, file, 0, name, problem)) {
        error_set(s, "model", name + ": " + problem + ". The current model is kept.");
        return;
    }
    error_clear(s, "model");
    s.library.current_id = 0;
    s.status = "Opened " + name + ": a model of " + count_text(double(s.model.params)) + " parameters.";
}

}  // namespace app
