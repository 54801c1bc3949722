// Drawing on demand. Every animation frame main.cpp polls SDL's events, but the UI is laid out only when
// something may have changed: an input or window event, a message from the worker, a file (and drawn only
// when the layout changed what is shown: frame_change.hpp). Drawing the whole UI every frame costs a core on
// a machine with software WebGL, taken from training.
#pragma once
#include "state/app_state.hpp"

namespace app {

// Something changed: lay out the next few frames (ImGui needs 2-3 to settle: hover, popups, windows that size
// themselves to their contents); each is drawn if it changes the screen.
void redraw_request(AppState& s);
// A progress report (training, parsing, predicting) is held, and shown (applied to the state) by a frame at
// most every redraw_progress_ms(). Reports come every 50 ms of work, and without a GPU each frame drawn takes
// CPU from the training; a progress bar and its curves need no more than ten updates a second. Input still
// draws at once, but with the progress already on screen: a frame that changes nothing else is not drawn.
// In a hidden tab (no frames) reports are released as they come once the oldest has waited 3 s. Returns the
// reports released, for the caller to apply to the state (message_receive) in order.
std::vector<dl::WorkerReport> redraw_progress(AppState& s, dl::WorkerReport report);
// Releases the held reports now: another message follows them, or the worker was lost.
std::vector<dl::WorkerReport> redraw_progress_release(AppState& s);
// The least interval between progress frames: 100 ms, or ten times what a drawn frame costs when that is
// more (up to 1 s), so that progress takes at most a tenth of the page's time. With software WebGL (no GPU,
// as in headless Chromium) a frame costs 35-100 ms: progress is drawn 1-3 times a second.
double redraw_progress_ms();
// Whether to lay out the UI this frame; uses up one requested frame. `release` gets the held reports whose
// time has come, to apply first.
bool redraw_due(AppState& s, std::vector<dl::WorkerReport>& release);
// The frame laid out was sent to WebGL (it changed the screen): what it costs is learnt from the next one.
void redraw_sent();

}  // namespace app
