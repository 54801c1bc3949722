#include "redraw.hpp"

#include <emscripten.h>
#include <imgui.h>

#include <algorithm>

namespace app {

namespace {
constexpr int kSettleFrames = 4;
// A text field being edited changes without events only by its cursor blinking: a few frames a second do.
constexpr double kBlinkMs = 250;
constexpr double kProgressMs = 100;
double last_frame_ms = 0;
}  // namespace

void redraw_request(AppState& s) { s.redraw_frames = std::max(s.redraw_frames, kSettleFrames); }

void redraw_progress(AppState& s) { s.redraw_progress = true; }

bool redraw_due(AppState& s) {
    const double now = emscripten_get_now();
    bool due = s.redraw_frames > 0;
    if (due) {
        --s.redraw_frames;
    } else if (s.redraw_progress && now - last_frame_ms >= kProgressMs) {
        due = true;
    } else if (ImGui::GetCurrentContext()) {
        // Changes without events: a held button repeats (the +/- of a number), a drag scrolls. ImGui's
        // flags are from the last frame drawn, which is the state the screen shows.
        const ImGuiIO& io = ImGui::GetIO();
        if (io.WantTextInput)
            due = now - last_frame_ms >= kBlinkMs;
        else
            due = ImGui::IsAnyItemActive();
    }
    if (due) {
        last_frame_ms = now;
        s.redraw_progress = false;  // this frame shows the latest report
    }
    return due;
}

}  // namespace app
