// The Draw panel: a pad to draw a digit on (mouse, or touch which SDL turns into mouse events), the 28x28
// image the model gets from it, and the model's prediction, updated while drawing.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "digit_strip.hpp"
#include "fonts.hpp"
#include "pad_predict.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr ImU32 kInk = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kPaper = IM_COL32(0, 0, 0, 255);

// The pad is one invisible button: pressing starts a stroke, dragging extends it.
void pad_input(Pad& pad, ImVec2 origin, float side) {
    const bool active = ImGui::IsItemActive();
    if (!active) {
        pad.drawing = false;
        return;
    }
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const dl::PadPoint p{std::clamp((mouse.x - origin.x) / side, 0.f, 1.f),
                         std::clamp((mouse.y - origin.y) / side, 0.f, 1.f)};
    if (!pad.drawing) {
        pad.strokes.push_back(dl::PadStroke{});
        pad.drawing = true;
    }
    std::vector<dl::PadPoint>& points = pad.strokes.back().points;
    // Points closer than half a screen pixel add nothing but work.
    if (!points.empty() && std::hypot(points.back().x - p.x, points.back().y - p.y) * side < 0.5f) return;
    points.push_back(p);
    pad.dirty = true;
}

void pad_paint(const Pad& pad, ImVec2 origin, float side) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), kPaper);
    const auto at = [&](const dl::PadPoint& p) { return ImVec2(origin.x + p.x * side, origin.y + p.y * side); };
    for (const dl::PadStroke& stroke : pad.strokes) {
        const float r = stroke.radius * side;
        for (size_t i = 0; i < stroke.points.size(); ++i) {
            if (i) draw->AddLine(at(stroke.points[i - 1]), at(stroke.points[i]), kInk, 2 * r);
            draw->AddCircleFilled(at(stroke.points[i]), r, kInk);  // round joins and caps
        }
    }
    draw->AddRect(origin, ImVec2(origin.x + side, origin.y + side), ImGui::GetColorU32(ImGuiCol_Border));
}

// The model's input image and the predicted digit, in a column beside the pad.
void prediction_column(const Pad& pad, DigitStrip& strip, float width) {
    ImGui::BeginGroup();
    ImGui::TextDisabled("Model input");
    strip.strip_update(pad.image, 1, pad.image_version);
    strip.strip_image(0, width);
    ImGui::TextDisabled("Prediction");
    ImGui::PushFont(font_big());
    if (pad.prediction >= 0)
        ImGui::Text("%d", pad.prediction);
    else
        ImGui::TextDisabled("-");
    ImGui::PopFont();
    ImGui::EndGroup();
}

void probability_bars(const Pad& pad) {
    for (int c = 0; c < dl::kClasses; ++c) {
        char overlay[32];
        std::snprintf(overlay, sizeof overlay, "%d: %.1f%%", c, pad.probs[c] * 100.0);
        const bool best = c == pad.prediction;
        if (best) ImGui::PushStyleColor(ImGuiCol_PlotHistogram, IM_COL32(80, 200, 120, 255));
        ImGui::ProgressBar(pad.probs[c], ImVec2(-1, 0), overlay);
        if (best) ImGui::PopStyleColor();
    }
}

}  // namespace

void panel_draw(AppState& s) {
    static DigitStrip input_strip;
    Pad& pad = s.pad;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float column_w = std::max(84.f, ImGui::GetFontSize() * 7);
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const float side = std::max(120.f, std::min(room.x - column_w - gap, room.y * 0.5f));  // half: bars below

    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("pad", ImVec2(side, side));
    rect_record(s, "pad");
    pad_input(pad, origin, side);
    pad_paint(pad, origin, side);
    ImGui::SameLine();
    pad_update(pad, s.model);
    prediction_column(pad, input_strip, column_w);

    if (ImGui::Button("Clear", ImVec2(side, 0))) {
        pad.strokes.clear();
        pad.drawing = false;
        pad.dirty = true;
    }
    rect_record(s, "clear_pad");

    if (!s.model.present) {
        text_hint("Train a model first: the prediction appears here while you draw.");
        return;
    }
    if (!pad.has_ink) text_hint("Draw a digit in the black square.");
    probability_bars(pad);
    panel_inside(s);
}

}  // namespace app
