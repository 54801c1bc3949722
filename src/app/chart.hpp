// Small charts drawn with ImDrawList: per-epoch line charts and bar charts. Each is one ImGui item.
#pragma once
#include <imgui.h>

#include <vector>

namespace app {

struct ChartSeries {
    const char* name;
    ImU32 color;
    std::vector<float> values;  // values[i] belongs to epoch i + 1
};

// Lines over epochs 1..max(epochs, values), with axes, tick labels and a legend. With `unit_range` the y
// axis is 0..1 (accuracies, labelled in %); otherwise 0..the largest value (losses).
void chart_epochs(const char* title, const std::vector<ChartSeries>& series, int epochs, bool unit_range,
                  ImVec2 size);

// Vertical bars with their index below and value above (class counts).
void chart_bars(const int* values, int count, ImVec2 size);

}  // namespace app
