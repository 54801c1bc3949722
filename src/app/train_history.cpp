// The results part of the Model & training panel: loss and accuracy per epoch, as charts and a table.
#include <imgui.h>

#include <limits>

#include "chart.hpp"
#include "ui.hpp"

namespace app {

namespace {

constexpr ImU32 kTrainColor = IM_COL32(90, 160, 255, 255);
constexpr ImU32 kValColor = IM_COL32(255, 170, 60, 255);

void history_charts(const Training& t, float height) {
    ChartSeries loss[2] = {{"train", kTrainColor, {}}, {"val", kValColor, {}}};
    ChartSeries acc[2] = {{"train", kTrainColor, {}}, {"val", kValColor, {}}};
    const float none = std::numeric_limits<float>::quiet_NaN();  // no validation rows: nothing to draw
    for (const dl::EpochStats& e : t.history) {
        const bool validated = e.validation.count > 0;
        loss[0].values.push_back(e.train_loss);
        loss[1].values.push_back(validated ? e.validation.loss : none);
        acc[0].values.push_back(e.train_accuracy);
        acc[1].values.push_back(validated ? e.validation.accuracy : none);
    }
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float w = (ImGui::GetContentRegionAvail().x - gap) / 2;
    chart_epochs("Loss", {loss[0], loss[1]}, t.epochs, false, ImVec2(w, height));
    ImGui::SameLine();
    chart_epochs("Accuracy", {acc[0], acc[1]}, t.epochs, true, ImVec2(w, height));
}

void history_table(const Training& t) {
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_SizingStretchSame;
    if (!ImGui::BeginTable("epochs", 6, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"Epoch", "Train loss", "Train acc", "Val loss", "Val acc", "Time"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const dl::EpochStats& e : t.history) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", e.epoch);
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", e.train_loss);
        ImGui::TableNextColumn();
        ImGui::Text("%.2f%%", e.train_accuracy * 100.0);
        ImGui::TableNextColumn();
        if (e.validation.count > 0) ImGui::Text("%.4f", e.validation.loss);
        ImGui::TableNextColumn();
        if (e.validation.count > 0) ImGui::Text("%.2f%%", e.validation.accuracy * 100.0);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f s", e.seconds);
    }
    ImGui::EndTable();
}

}  // namespace

void train_history(const Training& t) {
    history_charts(t, ImGui::GetFontSize() * 11.5f);  // 150 pixels at UI scale 1
    history_table(t);
}

}  // namespace app
