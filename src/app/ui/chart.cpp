#include "chart.hpp"

#include <imgui_internal.h>  // SetItemUsingMouseWheel

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

namespace {

// Wheel zoom (around the pointer), drag pan and double-click reset of `view` over the last item, the plot
// spanning screen x [lo, hi] for the data range [x_min, x_max].
void chart_interact(ChartView& view, float lo, float hi, float x_min, float x_max) {
    if (!ImGui::IsItemHovered() && !ImGui::IsItemActive()) return;
    ImGui::SetItemUsingMouseWheel();  // the wheel zooms here instead of scrolling the panel
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
        view = ChartView{};
        return;
    }
    float x0 = view.zoomed() ? view.x0 : x_min, x1 = view.zoomed() ? view.x1 : x_max;
    const float per_px = (x1 - x0) / std::max(hi - lo, 1.f);
    if (io.MouseWheel != 0 && ImGui::IsItemHovered()) {
        const float at = x0 + (std::clamp(io.MousePos.x, lo, hi) - lo) * per_px;
        const float k = std::pow(0.8f, io.MouseWheel);  // up: closer
        const float min_span = (x_max - x_min) / 1000;
        const float span = std::clamp((x1 - x0) * k, min_span, x_max - x_min);
        x0 = at - (at - x0) * span / (x1 - x0);
        x1 = x0 + span;
    }
    if (ImGui::IsItemActive() && io.MouseDelta.x != 0) {
        x0 -= io.MouseDelta.x * per_px;
        x1 -= io.MouseDelta.x * per_px;
    }
    // Keep inside the data; all of it shown is no zoom.
    const float span = x1 - x0;
    x0 = std::clamp(x0, x_min, x_max - span);
    view = span >= (x_max - x_min) * 0.999f ? ChartView{} : ChartView{x0, x0 + span};
}

// A line's points (in screen space, x ascending) reduced to what the plot shows: those inside [left, right]
// and one on either side, and at most two per pixel column, the column's highest and lowest in their order,
// which draws the same picture. A long training's live curve has a point per progress report, tens of
// thousands, and each would cost every frame tessellation and (without a GPU) rasterizing.
std::vector<ImVec2> points_thin(const std::vector<ImVec2>& pts, float left, float right) {
    if (pts.size() < 3) return pts;
    size_t begin = 0, end = pts.size();
    while (begin + 1 < end && pts[begin + 1].x < left) ++begin;
    while (end - 1 > begin + 1 && pts[end - 2].x > right) --end;
    std::vector<ImVec2> out;
    for (size_t i = begin; i < end;) {
        const float column = std::floor(pts[i].x);
        size_t high = i, low = i, j = i;
        for (; j < end && std::floor(pts[j].x) == column; ++j) {
            if (pts[j].y < pts[high].y) high = j;  // screen y grows downwards
            if (pts[j].y > pts[low].y) low = j;
        }
        out.push_back(pts[std::min(high, low)]);
        if (high != low) out.push_back(pts[std::max(high, low)]);
        i = j;
    }
    return out;
}

}  // namespace

