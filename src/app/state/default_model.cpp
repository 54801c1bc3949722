#include "default_model.hpp"

#include <emscripten.h>

#include "model_open.hpp"
#include "redraw.hpp"
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

// Called by web/bridge.js once the fetch of default-model.dlm is over: the file's bytes, or an empty file
// and `problem` (for example "HTTP 404 Not Found").
extern "C" EMSCRIPTEN_KEEPALIVE void app_on_default_model(const uint8_t* data, size_t size, const char* problem,
                                                          size_t problem_size) {
    app::default_model_receive(app::app_state(), std::string_view((const char*)data, size),
                               std::string(problem, problem_size));
    app::redraw_request(app::app_state());  // the page draws only on a change
}
