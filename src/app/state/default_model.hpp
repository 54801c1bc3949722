// The pretrained default model: assets/default-model.dlm (made by tools/make-default-model), copied next
// to the page by the build and fetched by web/bridge.js at startup, so that the drawing pad predicts on a
// first visit. It is the current model until the user trains or opens another.
#pragma once
#include <string>
#include <string_view>

#include "app_state.hpp"

namespace app {

// How the UI names the default model.
constexpr const char* kDefaultModelName = "default model (pretrained)";

// The page fetched the default model file (`problem` empty) or could not (`problem` says why). A model
// trained or opened in the meantime is kept; a missing or unreadable file leaves the page without a model
// and says so in the status bar.
void default_model_receive(AppState& s, std::string_view file, const std::string& problem);

}  // namespace app
