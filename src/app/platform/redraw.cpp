#include "redraw.hpp"

#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <utility>

namespace app {

namespace {
constexpr int kSettleFrames = 4;
// A text field being edited changes without events only by its cursor blinking: a few frames a second do.
constexpr double kBlinkMs = 250;
// Progress is drawn at most every 100 ms, and never more often than keeps its frames' cost under a tenth of
// the time (redraw_progress_ms). Every second at least, however slow the frames.
constexpr double kProgressMinMs = 100, kProgressMaxMs = 1000, kProgressShare = 0.1;
// A hidden tab gets no animation frames, so no frame shows the reports held: once the oldest has waited this
// long (a visible page shows them every second at least), they are applied as they come, for the next frame
// to draw. Held until the epoch's end, they had taken megabytes.
constexpr double kHeldMaxMs = 3000;

// What drawing costs, learnt from the intervals between animation frames: after a frame not sent to WebGL
// the interval is the display's period; after one sent it is longer by what the frame cost the page's
// thread, including the wait for the GPU (with software WebGL, rasterizing and reading back the canvas).
struct FrameClock {
    double polled_ms = 0;     // when the last animation frame came
    bool polled_sent = false; // whether it was sent to WebGL
    double laid_out_ms = 0;   // when the UI was last laid out
    double progress_ms = 0;   // when held progress was last released
    double held_since_ms = 0; // when the oldest report held came
    double period_ms = 1000.0 / 60, sent_interval_ms = 1000.0 / 60;  // moving averages
};
FrameClock clock_;

void frame_clock_poll(FrameClock& c, double now) {
    if (c.polled_ms > 0 && now - c.polled_ms < 1000) {  // not after a hidden tab's pause
        double& average = c.polled_sent ? c.sent_interval_ms : c.period_ms;
        average += 0.2 * (now - c.polled_ms - average);
    }
    c.polled_ms = now;
    c.polled_sent = false;
}
}  // namespace

double redraw_progress_ms() {
    const double cost = std::max(0.0, clock_.sent_interval_ms - clock_.period_ms);
    return std::clamp(cost / kProgressShare, kProgressMinMs, kProgressMaxMs);
}

void redraw_sent() { clock_.polled_sent = true; }

void redraw_request(AppState& s) { s.redraw_frames = std::max(s.redraw_frames, kSettleFrames); }

std::vector<dl::WorkerReport> redraw_progress(AppState& s, dl::WorkerReport report) {
    const double now = emscripten_get_now();
    if (s.progress_held.empty()) clock_.held_since_ms = now;
    s.progress_held.push_back(std::move(report));
    if (now - clock_.held_since_ms >= kHeldMaxMs) return redraw_progress_release(s);
    return {};
}

std::vector<dl::WorkerReport> redraw_progress_release(AppState& s) { return std::exchange(s.progress_held, {}); }

bool redraw_due(AppState& s, std::vector<dl::WorkerReport>& release) {
    const double now = emscripten_get_now();
    frame_clock_poll(clock_, now);
    bool due = !s.progress_held.empty() && now - clock_.progress_ms >= redraw_progress_ms();
    if (due) {
        release = redraw_progress_release(s);
        clock_.progress_ms = now;
    }
    if (s.redraw_frames > 0) {
        --s.redraw_frames;
        due = true;
    } else if (!due && ImGui::GetCurrentContext()) {
        // Changes without events: a held button repeats (the +/- of a number), a drag scrolls. ImGui's
        // flags are from the last frame laid out.
        const ImGuiIO& io = ImGui::GetIO();
        if (io.WantTextInput)
            due = now - clock_.laid_out_ms >= kBlinkMs;
        else
            due = ImGui::IsAnyItemActive();
    }
    if (due) clock_.laid_out_ms = now;
    return due;
}

}  // namespace app
