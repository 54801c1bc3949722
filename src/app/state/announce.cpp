#include "announce.hpp"

#include <cmath>
#include <cstdio>

namespace app {

namespace {

std::string percent(float fraction) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f%%", fraction * 100.0);
    return text;
}

void add(std::string& out, const std::string& text) {
    if (text.empty()) return;
    if (!out.empty()) out += ' ';
    out += text;
    // One announcement of several sentences: each ends with a stop, so a reader pauses between them.
    if (out.back() != '.' && out.back() != '!' && out.back() != '?') out += '.';
}

std::string epoch_text(const AppState& s, const dl::EpochStats& e) {
    std::string text;
    if (s.series.count() > 1)
        text = "Model " + std::to_string(s.series.index + 1) + " of " + std::to_string(s.series.count()) + ", epoch ";
    else
        text = "Epoch ";
    text += std::to_string(e.epoch) + " of " + std::to_string(s.training.epochs) + ": ";
    if (e.validation.count > 0) return text + "validation accuracy " + percent(e.validation.accuracy);
    return text + "training accuracy " + percent(e.train_accuracy);
}

}  // namespace

Announcement announcements(const AppState& s, Announced& said) {
    Announcement a;
    const std::vector<dl::EpochStats>& history = s.training.history;
    if (history.size() < said.epochs) said.epochs = 0;  // a new training
    for (; said.epochs < history.size(); ++said.epochs) add(a.polite, epoch_text(s, history[said.epochs]));
    if (s.status != said.status) {
        said.status = s.status;
        add(a.polite, s.status);
    }
    // While a stroke goes on the prediction changes every frame: say it once the stroke has ended and the
    // pad has predicted its image (also after an undo, or with another model).
    const Pad& pad = s.pad;
    if (!pad.drawing && !pad.dirty && pad.image_version != said.pad_version) {
        said.pad_version = pad.image_version;
        if (pad.has_ink && pad.prediction >= 0)
            add(a.polite, "Predicted " + std::to_string(pad.prediction) + ", " +
                              std::to_string(int(std::lround(pad.probs[pad.prediction] * 100))) + "%");
    }
    if (s.error != said.error) {
        said.error = s.error;
        a.error_changed = true;
        a.error = s.error;
    }
    return a;
}

}  // namespace app
