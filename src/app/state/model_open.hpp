// Replacing the current model (AppState::model, used by the drawing pad and by Predict) with a model file:
// one the worker sends while training, or one the user opens. The file is checked first; a corrupt,
// truncated or foreign file changes nothing.
#pragma once
#include <string>
#include <string_view>

#include "app_state.hpp"

namespace app {

// Makes the model file `file` the current model, reached after `epoch` epochs of training here (0 if it was
// opened from the file `file_name`). Returns false with `problem` set if the file is not a usable model.
bool current_model_set(AppState& s, std::string_view file, int epoch, const std::string& file_name,
                       std::string& problem);
// The same for a model already read from `file`.
void current_model_use(AppState& s, dl::Model model, std::string_view file, int epoch, const std::string& file_name);

// The user opened the file `name` (Open model..., or a drop): it becomes the current model, or a red error
// names the file and says what is wrong with it.
void model_file_open(AppState& s, const std::string& name, std::string_view file);

}  // namespace app
