// The Draw panel: a pad to draw a digit on (mouse, pen, or touch which SDL turns into mouse events), its
// brush size, Undo and Clear, the 28x28 image the model gets from it, and the model's prediction, updated
// while drawing. In a wide, short panel (a phone on its side) the probabilities go in a third column.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "digit_strip.hpp"
#include "platform/fonts.hpp"
#include "state/pad_edit.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr ImU32 kInk = IM_COL32(255, 255, 255, 255);
constexpr ImU32 kPaper = IM_COL32(0, 0, 0, 255);

// The pad is one invisible button: pressing starts a stroke, dragging extends it. ImGui sees the pointer
// once per frame; the points in between (pad.trail, from SDL's events) keep a fast stroke's curves.
void pad_input(Pad& pad, ImVec2 origin, float side) {
    const bool active = ImGui::IsItemActive();
    if (!active && !pad.drawing) return;
    const auto at = [&](float x, float y) {
        return dl::PadPoint{std::clamp((x - origin.x) / side, 0.f, 1.f), std::clamp((y - origin.y) / side, 0.f, 1.f)};
    };
    for (const auto& p : pad.trail) pad_stroke_extend(pad, at(p[0], p[1]), side);
    if (!active) {  // released since the last frame: the trail held the stroke's end
        pad_stroke_end(pad);
        return;
    }
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    pad_stroke_extend(pad, at(mouse.x, mouse.y), side);
}

// A stroke as thick polylines with round ends. A circle at every point (a round join everywhere) covered the
// ink several times over: with software WebGL a long stroke's frames took 5 ms more each. A polyline joins
// gently turning segments itself (mitred, the mitre hardly wider than the brush below 30 degrees); at a sharper
// turn one polyline ends and the next starts, and a circle rounds the corner.
void stroke_paint(ImDrawList* draw, const std::vector<ImVec2>& pts, float r) {
    constexpr float kCosSharp = 0.866f;  // cos 30 degrees
    const auto polyline = [&](size_t first, size_t last) {
        draw->AddPolyline(&pts[first], int(last - first + 1), kInk, ImDrawFlags_None, 2 * r);
        draw->AddCircleFilled(pts[last], r, kInk);
    };
    draw->AddCircleFilled(pts[0], r, kInk);
    size_t first = 0;
    for (size_t i = 1; i + 1 < pts.size(); ++i) {
        const ImVec2 a(pts[i].x - pts[i - 1].x, pts[i].y - pts[i - 1].y);
        const ImVec2 b(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
        const float dot = a.x * b.x + a.y * b.y;
        if (dot < kCosSharp * std::sqrt((a.x * a.x + a.y * a.y) * (b.x * b.x + b.y * b.y))) {
            polyline(first, i);
            first = i;
        }
    }
    if (pts.size() > 1) polyline(first, pts.size() - 1);
}

void pad_paint(const Pad& pad, ImVec2 origin, float side) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + side, origin.y + side), kPaper);
    std::vector<ImVec2> pts;
    for (const dl::PadStroke& stroke : pad.strokes) {
        pts.clear();
        // Points under half a pixel apart left out: a segment of no length has no direction to join.
        for (const dl::PadPoint& p : stroke.points) {
            const ImVec2 at(origin.x + p.x * side, origin.y + p.y * side);
            if (pts.empty() || std::fabs(at.x - pts.back().x) + std::fabs(at.y - pts.back().y) >= 0.5f)
                pts.push_back(at);
        }
        if (!pts.empty()) stroke_paint(draw, pts, stroke.radius * side);
    }
    draw->AddRect(origin, ImVec2(origin.x + side, origin.y + side), ImGui::GetColorU32(ImGuiCol_Border));
}

// The pad with its brush size, Undo and Clear below, `side` wide.
void pad_column(AppState& s, float side) {
    Pad& pad = s.pad;
    ImGui::BeginGroup();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("pad", ImVec2(side, side));
    rect_record(s, "pad");
    pad_input(pad, origin, side);
    pad_paint(pad, origin, side);

    const float slider_w = side - ImGui::CalcTextSize("Brush").x - ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetNextItemWidth(slider_w);
    int brush = pad.brush;
    if (ImGui::SliderInt("Brush", &brush, kBrushMin, kBrushMax)) pad_brush_set(pad, brush);
    rect_record(s, "brush");
    s.rects["brush"][2] = slider_w;  // the slider without its label: a click at a fraction of it sets that value
    item_tooltip("Width of new strokes (keys [ and ])");

    const float button_w = (side - ImGui::GetStyle().ItemSpacing.x) / 2;
    ImGui::BeginDisabled(pad.strokes.empty());
    if (ImGui::Button("Undo", ImVec2(button_w, 0))) pad_undo(pad);
    rect_record(s, "undo_pad");
    item_tooltip("Remove the last stroke (Ctrl+Z)");
    ImGui::SameLine();
    if (ImGui::Button("Clear", ImVec2(button_w, 0))) pad_clear(pad);
    rect_record(s, "clear_pad");
    item_tooltip("Remove all strokes (Delete or C)");
    ImGui::EndDisabled();
    ImGui::EndGroup();
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

void probability_bars(AppState& s) {
    const Pad& pad = s.pad;
    ImGui::BeginGroup();
    if (!s.model.present) {
        text_hint("Train a model first: the prediction appears here while you draw.");
    } else {
        if (!pad.has_ink) text_hint("Draw a digit in the black square.");
        for (int c = 0; c < dl::kClasses; ++c) {
            char overlay[32];
            std::snprintf(overlay, sizeof overlay, "%d: %.1f%%", c, pad.probs[c] * 100.0);
            const bool best = c == pad.prediction;
            if (best) ImGui::PushStyleColor(ImGuiCol_PlotHistogram, IM_COL32(80, 200, 120, 255));
            ImGui::ProgressBar(pad.probs[c], ImVec2(-1, 0), overlay);
            if (best) ImGui::PopStyleColor();
        }
    }
    ImGui::EndGroup();
    rect_record(s, "probabilities");
}

}  // namespace

void panel_draw(AppState& s) {
    static DigitStrip input_strip;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = style.ItemSpacing.x;
    const float row = ImGui::GetFrameHeightWithSpacing();
    const float column_w = std::max(84.f * s.ui_scale, ImGui::GetFontSize() * 7);
    const float controls_h = 2 * row;                        // brush; Undo and Clear
    const float bars_h = float(dl::kClasses + 1) * row;      // a hint and the bars
    const float bars_min_w = ImGui::GetFontSize() * 12;
    const ImVec2 room = ImGui::GetContentRegionAvail();
    const bool bars_beside = room.x > 1.4f * room.y;
    const float fit = bars_beside ? std::min(room.y - controls_h, room.x - column_w - bars_min_w - 2 * gap)
                                  : std::min(room.x - column_w - gap,
                                             std::max(room.y - controls_h - bars_h, room.y * 0.5f));
    const float side = std::max(120.f * s.ui_scale, std::floor(fit));

    pad_column(s, side);
    ImGui::SameLine();
    prediction_column(s.pad, input_strip, column_w);
    if (bars_beside) ImGui::SameLine();
    probability_bars(s);
    panel_inside(s);  // below everything: it is long
}

}  // namespace app
