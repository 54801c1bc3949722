#include "default_model.hpp"

#include "model_open.hpp"
#include "text_format.hpp"

namespace app {

void default_model_receive(AppState& s, std::string_view file, const std::string& problem) {
    if (s.model.present) return;  // the user was quicker: theirs stays
    std::string why = problem;
    if (why.empty() && current_model_set(s, file, 0, kDefaultModelName, why)) {
        s.model.pretrained = true;
        s.status = std::string("Loaded the ") + kDefaultModelName + " (" + count_text(double(s.model.params)) +
                   " parameters): draw a digit, or train your own model.";
        return;
    }
    error_set(s, "model", std::string("The ") + kDefaultModelName + " could not be loaded (" + why +
                              "). Train a model or open one to use the drawing pad.");
}

}  // namespace app
