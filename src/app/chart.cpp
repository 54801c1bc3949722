#include "chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace app {

namespace {

// A "nice" step (1, 2 or 5 times a power of ten) giving about `ticks` intervals over `range`.
float tick_step(float range, int ticks) {
    const float raw = range / float(ticks);
    const float p = std::pow(10.f, std::floor(std::log10(raw)));
    const float m = raw / p;
    return (m < 1.5f ? 1.f : m < 3.5f ? 2.f : m < 7.5f ? 5.f : 10.f) * p;
}

ImU32 text_color() { return ImGui::GetColorU32(ImGuiCol_Text); }
ImU32 dim_color() { return ImGui::GetColorU32(ImGuiCol_TextDisabled); }

}  // namespace

void chart_epochs(const char* title, const std::vector<ChartSeries>& series, int epochs, bool unit_range,
                  ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line_h = ImGui::GetTextLineHeight();
    draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y),
                        ImGui::GetColorU32(ImGuiCol_FrameBg));
    draw->AddText(ImVec2(origin.x + 6, origin.y + 4), text_color(), title);

    // The plot area leaves room for the title above and tick labels left and below (more with a larger
    // UI scale: k is 1 at the base font size).
    const float k = ImGui::GetFontSize() / 13.f;
    const ImVec2 lo(origin.x + 44 * k, origin.y + line_h + 12 * k);
    const ImVec2 hi(origin.x + size.x - 10 * k, origin.y + size.y - line_h - 8 * k);
    if (hi.x - lo.x < 20 || hi.y - lo.y < 20) return;

    int points = 0;
    float top = 0;
    for (const ChartSeries& s : series) {
        points = std::max(points, int(s.values.size()));
        for (float v : s.values)
            if (std::isfinite(v)) top = std::max(top, v);
    }
    const int x_max = std::max({epochs, points, 2});
    top = unit_range ? 1.f : (top > 0 ? top * 1.1f : 1.f);
    const auto to_screen = [&](float epoch, float v) {
        return ImVec2(lo.x + (epoch - 1) / float(x_max - 1) * (hi.x - lo.x),
                      hi.y - std::clamp(v / top, 0.f, 1.f) * (hi.y - lo.y));
    };

    // Axes with grid lines and labels.
    char label[16];
    const float y_step = tick_step(top, 4);
    for (float v = 0; v <= top * 1.0001f; v += y_step) {
        const float y = to_screen(1, v).y;
        draw->AddLine(ImVec2(lo.x, y), ImVec2(hi.x, y), ImGui::GetColorU32(ImGuiCol_Border));
        if (unit_range)
            std::snprintf(label, sizeof label, "%.0f%%", v * 100);
        else
            std::snprintf(label, sizeof label, "%.2g", v);
        const float w = ImGui::CalcTextSize(label).x;
        draw->AddText(ImVec2(lo.x - w - 4, y - line_h / 2), dim_color(), label);
    }
    // Epoch labels at multiples of the step, and at 1 where that leaves room (steps of 4 and more).
    const int x_step = std::max(1, int(tick_step(float(x_max - 1), 6)));
    for (int e = x_step >= 4 ? 1 : x_step; e <= x_max; e = (e / x_step + 1) * x_step) {
        const float x = to_screen(float(e), 0).x;
        std::snprintf(label, sizeof label, "%d", e);
        const float w = ImGui::CalcTextSize(label).x;
        draw->AddText(ImVec2(x - w / 2, hi.y + 3), dim_color(), label);
    }
    draw->AddLine(lo, ImVec2(lo.x, hi.y), dim_color());
    draw->AddLine(ImVec2(lo.x, hi.y), hi, dim_color());

    // Series: a line with a dot per epoch (a single epoch is only a dot).
    for (const ChartSeries& s : series) {
        std::vector<ImVec2> pts;
        for (size_t i = 0; i < s.values.size(); ++i)
            if (std::isfinite(s.values[i])) pts.push_back(to_screen(float(i + 1), s.values[i]));
        draw->AddPolyline(pts.data(), int(pts.size()), s.color, 0, 2.f * k);
        for (const ImVec2& p : pts) draw->AddCircleFilled(p, 2.5f * k, s.color);
    }

    // Legend, top right: a colour swatch and the name per series.
    float x = hi.x;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        x -= ImGui::CalcTextSize(it->name).x;
        draw->AddText(ImVec2(x, origin.y + 4), text_color(), it->name);
        x -= 14;
        const float mid = origin.y + 4 + line_h / 2;
        draw->AddRectFilled(ImVec2(x, mid - 2), ImVec2(x + 10, mid + 2), it->color);
        x -= 12;
    }
}

void chart_bars(const int* values, int count, ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Dummy(size);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float line_h = ImGui::GetTextLineHeight();
    const int top = std::max(1, *std::max_element(values, values + count));
    const float slot = size.x / float(count);
    const float base = origin.y + size.y - line_h - 2;   // bars stand on this line, the index below it
    const float room = base - (origin.y + line_h + 2);   // the value label goes above the tallest bar
    char label[16];
    for (int i = 0; i < count; ++i) {
        const float x0 = origin.x + slot * float(i) + 3, x1 = origin.x + slot * float(i + 1) - 3;
        const float y = base - room * float(values[i]) / float(top);
        draw->AddRectFilled(ImVec2(x0, y), ImVec2(x1, base), ImGui::GetColorU32(ImGuiCol_PlotHistogram));
        std::snprintf(label, sizeof label, "%d", values[i]);
        float w = ImGui::CalcTextSize(label).x;
        draw->AddText(ImVec2((x0 + x1 - w) / 2, y - line_h - 1), dim_color(), label);
        std::snprintf(label, sizeof label, "%d", i);
        w = ImGui::CalcTextSize(label).x;
        draw->AddText(ImVec2((x0 + x1 - w) / 2, base + 2), text_color(), label);
    }
}

}  // namespace app
