// Drawing on demand. Every animation frame main.cpp polls SDL's events, but the UI is laid out and drawn
// only when something changed: an input or window event, a message from the worker, a file. Drawing the
// whole UI every frame costs a core on a machine with software WebGL, taken from training.
#pragma once
#include "app_state.hpp"

namespace app {

// Something changed: draw the next few frames (ImGui needs 2-3 to settle: hover, popups, windows that size
// themselves to their contents).
void redraw_request(AppState& s);
// Whether to draw this frame; uses up one requested frame.
bool redraw_due(AppState& s);

}  // namespace app