void chart_lines(const char* title, const std::vector<ChartSeries>& series, float x_min, float x_max,
                 bool unit_range, bool dots, ImVec2 size, ChartView* view) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(title, size);
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
    if (hi.x - lo.x < 20 || hi.y - lo.y < 20 || !(x_max > x_min)) return;
    if (view) chart_interact(*view, lo.x, hi.x, x_min, x_max);
    const float x0 = view && view->zoomed() ? view->x0 : x_min, x1 = view && view->zoomed() ? view->x1 : x_max;
    const auto x_of = [](const ChartSeries& s, size_t i) { return s.xs.empty() ? float(i + 1) : s.xs[i]; };

    float top = 0;  // of what is shown
    for (const ChartSeries& s : series)
        for (size_t i = 0; i < s.values.size(); ++i)
            if (std::isfinite(s.values[i]) && x_of(s, i) >= x0 && x_of(s, i) <= x1) top = std::max(top, s.values[i]);
    top = unit_range ? 1.f : (top > 0 ? top * 1.1f : 1.f);
    const auto to_screen = [&](float x, float v) {
        return ImVec2(lo.x + (x - x0) / (x1 - x0) * (hi.x - lo.x),
                      hi.y - std::clamp(v / top, 0.f, 1.f) * (hi.y - lo.y));
    };

    // Axes with grid lines and labels.
    char label[16];
    const float y_step = tick_step(top, 4);
    for (float v = 0; v <= top * 1.0001f; v += y_step) {
        const float y = to_screen(x0, v).y;
        draw->AddLine(ImVec2(lo.x, y), ImVec2(hi.x, y), ImGui::GetColorU32(ImGuiCol_Border));
        if (unit_range)
            std::snprintf(label, sizeof label, "%.0f%%", v * 100);
        else
            std::snprintf(label, sizeof label, "%.2g", v);
        const float w = ImGui::CalcTextSize(label).x;
        draw->AddText(ImVec2(lo.x - w - 4, y - line_h / 2), dim_color(), label);
    }
    // x labels at multiples of the step (whole epochs unless zoomed in closer).
    // About one label per four characters' width, at most six (dots: a point per epoch, whole epochs only).
    const int x_ticks = std::clamp(int((hi.x - lo.x) / (4 * ImGui::GetFontSize())), 2, 6);
    const float x_step = std::max(tick_step(x1 - x0, x_ticks), dots ? 1.f : 0.f);
    for (float x = std::ceil(x0 / x_step) * x_step; x <= x1 * 1.0001f; x += x_step) {
        const float sx = to_screen(x, 0).x;
        std::snprintf(label, sizeof label, "%g", x);
        const float w = ImGui::CalcTextSize(label).x;
        draw->AddText(ImVec2(sx - w / 2, hi.y + 3), dim_color(), label);
    }
    draw->AddLine(lo, ImVec2(lo.x, hi.y), dim_color());
    draw->AddLine(ImVec2(lo.x, hi.y), hi, dim_color());

    // Series, clipped to the plot area: a line, with a dot per point if asked (a single point is only a dot).
    draw->PushClipRect(ImVec2(lo.x - 3, lo.y - 3), ImVec2(hi.x + 3, hi.y + 3), true);
    for (const ChartSeries& s : series) {
        std::vector<ImVec2> pts;
        for (size_t i = 0; i < s.values.size(); ++i)
            if (std::isfinite(s.values[i])) pts.push_back(to_screen(x_of(s, i), s.values[i]));
        if (!dots) pts = points_thin(pts, lo.x, hi.x);
        draw->AddPolyline(pts.data(), int(pts.size()), s.color, 0, (dots ? 2.f : 1.5f) * k);
        if (dots || pts.size() == 1)
            for (const ImVec2& p : pts) draw->AddCircleFilled(p, 2.5f * k, s.color);
    }
    draw->PopClipRect();

    // Legend, top right: a colour swatch and the name per named series.
    float x = hi.x;
    for (auto it = series.rbegin(); it != series.rend(); ++it) {
        if (!*it->name) continue;  // shown elsewhere (the comparison's checkboxes)
        x -= ImGui::CalcTextSize(it->name).x;
        draw->AddText(ImVec2(x, origin.y + 4), text_color(), it->name);
        x -= 14;
        const float mid = origin.y + 4 + line_h / 2;
        draw->AddRectFilled(ImVec2(x, mid - 2), ImVec2(x + 10, mid + 2), it->color);
        x -= 12;
    }
}

void chart_epochs(const char* title, const std::vector<ChartSeries>& series, int epochs, bool unit_range,
                  ImVec2 size, ChartView* view) {
    int points = 0;
    for (const ChartSeries& s : series) points = std::max(points, int(s.values.size()));
    chart_lines(title, series, 1, float(std::max({epochs, points, 2})), unit_range, true, size, view);
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
