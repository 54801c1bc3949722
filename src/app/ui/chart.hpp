// Small charts drawn with ImDrawList: per-epoch line charts and bar charts. Each is one ImGui item.
#pragma once
#include <imgui.h>

#include <vector>

#include "state/app_state.hpp"  // ChartView

namespace app {

struct ChartSeries {
    const char* name;
    ImU32 color;
    std::vector<float> values;  // values[i] belongs to epoch i + 1, or to xs[i] when xs is given
    std::vector<float> xs = {};
};

// Lines over x in [x_min, x_max] (or the view's part of it), with axes, tick labels and a legend. With
// `unit_range` the y axis is 0..1 (accuracies, labelled in %); otherwise 0..the largest value shown. With
// `dots`, a dot marks each point. `view` (may be null: a fixed chart) is where the zoom and pan are kept.
void chart_lines(const char* title, const std::vector<ChartSeries>& series, float x_min, float x_max,
                 bool unit_range, bool dots, ImVec2 size, ChartView* view);

// chart_lines over epochs 1..max(epochs, values), a dot per epoch.
void chart_epochs(const char* title, const std::vector<ChartSeries>& series, int epochs, bool unit_range,
                  ImVec2 size, ChartView* view = nullptr);

// Vertical bars with their index below and value above (class counts).
void chart_bars(const int* values, int count, ImVec2 size);

}  // namespace app
