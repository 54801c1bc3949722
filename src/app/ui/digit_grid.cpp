#include "digit_grid.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/evaluation.hpp"

namespace app {

namespace {
constexpr ImU32 kRight = IM_COL32(80, 200, 120, 255);
constexpr ImU32 kWrong = IM_COL32(235, 80, 70, 255);
constexpr ImU32 kTruth = IM_COL32(255, 170, 60, 255);
}  // namespace

int digit_grid(const DigitStrip& strip, int count, int per_row, float min_side, float max_side,
               const std::function<void(int i, float side)>& caption) {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float width = ImGui::GetContentRegionAvail().x;
    per_row = std::clamp(int((width + gap) / (min_side + gap)), 1, std::max(per_row, 1));
    const float side = std::clamp((width - gap * float(per_row - 1)) / float(per_row), 1.f, max_side);
    int hovered = -1;
    for (int i = 0; i < std::min(count, strip.count()); ++i) {
        if (i % per_row) ImGui::SameLine();
        ImGui::BeginGroup();
        strip.strip_image(i, side);
        if (ImGui::IsItemHovered()) hovered = i;
        caption(i, side);
        ImGui::EndGroup();
    }
    return hovered;
}

void text_centered(const char* text, float width, bool dim) {
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.f, (width - ImGui::CalcTextSize(text).x) / 2));
    if (dim)
        ImGui::TextDisabled("%s", text);
    else
        ImGui::TextUnformatted(text);
}

void probs_bars(const float* probs, int truth, int predicted, float width, float height) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(width, height));
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg));
    const float slot = width / dl::kClasses;
    for (int c = 0; c < dl::kClasses; ++c) {
        const ImU32 color = c == predicted ? (truth < 0 || truth == predicted ? kRight : kWrong)
                            : c == truth   ? kTruth
                                           : ImGui::GetColorU32(ImGuiCol_PlotLines);
        const float top = origin.y + height * (1 - std::clamp(probs[c], 0.f, 1.f));
        draw->AddRectFilled(ImVec2(origin.x + slot * c + 0.5f, std::min(top, origin.y + height - 1)),
                            ImVec2(origin.x + slot * (c + 1) - 0.5f, origin.y + height), color);
    }
}

void prediction_tooltip(int line, int truth, const float* probs) {
    const int predicted = dl::probs_argmax(probs);
    ImGui::BeginTooltip();
    if (line > 0) ImGui::Text("train.csv line %d", line);
    ImGui::Text("label %d, predicted %d (%.1f%%)", truth, predicted, probs[predicted] * 100.0);
    for (int c = 0; c < dl::kClasses; ++c) {
        char overlay[32];
        std::snprintf(overlay, sizeof overlay, "%d: %.1f%%", c, probs[c] * 100.0);
        const ImU32 color = c == predicted ? (c == truth ? kRight : kWrong) : c == truth ? kTruth : 0;
        if (color) ImGui::PushStyleColor(ImGuiCol_PlotHistogram, color);
        ImGui::ProgressBar(probs[c], ImVec2(180, 0), overlay);
        if (color) ImGui::PopStyleColor();
    }
    ImGui::EndTooltip();
}

}  // namespace app
