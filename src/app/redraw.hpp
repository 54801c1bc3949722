// Drawing on demand. Every animation frame main.cpp polls SDL's events, but the UI is laid out and drawn
// only when something changed: an input or window event, a message from the worker, a file. Drawing the
// whole UI every frame costs a core on a machine with software WebGL, taken from training.
#pragma once
#include "app_state.hpp"

namespace app {

// Something changed: draw the next few frames (ImGui needs 2-3 to settle: hover, popups, windows that size
// themselves to their contents).
void redraw_request(AppState& s);
// A progress report (training, parsing, predicting): one frame, at most every 100 ms. Reports come every
// 50 ms of work, and without a GPU each frame drawn takes CPU from the training; a progress bar and its
// curves need no more than ten updates a second. Input still draws at once.
void redraw_progress(AppState& s);
// Whether to draw this frame; uses up one requested frame.
bool redraw_due(AppState& s);

}  // namespace app
